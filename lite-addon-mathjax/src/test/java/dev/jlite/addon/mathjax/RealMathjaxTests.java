package dev.jlite.addon.mathjax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.LiteTestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** MathJax 2 from npm (through the npm client) and from Debian's libjs-mathjax, against the copy the jar carries. */
@Tag("e2e")
class RealMathjaxTests {

    static final Path DEBIAN = Path.of("/usr/share/javascript/mathjax");

    private static List<String> hosted(LiteRun run) {
        assertTrue(run.ok(), run::report);
        return run.tree().stream().filter(l -> l.substring(66).startsWith("static/mathjax/")).toList();
    }

    @Test
    void npmMathjaxGivesTheSameTrimmedSetAsTheEmbeddedCopy() {
        List<String> embedded = hosted(MathjaxAddonTests.kit().run(Command.BUILD));
        List<String> npm = hosted(MathjaxAddonTests.kit().online()
                .env("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))
                .env("HOME", System.getProperty("user.home"))
                .option("cache_dir", "/cache")
                .arg("MathjaxAddon", "mathjax_url", "npm:mathjax@2.7.9").run(Command.BUILD));
        assertEquals(embedded, npm);
        assertTrue(embedded.size() > 100, "files: " + embedded.size());
    }

    @Test
    void debiansLibjsMathjaxWorksAsAFolder() throws IOException {
        assertTrue(Files.isRegularFile(DEBIAN.resolve("MathJax.js")), "install Debian's libjs-mathjax (.ci/run does)");
        LiteTestKit kit = MathjaxAddonTests.kit();
        try (Stream<Path> files = Files.walk(DEBIAN)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                kit.liteFile("debian-mathjax/" + DEBIAN.relativize(f), Files.readAllBytes(f));
            }
        }
        LiteRun run = kit.option("mathjax_dir", "debian-mathjax").run(Command.BUILD);
        List<String> files = hosted(run).stream().map(l -> l.substring(66 + "static/mathjax/".length())).toList();
        for (String f : List.of("MathJax.js", "config/TeX-AMS-MML_HTMLorMML-full.js", "config/Safe.js", "jax/input/TeX/config.js")) {
            assertTrue(files.contains(f), f);
        }
        LiteRun check = kit.option("mathjax_dir", "debian-mathjax").run(Command.CHECK);
        assertTrue(check.ok(), check::report);
    }
}
