package dev.jlite.addon.piplite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import dev.jlite.testkit.CommandRun;
import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.LiteTestKit;
import dev.jlite.testkit.TestArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Real wheels: what the reference indexed, Debian's, and ones jlite must leave out. */
@Tag("e2e")
class RealWheelsTests {

    static final Path ASSETS = Path.of(System.getProperty("jlite.repo.root", "..")).resolve(".cache/assets");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Map<String, byte[]> npmFiles(String asset) throws IOException {
        try (Stream<Path> s = Files.list(ASSETS.resolve(asset))) {
            Path tgz = s.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + asset + " in " + ASSETS + "; run scripts/fetch-assets.sh"));
            return TestArchives.readTgz(Files.readAllBytes(tgz));
        }
    }

    /** An all.json without the fields that depend on when a file was made. */
    static JsonNode withoutTimes(JsonNode index) {
        ObjectNode copy = (ObjectNode) index.deepCopy();
        copy.properties().forEach(p -> p.getValue().path("releases").properties().forEach(v -> v.getValue().forEach(f -> {
            ((ObjectNode) f).remove("upload_time");
            ((ObjectNode) f).remove("upload_time_iso_8601");
        })));
        return copy;
    }

    @Test
    void theKernelPackagesWheelsIndexAsItsOwnAllJson() throws IOException {
        LiteRun run = LiteTestKit.addons(new PipliteAddon()).online()
                .env("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))
                .env("HOME", System.getProperty("user.home"))
                .option("cache_dir", "/cache")
                .arg("PipliteAddon", "piplite_urls", "npm:@jupyterlite/pyodide-kernel@0.8.6!/pypi")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        JsonNode theirs = JSON.readTree(npmFiles("pyodide-kernel-0.8.6").get("package/pypi/all.json"));
        assertEquals(withoutTimes(theirs), withoutTimes(run.json("pypi/all.json")));
        assertEquals(5, run.files().stream().filter(f -> f.startsWith("pypi/") && f.endsWith(".whl")).count());
    }

    @Test
    void galaxysWheelsIndexAsItsAllJsonButForItsStaleEntry() throws IOException {
        Path pypi = ASSETS.resolve("galaxy-app/package/static/dist/_output/pypi");
        LiteTestKit kit = LiteTestKit.addons(new PipliteAddon());
        try (Stream<Path> s = Files.list(pypi)) {
            for (Path w : s.filter(p -> p.toString().endsWith(".whl")).toList()) {
                kit.liteFile("pypi/" + w.getFileName(), Files.readAllBytes(w));
            }
        }
        LiteRun run = kit.run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        ObjectNode theirs = (ObjectNode) withoutTimes(JSON.readTree(pypi.resolve("all.json").toFile()));
        ObjectNode ours = (ObjectNode) withoutTimes(run.json("pypi/all.json"));
        theirs.remove("gxy"); // its published digests are stale
        ours.remove("gxy");
        assertEquals(19, theirs.size() + 1);
        assertEquals(theirs, ours);
    }

    @Test
    void pipliteIndexOfGalaxysWheelsWritesTheSameIndexAsTheBuild() throws IOException {
        Path pypi = ASSETS.resolve("galaxy-app/package/static/dist/_output/pypi");
        LiteTestKit kit = LiteTestKit.addons(new PipliteAddon());
        try (Stream<Path> s = Files.list(pypi)) {
            for (Path w : s.filter(p -> p.toString().endsWith(".whl")).toList()) {
                kit.liteFile("wheels/" + w.getFileName(), Files.readAllBytes(w));
                kit.liteFile("pypi/" + w.getFileName(), Files.readAllBytes(w));
            }
        }
        CommandRun index = kit.command("piplite", "index", "site/wheels");
        assertEquals(0, index.exitCode(), index::toString);
        LiteRun run = kit.run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        JsonNode ours = JSON.readTree(Files.readAllBytes(kit.liteDir().resolve("wheels/all.json")));
        assertEquals(withoutTimes(run.json("pypi/all.json")), withoutTimes(ours));
        assertEquals(19, ours.size());
    }

    @Test
    void installOnImportNamesWhatRealWheelsProvide() throws IOException {
        byte[] setuptools = Files.readAllBytes(Path.of("/usr/share/python-wheels/setuptools-66.1.1-py3-none-any.whl"));
        byte[] jupyterCore = Files.readAllBytes(ASSETS.resolve("galaxy-app/package/static/dist/_output/pypi/jupyter_core-5.9.1-py3-none-any.whl"));
        Map<String, byte[]> stlite = npmFiles("stlite-1.9.2");
        LiteTestKit kit = LiteTestKit.addons(new PipliteAddon(), PipliteAddonTests.fakePyodide(true))
                .liteFile("pypi/setuptools-66.1.1-py3-none-any.whl", setuptools)
                .liteFile("pypi/jupyter_core-5.9.1-py3-none-any.whl", jupyterCore)
                .liteFile("pypi/streamlit-1.62.0-cp313-none-any.whl", stlite.get("package/build/wheels/streamlit-1.62.0-cp313-none-any.whl"))
                .arg("PipliteAddon", "install_on_import", "true");
        LiteRun run = kit.run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        JsonNode packages = run.json("static/pyodide/pyodide-lock.json").at("/packages");
        assertEquals("[\"_distutils_hack\",\"debian\",\"pkg_resources\",\"setuptools\"]", packages.at("/setuptools/imports").toString());
        assertEquals("[\"jupyter\",\"jupyter_core\"]", packages.at("/jupyter-core/imports").toString());
        assertEquals("[\"platformdirs\",\"traitlets\"]", packages.at("/jupyter-core/depends").toString(),
                "pywin32 is for win32 only");
        assertTrue(packages.at("/streamlit").isMissingNode());
        assertEquals(List.of("/work/site/pypi/streamlit-1.62.0-cp313-none-any.whl is left out: it is tagged cp313-none-any, for one "
                + "CPython version only; Pyodide takes pure-Python wheels (py3, py2.py3, py3N) and wasm32 ones"),
                run.warnings().stream().filter(w -> w.contains("streamlit")).toList());
    }

    /**
     * The galaxy app as the app: its own 19 wheels are indexed into pypi/all.json as its published index
     * has them (but for gxy's stale digests), and stay when Debian's wheels are added one build at a time;
     * the last incremental build equals a fresh one.
     */
    @Test
    void galaxysOwnWheelsAreIndexedAndKeptAsWheelsAreAdded() throws IOException {
        Path galaxy = ASSETS.resolve("galaxy-app/package/static/dist/_output");
        LiteTestKit kit = galaxyKit(galaxy);
        LiteRun first = kit.run(Command.BUILD);
        assertTrue(first.ok(), first::report);
        ObjectNode theirs = (ObjectNode) withoutTimes(JSON.readTree(galaxy.resolve("pypi/all.json").toFile()));
        ObjectNode ours = (ObjectNode) withoutTimes(first.json("pypi/all.json"));
        assertEquals(19, ours.size());
        assertTrue(ours.at("/gxy/releases/0.0.0/0/digests/sha256").asString().matches("[0-9a-f]{64}"));
        theirs.remove("gxy");
        ours.remove("gxy");
        assertEquals(theirs, ours);
        List<String> appWheels = wheels(galaxy.resolve("pypi"));
        LiteRun last = first;
        List<String> debian = List.of("pip-23.0.1-py3-none-any.whl", "setuptools-66.1.1-py3-none-any.whl");
        for (String w : debian) {
            kit.liteFile("pypi/" + w, Files.readAllBytes(Path.of("/usr/share/python-wheels", w)));
            last = kit.run(Command.BUILD);
            assertTrue(last.ok(), last::report);
            for (String a : appWheels) {
                assertTrue(last.exists("pypi/" + a), a + " is kept");
            }
            assertTrue(last.exists("pypi/" + w));
        }
        assertEquals(21, last.json("pypi/all.json").size());
        LiteTestKit fresh = galaxyKit(galaxy);
        for (String w : debian) {
            fresh.liteFile("pypi/" + w, Files.readAllBytes(Path.of("/usr/share/python-wheels", w)));
        }
        LiteRun clean = fresh.run(Command.BUILD);
        assertTrue(clean.ok(), clean::report);
        assertEquals(clean.tree(), last.tree(), "adding wheels one build at a time gives what a fresh build gives");
    }

    /** A kit whose app is the galaxy site, copied into the kit's file system. */
    private static LiteTestKit galaxyKit(Path galaxy) throws IOException {
        LiteTestKit kit = LiteTestKit.addons(new PipliteAddon()).online().env("SOURCE_DATE_EPOCH", "1700000000");
        Path app = kit.fileSystem().getPath("/work/galaxy");
        try (Stream<Path> s = Files.walk(galaxy)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path to = app.resolve(galaxy.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.write(to, Files.readAllBytes(p));
            }
        }
        return kit.appArchiveSpec(app.toString());
    }

    private static List<String> wheels(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".whl")).sorted().toList();
        }
    }
}
