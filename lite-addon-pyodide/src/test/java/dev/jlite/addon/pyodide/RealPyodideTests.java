package dev.jlite.addon.pyodide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.LiteTestKit;
import dev.jlite.testkit.TestArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real Pyodide distributions from npm (core only), in every form the addon takes. */
@Tag("e2e")
class RealPyodideTests {

    static final String URL = PyodideAddonTests.URL;

    /** The npm tarball that scripts/fetch-assets.sh cached. */
    static byte[] npmTarball(String version) throws IOException {
        Path dir = Path.of(System.getProperty("jlite.repo.root", "..")).resolve(".cache/assets/pyodide-" + version);
        try (Stream<Path> s = Files.list(dir)) {
            Path tgz = s.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow(() ->
                    new AssertionError("no pyodide " + version + " tarball in " + dir + "; run scripts/fetch-assets.sh"));
            return Files.readAllBytes(tgz);
        }
    }

    /** The package's files moved from {@code package/} to {@code prefix}. */
    static Map<String, byte[]> files(byte[] npm, String prefix) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        TestArchives.readTgz(npm).forEach((name, bytes) -> out.put(prefix + name.substring("package/".length()), bytes));
        return out;
    }

    /** What a site hosts of a distribution: all but Pyodide's console pages, which load jQuery from a CDN. */
    static int hostedCount(Map<String, byte[]> files) {
        return (int) files.keySet().stream().filter(f -> !f.matches("console.*\\.html")).count();
    }

    private static void check(LiteRun run, String entry, String index, int files) {
        assertTrue(run.ok(), run::report);
        assertTrue(run.files().stream().noneMatch(f -> f.matches("static/pyodide/console.*")), "no console pages");
        assertEquals("./static/pyodide/" + entry, run.json("jupyter-lite.json").at(URL).asString());
        assertTrue(run.exists("static/pyodide/" + entry));
        assertTrue(run.exists("static/pyodide/" + index));
        assertTrue(run.exists("static/pyodide/pyodide.asm.wasm"));
        assertEquals(files, run.files().stream().filter(f -> f.startsWith("static/pyodide/")).count());
    }

    @ParameterizedTest
    @CsvSource({"0.22.1, pyodide.js, repodata.json", "0.27.7, pyodide.js, pyodide-lock.json", "314.0.7, pyodide.mjs, pyodide-lock.json"})
    void eachFormOfARealDistribution(String version, String entry, String index) throws IOException {
        byte[] npm = npmTarball(version);
        int count = hostedCount(files(npm, ""));
        assertTrue(count < files(npm, "").size(), "each real distribution has a console page");

        LiteTestKit tarball = PyodideAddonTests.kit().liteFile("pyodide-" + version + ".tar.bz2",
                TestArchives.tarBz2(files(npm, "pyodide/"))).arg("PyodideAddon", "pyodide_url", "pyodide-" + version + ".tar.bz2");
        LiteRun fromTarball = tarball.run(Command.BUILD);
        check(fromTarball, entry, index, count);

        LiteTestKit folder = PyodideAddonTests.kit();
        files(npm, "dist/").forEach(folder::liteFile);
        LiteRun fromFolder = folder.arg("PyodideAddon", "pyodide_url", "dist").run(Command.BUILD);
        check(fromFolder, entry, index, count);
        assertEquals(fromTarball.tree(), fromFolder.tree());

        LiteTestKit parent = PyodideAddonTests.kit();
        files(npm, "outer/pyodide/").forEach(parent::liteFile);
        LiteRun fromParent = parent.arg("PyodideAddon", "pyodide_url", "outer").run(Command.BUILD);
        assertEquals(fromTarball.tree(), fromParent.tree());

        // A second site from the same tarball: status already reports the cache hit, and nothing is unpacked again.
        Path unpacked = tarball.fileSystem().getPath("/home/tester/.cache/jlite/unpacked");
        List<Path> before = list(unpacked);
        tarball.option("output_dir", "/work/second");
        LiteRun status = tarball.run(Command.STATUS);
        assertTrue(status.diagnostics().stream().anyMatch(d -> d.render().startsWith("source: pyodide-" + version
                + ".tar.bz2 (in the cache, unpacked once: ")), status::report);
        check(tarball.run(Command.BUILD), entry, index, count);
        assertEquals(before, list(unpacked));
    }

    @ParameterizedTest
    @CsvSource({"0.22.1, pyodide.js, repodata.json", "0.27.7, pyodide.js, pyodide-lock.json", "314.0.7, pyodide.mjs, pyodide-lock.json"})
    void npmPyodideThroughTheNpmClient(String version, String entry, String index) throws IOException {
        LiteRun run = PyodideAddonTests.kit().online()
                .env("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))
                .env("HOME", System.getProperty("user.home"))
                .option("cache_dir", "/cache")
                .arg("PyodideAddon", "pyodide_url", "npm:pyodide@" + version)
                .run(Command.BUILD);
        check(run, entry, index, hostedCount(files(npmTarball(version), "")));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
