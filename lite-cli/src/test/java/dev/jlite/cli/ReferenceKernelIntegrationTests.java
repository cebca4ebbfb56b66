package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference kernel package's own tests (jupyterlite-pyodide-kernel 0.8.3, {@code test_piplite.py} and
 * {@code test_pyodide.py}), case by case, against jlite as {@code jupyter lite} / {@code jupyter piplite}, as
 * {@link ReferenceCoreIntegrationTests} does for the core's. The reference's fixtures are rebuilt from this
 * project's own: its smallest-extension wheel is {@link ReferenceCoreIntegrationTests#smallestExtension}, its
 * Pyodide core 314.0.4 tarball is npm's Pyodide 314.0.7 (from {@code scripts/fetch-assets.sh}), served over
 * loopback for the remote cases, and its installed kernel extension is the demo app's.
 */
@Tag("e2e")
class ReferenceKernelIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WHEEL = "the_smallest_extension-0.1.0-py3-none-any.whl";
    private static final String KERNEL = "@jupyterlite/pyodide-kernel-extension:kernel";

    @TempDir
    static Path shared;
    static Path app;
    /** The reference's {@code PYODIDE_KERNEL_EXTENSION}: the built kernel extension. */
    static Path extension;
    /** {@code FIXTURES}: the wheel, and {@code .pyodide/} with the tarball and, unpacked, {@code pyodide/pyodide/}. */
    static Path fixtures;
    static Path tarball;

    @TempDir
    Path tmp;
    Path lite;

    @BeforeAll
    static void fixtures() throws Exception {
        Path npmPyodide = ReferenceFixtures.asset("pyodide-314.0.7/pyodide-314.0.7.tgz");
        app = ReferenceFixtures.app(shared);
        extension = shared.resolve("labextensions/@jupyterlite/pyodide-kernel-extension");
        ReferenceFixtures.copyTree(app.resolve("extensions/@jupyterlite/pyodide-kernel-extension"), extension);
        fixtures = Files.createDirectories(shared.resolve("fixtures"));
        Files.write(fixtures.resolve(WHEEL), ReferenceCoreIntegrationTests.smallestExtension(true));
        Path dotPyodide = Files.createDirectories(fixtures.resolve(".pyodide/314.0.7"));
        tarball = dotPyodide.resolve("pyodide-314.0.7.tgz");
        Files.copy(npmPyodide, tarball);
        Path distribution = Files.createDirectories(shared.resolve("npm-pyodide"));
        ReferenceFixtures.untar(npmPyodide, distribution);
        ReferenceFixtures.copyTree(distribution.resolve("package"), dotPyodide.resolve("pyodide/pyodide"));
    }

    @BeforeEach
    void anEmptyLiteDir() throws IOException {
        lite = Files.createDirectories(tmp.resolve("a_lite_dir"));
    }

    private InProcess.Ran lite(Path cwd, Map<String, String> env, String... args) {
        return ReferenceFixtures.lite(app, shared.resolve("home"), cwd, env, args);
    }

    // ---- test_piplite.py

    /** The reference's {@code has_wheel_after_build}. */
    private void hasWheelAfterBuild(List<String> cliArgs) throws Exception {
        List<String> build = new ArrayList<>(List.of("build"));
        build.addAll(cliArgs);
        InProcess.Ran built = lite(lite, Map.of(), build.toArray(String[]::new));
        assertEquals(0, built.code(), built::all);
        List<String> check = new ArrayList<>(List.of("check"));
        check.addAll(cliArgs);
        InProcess.Ran checked = lite(lite, Map.of(), check.toArray(String[]::new));
        assertEquals(0, checked.code(), checked::all);
        JsonNode data = JSON.readTree(lite.resolve("_output/jupyter-lite.json").toFile());
        JsonNode urls = data.at("/jupyter-config-data/litePluginSettings").path(KERNEL).path("pipliteUrls");
        assertTrue(urls.isArray() && !urls.isEmpty(), "bad wheel urls");
        assertTrue(Files.isRegularFile(lite.resolve("_output/pypi").resolve(WHEEL)));
        assertTrue(Files.readString(lite.resolve("_output/pypi/all.json")).contains(WHEEL));
    }

    /** {@code test_piplite_urls[<remote>-<folder>-<by_cli>]}, the nine of them. */
    @ParameterizedTest
    @CsvSource({"true,false,0", "true,false,1", "true,false,2", "false,false,0", "false,false,1", "false,false,2",
            "false,true,0", "false,true,1", "false,true,2"})
    void pipliteUrls(boolean remote, boolean folder, int byCli) throws Exception {
        try (SiteServer server = SiteServer.start(fixtures, SiteServer.Options.defaults().withPort(0))) {
            String url;
            if (remote) {
                url = "http://localhost:" + server.port() + "/" + WHEEL;
            } else {
                Files.copy(fixtures.resolve(WHEEL), lite.resolve(WHEEL));
                url = folder ? "." : WHEEL;
            }
            String core = "{\"LiteBuildConfig\": {\"apps\": [\"lab\"], \"ignore_sys_prefix\": true, \"federated_extensions\": [\""
                    + extension + "\"]}";
            List<String> cliArgs = new ArrayList<>();
            if (byCli == 0) {
                Files.writeString(lite.resolve("jupyter_lite_config.json"), core + ", \"PipliteAddon\": {\"piplite_urls\": [\""
                        + url + "\"]}}");
            } else {
                Files.writeString(lite.resolve("jupyter_lite_config.json"), core + "}");
                cliArgs.addAll(List.of("--piplite-wheels", url));
                if (byCli == 2) {
                    cliArgs.addAll(List.of("--piplite-wheels", "."));
                }
            }
            hasWheelAfterBuild(cliArgs);
        }
    }

    /** {@code test_lite_dir_wheel}: a wheel in the lite dir's {@code pypi/}, with no configuration at all. */
    @Test
    void liteDirWheel() throws Exception {
        Files.createDirectories(lite.resolve("pypi"));
        Files.copy(fixtures.resolve(WHEEL), lite.resolve("pypi").resolve(WHEEL));
        hasWheelAfterBuild(List.of());
    }

    /** {@code test_piplite_cli_fail_missing}. */
    @Test
    void pipliteCliFailMissing() {
        InProcess.Ran r = lite(tmp, Map.of(), "piplite", "index", tmp.resolve("missing").toString());
        assertNotEquals(0, r.code(), r::all);
    }

    /** {@code test_piplite_cli_empty}. */
    @Test
    void pipliteCliEmpty() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        InProcess.Ran r = lite(tmp, Map.of(), "piplite", "index", tmp.resolve("empty").toString());
        assertNotEquals(0, r.code(), r::all);
    }

    /** {@code test_piplite_cli_win[True]}, {@code [False]}: in the folder with no argument, or naming it. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void pipliteCliWin(boolean inCwd) throws Exception {
        Path one = Files.createDirectories(tmp.resolve("one"));
        Files.copy(fixtures.resolve(WHEEL), one.resolve(WHEEL));
        InProcess.Ran r = inCwd ? lite(one, Map.of(), "piplite", "index") : lite(tmp, Map.of(), "piplite", "index", one.toString());
        assertEquals(0, r.code(), r::all);
        JsonNode index = JSON.readTree(one.resolve("all.json").toFile());
        assertTrue(index.isObject() && !index.isEmpty(), index::toString);
    }

    /** {@code test_validate_config[jupyter-lite.ipynb]}, {@code [jupyter-lite.json]}. */
    @ParameterizedTest
    @ValueSource(strings = {"jupyter-lite.ipynb", "jupyter-lite.json"})
    void validateConfig(String name) throws Exception {
        Path config = lite.resolve(name);
        InProcess.Ran build = lite(lite, Map.of(), "build");
        assertEquals(0, build.code(), build::all);
        Files.copy(lite.resolve("_output").resolve(name), config);
        String first = Files.readString(config);
        InProcess.Ran check = lite(lite, Map.of(), "check");
        assertEquals(0, check.code(), check::all);
        assertEquals(first, Files.readString(config));

        ObjectNode whole = (ObjectNode) JSON.readTree(first);
        ObjectNode data = name.endsWith(".ipynb") ? (ObjectNode) whole.get("metadata").get("jupyter-lite") : whole;
        ObjectNode kernel = data.withObjectProperty("jupyter-config-data").withObjectProperty("litePluginSettings")
                .withObjectProperty(KERNEL);
        kernel.putArray("disablePyPIFallback").add("clearly-not-an-boolean");
        String third = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(whole);
        Files.writeString(config, third);
        InProcess.Ran rebuild = lite(lite, Map.of(), "build");
        assertEquals(0, rebuild.code(), rebuild::all);
        InProcess.Ran recheck = lite(lite, Map.of(), "check");
        assertNotEquals(0, recheck.code(), () -> third + "\n" + recheck.all());
        assertEquals(third, Files.readString(config));
    }

    // ---- test_pyodide.py

    /** {@code test_pyodide[<approach>-<path>-<kind>]}, the seven of them. */
    @ParameterizedTest
    @CsvSource({"cli,local,archive", "cli,local,folder", "cli,remote,archive", "env,local,archive", "env,local,folder",
            "env,remote,archive", "wellknown,None,None"})
    void pyodide(String approach, String path, String kind) throws Exception {
        try (SiteServer server = SiteServer.start(tarball.getParent(), SiteServer.Options.defaults().withPort(0))) {
            String url = path.equals("remote") ? "http://localhost:" + server.port() + "/" + tarball.getFileName()
                    : kind.equals("folder") ? tarball.getParent().resolve("pyodide").toString() : tarball.toString();
            List<String> pargs = new ArrayList<>();
            Map<String, String> env = new TreeMap<>();
            switch (approach) {
                case "env" -> env.put("JUPYTERLITE_PYODIDE_URL", url);
                case "cli" -> pargs.addAll(List.of("--pyodide", url));
                default -> ReferenceFixtures.copyTree(tarball.getParent().resolve("pyodide/pyodide"), lite.resolve("static/pyodide"));
            }
            for (String hook : List.of("status", "build", "check")) {
                List<String> args = new ArrayList<>(List.of(hook));
                args.addAll(pargs);
                InProcess.Ran r = lite(lite, env, args.toArray(String[]::new));
                assertEquals(0, r.code(), () -> "the " + hook + " did NOT succeed\n" + r.all());
                if (hook.equals("build")) {
                    assertTrue(Files.isRegularFile(lite.resolve("_output/static/pyodide/pyodide.mjs")), "pyodide.mjs does not exist");
                }
            }
        }
    }
}
