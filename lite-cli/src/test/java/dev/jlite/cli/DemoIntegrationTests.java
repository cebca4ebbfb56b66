package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The README's demo command, end to end, with the real JupyterLite app from npm. */
@Tag("e2e")
class DemoIntegrationTests {

    @Test
    void theDemoCommandBuildsARealSite(@TempDir Path tmp) throws Exception {
        Path site = tmp.resolve("site");
        String first = demo(tmp, "--output-dir", site.toString(), "--cache-dir", tmp.resolve("cache").toString());
        java.util.regex.Matcher ran = java.util.regex.Pattern.compile("build: (\\d+) tasks ran, 0 up to date").matcher(first);
        assertTrue(ran.find(), first);

        JsonMapper json = JsonMapper.builder().build();
        List<String> apps = new ArrayList<>();
        json.readTree(site.resolve("package.json").toFile()).at("/jupyterlite/apps").forEach(a -> apps.add(a.asString()));
        assertEquals(List.of("lab", "repl", "tree", "edit", "notebooks", "consoles"), apps);
        for (String a : apps) {
            assertTrue(Files.isRegularFile(site.resolve(a).resolve("index.html")), a);
        }
        assertTrue(Files.isRegularFile(site.resolve("index.html")));
        JsonNode config = json.readTree(site.resolve("jupyter-lite.json").toFile());
        assertEquals("jlite demo", config.at("/jupyter-config-data/appName").asString());
        assertEquals("JupyterLab Dark", config.at("/jupyter-config-data/settingsOverrides/@jupyterlab~1apputils-extension:themes/theme").asString());
        assertEquals("0.8.3", config.at("/jupyter-config-data/appVersion").asString(), "the app's own keys stay");
        try (Stream<Path> files = Files.walk(site)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".js.map")), "no_sourcemaps from the demo's config file");
        }
        String second = demo(tmp, "--output-dir", site.toString(), "--cache-dir", tmp.resolve("cache").toString());
        assertTrue(second.startsWith("nothing to do: " + ran.group(1) + " tasks up to date"), second);
    }

    private static String demo(Path tmp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BuiltJars.root().resolve("scripts/demo.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("JLITE_NO_BUILD", "1");
        pb.environment().remove("JLITE_ASSETS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
