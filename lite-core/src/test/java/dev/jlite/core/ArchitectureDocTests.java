package dev.jlite.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/architecture.md stays true: its modules, its phases, its SPI list and every class it names. */
class ArchitectureDocTests {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|record|interface|enum) ([A-Z]\\w*)");
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*");

    private static String doc() throws IOException {
        return Files.readString(ROOT.resolve("docs/architecture.md"));
    }

    private static String section(String doc, String heading) {
        int start = doc.indexOf("\n## " + heading + "\n");
        assertTrue(start >= 0, "docs/architecture.md has a section '" + heading + "'");
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static List<String> code(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theModulesAreThePomsWithTheirJpmsNamesAndCoresExports() throws IOException {
        List<String[]> rows = section(doc(), "Modules").lines().filter(l -> l.startsWith("| `lite-"))
                .map(l -> Arrays.stream(l.split("\\|")).map(String::trim).skip(1).toArray(String[]::new)).toList();
        Set<String> documented = rows.stream().map(r -> r[0].replace("`", "")).collect(Collectors.toCollection(TreeSet::new));
        Matcher m = Pattern.compile("<module>(lite-[^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        Set<String> built = new TreeSet<>();
        while (m.find()) {
            built.add(m.group(1));
        }
        assertEquals(built, documented);
        for (String[] row : rows) {
            String descriptor = Files.readString(ROOT.resolve(row[0].replace("`", "")).resolve("src/main/java/module-info.java"));
            assertTrue(descriptor.contains("module " + row[1].replace("`", "") + " {"), row[0] + " is module " + row[1]);
            Set<String> exports = new TreeSet<>();
            Matcher e = Pattern.compile("(?m)^\\s*exports ([\\w.]+);").matcher(descriptor);
            while (e.find()) {
                exports.add(e.group(1));
            }
            Set<String> said = row[2].equals("nothing") ? Set.of() : new TreeSet<>(code(row[2]));
            assertEquals(exports, said, row[0] + " exports");
        }
    }

    @Test
    void thePhasesAreInTheirOrder() throws IOException {
        String run = section(doc(), "A run");
        String list = run.substring(run.indexOf("Phases, in order:"), run.indexOf("`status`"));
        assertEquals(Arrays.stream(Phase.values()).map(Enum::name).toList(), code(list));
    }

    @Test
    void theSpiListNamesEveryTypeOfTheSpiAndNoOther() throws IOException {
        Set<String> named = code(section(doc(), "The SPI")).stream().filter(t -> TYPE.matcher(t).matches())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> spi = new TreeSet<>();
        Path dir = Path.of("src/main/java/dev/jlite/core/spi");
        for (Path p : List.of(dir, dir.resolve("pyodide"))) {
            try (Stream<Path> files = Files.list(p)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
                        .forEach(n -> spi.add(n.substring(0, n.length() - ".java".length())));
            }
        }
        assertFalse(spi.isEmpty());
        assertEquals(spi, named);
    }

    @Test
    void everyClassItNamesExists() throws IOException {
        Set<String> classes = new TreeSet<>();
        Set<String> configNames = new TreeSet<>();
        Pattern configName = Pattern.compile("public String configName\\(\\) \\{\\s*return \"(\\w+)\";");
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")).toList()) {
                String text = Files.readString(f);
                Matcher declared = DECLARED.matcher(text);
                while (declared.find()) {
                    classes.add(declared.group(1));
                }
                Matcher m = configName.matcher(text);
                while (m.find()) {
                    configNames.add(m.group(1));
                }
            }
        }
        List<String> missing = code(doc()).stream().filter(t -> TYPE.matcher(t).matches())
                .filter(t -> !classes.contains(t) && !configNames.contains(t) && !t.endsWith("Tests"))
                .distinct().toList();
        assertEquals(List.of(), missing, "named in docs/architecture.md, but no such class or configuration class");
        assertTrue(configNames.contains("StaticAddon"), configNames::toString);
    }
}
