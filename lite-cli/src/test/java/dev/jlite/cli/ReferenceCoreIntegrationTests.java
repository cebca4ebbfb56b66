package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.testkit.TestArchives;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference's own test suite (jupyterlite-core 0.8.1, {@code jupyterlite_core/tests/}), case by case, run
 * against jlite as its users would run the reference: {@code jupyter-lite ARGS} (jlite with
 * {@code JLITE_DROP_IN=1}, as the {@code jupyter-lite} launcher runs it), in a fresh lite dir, with the same
 * inputs and the same assertions. The reference's test files cannot be fetched where CI runs, so each case is
 * written again here; {@code docs/compatibility.md} maps every reference case to its method, and lists the
 * cases that do not apply or differ on purpose, with why. The runs are in-process, as {@link CliTests}' are, but
 * for {@code serve}, which runs the built command as a process and stops it by its shutdown URL.
 *
 * <p>The reference builds an empty lite dir from the app it bundles; jlite bundles none, so every run is
 * given the real JupyterLite app of the demo (from {@code scripts/fetch-assets.sh}) without its own
 * {@code api/} and {@code files/}, as {@code JUPYTERLITE_APP_ARCHIVE}.
 */
@Tag("e2e")
class ReferenceCoreIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path shared;
    static Path app;

    @TempDir
    Path tmp;
    /** The reference's {@code an_empty_lite_dir}. */
    Path lite;

    @BeforeAll
    static void theApp() throws Exception {
        app = ReferenceFixtures.app(shared);
    }

    @BeforeEach
    void anEmptyLiteDir() throws IOException {
        lite = Files.createDirectories(tmp.resolve("a_lite_dir"));
    }

    private static InProcess.Ran lite(Path cwd, Map<String, String> env, String... args) {
        return ReferenceFixtures.lite(app, shared.resolve("home"), cwd, env, args);
    }

    private InProcess.Ran lite(String... args) {
        return lite(lite, Map.of(), args);
    }

    // ---- test_archive.py

    /** {@code test_archive_is_reproducible}. */
    @Test
    void archiveIsReproducible() throws Exception {
        Files.createDirectories(lite.resolve("files/nested"));
        Files.writeString(lite.resolve("files/nested/README.md"), "# Hello world\n");
        String sde = Long.toString(System.currentTimeMillis() / 1000);
        InProcess.Ran first = lite("archive", "--debug", "--source-date-epoch", sde, "--output-archive",
                lite.resolve("v1.tgz").toString(), "--no-libarchive");
        assertEquals(0, first.code(), () -> "failed to build the first tarball\n" + first.all());
        try (Stream<Path> top = Files.list(lite)) {
            for (Path p : top.toList()) {
                if (!Files.isDirectory(p) && !p.getFileName().toString().equals("v1.tgz")) {
                    Files.delete(p);
                }
            }
        }
        InProcess.Ran second = lite("archive", "--debug", "--source-date-epoch", sde, "--output-archive",
                lite.resolve("v2.tgz").toString());
        assertEquals(0, second.code(), () -> "failed to build the second tarball\n" + second.all());
        assertEquals(sha256(lite.resolve("v1.tgz")), sha256(lite.resolve("v2.tgz")),
                "tarballs were not the same: two successive builds should be the same");
    }

    /** {@code test_archive_is_idempotent}: an archive given as the app archive gives the same archive again. */
    @Test
    void archiveIsIdempotent() throws Exception {
        String sde = Long.toString(System.currentTimeMillis() / 1000);
        InProcess.Ran first = lite("archive", "--debug", "--source-date-epoch", sde, "--output-archive",
                lite.resolve("v1.tgz").toString());
        assertEquals(0, first.code(), first::all);
        InProcess.Ran second = lite("archive", "--debug", "--source-date-epoch", sde, "--app-archive",
                lite.resolve("v1.tgz").toString(), "--output-archive", lite.resolve("v2.tgz").toString());
        assertEquals(0, second.code(), second::all);
        assertEquals(sha256(lite.resolve("v1.tgz")), sha256(lite.resolve("v2.tgz")), "a build repeated should be the same");
    }

    // ---- test_cli.py

    /** {@code test_cli_version[lite_args0]}, {@code [lite_args1]}: the version of the reference it stands in for. */
    @Test
    void cliVersion() throws Exception {
        InProcess.Ran r = lite(tmp, Map.of(), "--version");
        assertEquals(0, r.code(), r::all);
        assertTrue(r.out().contains("0.8.1"), r::all);
        assertEquals("", r.err());
    }

    /** {@code test_cli_help[-h-*]}, {@code [--help-*]}. */
    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help"})
    void cliHelp(String help) throws Exception {
        InProcess.Ran r = lite(tmp, Map.of(), help);
        assertEquals(0, r.code(), r::all);
        assertEquals("", r.err());
    }

    /** {@code test_nonzero_rc[lite_args0]}, {@code [lite_args1]}. */
    @Test
    void nonzeroRc() throws Exception {
        InProcess.Ran r = lite(tmp, Map.of(), "doit", "this-is-not-a-step");
        assertNotEquals(0, r.code(), r::all);
    }

    /**
     * {@code test_cli_status_null[list]}, {@code [status]}: the reference may leave only its doit state file,
     * {@code .jupyterlite.doit.db}; jlite keeps its state in the cache, so it leaves nothing at all (a deliberate
     * difference, in {@code docs/compatibility.md}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"list", "status"})
    void cliStatusNull(String hook) throws Exception {
        InProcess.Ran r = lite(hook);
        assertEquals(0, r.code(), r::all);
        try (Stream<Path> all = Files.walk(lite)) {
            assertEquals(List.of(lite), all.toList(), "a " + hook + " writes nothing in the lite dir");
        }
    }

    /**
     * {@code test_cli_any_hook[status|init|build|check|archive]}: every hook builds an empty lite dir, again, and
     * then with contents and workspaces forced. The reference asserts that the second run is faster; jlite's
     * says so exactly: it ran no task. Its doit state file is the deliberate difference of {@link #cliStatusNull}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"status", "init", "build", "check", "archive"})
    void cliAnyHook(String hook) throws Exception {
        InProcess.Ran first = lite(hook);
        assertEquals(0, first.code(), first::all);
        if (hook.equals("status")) {
            return;
        }
        for (String good : List.of("_output/package.json", "_output/jupyter-lite.json", "_output/index.html")) {
            assertTrue(Files.isRegularFile(lite.resolve(good)), good);
        }
        Map<String, String> before = stamps(lite.resolve("_output"));
        InProcess.Ran second = lite(hook);
        assertEquals(0, second.code(), second::all);
        Map<String, String> after = stamps(lite.resolve("_output"));
        assertEquals(List.of(), before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k)))
                .map(k -> k + ": " + before.get(k) + " -> " + after.get(k)).toList(), "the second run is quicker: it writes no "
                + "file of the site");
        assertEquals(before.keySet(), after.keySet());

        Files.writeString(lite.resolve("== README ==.md"), "# hello world");
        Files.createDirectories(lite.resolve("more/details"));
        Files.writeString(lite.resolve("more/details/README.md"), "# more details");
        Files.writeString(lite.resolve("jupyter-lite.json"), """
                { "jupyter-config-data": {
                    "federated_extensions": [
                        {
                            "extension": "./extension",
                            "load": "static/remoteEntry.abc123.js",
                            "name": "@org/pkg"
                        }
                    ],
                    "disabledExtensions": ["@org/pkg"],
                    "settingsOverrides": {}
                } }""");
        Files.writeString(lite.resolve("jupyter-lite.ipynb"), SIMPLE_LITE_IPYNB);
        Files.createDirectories(lite.resolve("lab"));
        Files.writeString(lite.resolve("lab/overrides.json"), "{\n  \"@jupyterlab/apputils-plugin:themes\": {\n"
                + "    \"themeScrollbars\": true\n  }\n}\n");
        Files.writeString(lite.resolve("default.jupyterlab-workspace"), "{\n    \"data\": {},\n    \"metadata\": {\"id\": \"default\"}\n}");
        InProcess.Ran forced = lite(hook, "--force", "--contents", lite.resolve("== README ==.md").toString(), "--contents",
                lite.resolve("more").toString(), "--workspaces", lite.resolve("default.jupyterlab-workspace").toString());
        if (!hook.equals("init")) {
            Path out = lite.resolve("_output");
            assertTrue(Files.readString(out.resolve("files/== README ==.md")).contains("world"));
            assertTrue(Files.readString(out.resolve("files/details/README.md")).contains("details"));
            assertTrue(Files.readString(out.resolve("api/contents/all.json")).contains("README"), "some contents were not indexed");
            assertTrue(Files.readString(out.resolve("api/contents/details/all.json")).contains("README"),
                    "some contents were not indexed");
            assertTrue(Files.readString(out.resolve("api/translations/all.json")).contains("English"));
            assertTrue(Files.isRegularFile(out.resolve("api/translations/en.json")));
            assertTrue(Files.isRegularFile(out.resolve("api/workspaces/all.json")));
        }
        assertEquals(0, forced.code(), forced::all);
    }

    static final String SIMPLE_LITE_IPYNB = """
            {
             "cells": [],
             "metadata": {
              "jupyter-lite": {
               "jupyter-config-data": {
                "disabledExtensions": [
                 "@org/pkg"
                ],
                "federated_extensions": [
                 {
                  "extension": "./extension",
                  "load": "static/remoteEntry.abc123.js",
                  "name": "@org/pkg"
                 }
                ],
                "settingsOverrides": {}
               }
              }
             },
             "nbformat": 4,
             "nbformat_minor": 5
            }""";

    /** {@code test_build_repl_no_sourcemaps}. */
    @Test
    void buildReplNoSourcemaps() throws Exception {
        Path out = lite.resolve("_output");
        List<String> base = List.of("build", "--disable-addons", "federated_extensions");
        InProcess.Ran norm = lite(base.toArray(String[]::new));
        assertEquals(0, norm.code(), norm::all);
        long normFiles = count(out);
        assertTrue(anyEndsWith(out, ".map"), "expected maps");

        List<String> repl = new ArrayList<>(base);
        repl.addAll(List.of("--apps", "repl", "--apps", "foobarbaz"));
        InProcess.Ran replRun = lite(repl.toArray(String[]::new));
        assertEquals(0, replRun.code(), replRun::all);
        long replFiles = count(out);
        assertTrue(replFiles < normFiles, "expected fewer files");
        try (Stream<Path> bundles = Files.list(out.resolve("build"))) {
            assertEquals(1, bundles.filter(d -> Files.isRegularFile(d.resolve("bundle.js"))).count(), "only expected one bundle");
        }
        assertTrue(replRun.err().contains("'foobarbaz' is not one of"), replRun::all);

        List<String> noChunks = new ArrayList<>(repl);
        noChunks.add("--no-unused-shared-packages");
        lite(noChunks.toArray(String[]::new));
        assertTrue(count(out) < replFiles, "unused shared packages pruned");
        assertTrue(anyEndsWith(out, ".map"), "expected maps before --no-sourcemaps");

        List<String> noMaps = new ArrayList<>(noChunks);
        noMaps.add("--no-sourcemaps");
        InProcess.Ran noMapsRun = lite(noMaps.toArray(String[]::new));
        assertEquals(0, noMapsRun.code(), noMapsRun::all);
        assertFalse(anyEndsWith(out, ".map"), "expected no maps after --no-sourcemaps");

        InProcess.Ran rebuild = lite(base.toArray(String[]::new));
        assertEquals(0, rebuild.code(), rebuild::all);
        assertEquals(normFiles, count(out), "expected the same files");
    }

    /** {@code test_check_bad_workspace}: the problems are on standard output, as the reference prints them. */
    @Test
    void checkBadWorkspace() throws Exception {
        Files.createDirectories(lite.resolve("bad"));
        Files.writeString(lite.resolve("bad/default.jupyterlab-workspace"), "{}");
        InProcess.Ran build = lite("build", "--workspaces", "bad");
        assertEquals(0, build.code(), build::all);
        InProcess.Ran check = lite("check", "--workspaces", "bad");
        assertNotEquals(0, check.code(), "should have caught bad workspace");
        assertTrue(check.out().contains("missing `data`"), check::all);
        assertTrue(check.out().contains("missing `metadata`"), check::all);
    }

    /** {@code test_build_subdirectory_config_warning}. */
    @Test
    void buildSubdirectoryConfigWarning() throws Exception {
        Files.createDirectories(lite.resolve("sub"));
        Files.writeString(lite.resolve("sub/jupyter-lite.json"), "{\"jupyter-config-data\": {}}");
        InProcess.Ran r = lite("build");
        assertEquals(0, r.code(), r::all);
        assertTrue(r.err().contains("Skipping sub"), r::all);
        assertTrue(r.err().contains("jupyter-lite.json"), r::all);
        assertTrue(r.err().contains("parent directory does not exist"), r::all);
        assertFalse(Files.exists(lite.resolve("_output/sub/jupyter-lite.json")));
    }

    /** {@code test_build_app_subdirectory_config}. */
    @Test
    void buildAppSubdirectoryConfig() throws Exception {
        Files.createDirectories(lite.resolve("lab"));
        Files.writeString(lite.resolve("lab/jupyter-lite.json"), "{\"jupyter-config-data\": {\"appName\": \"Custom Lab\"}}");
        InProcess.Ran r = lite("build");
        assertEquals(0, r.code(), r::all);
        assertFalse(r.err().contains("Skipping lab/jupyter-lite.json"), r::all);
        assertTrue(Files.readString(lite.resolve("_output/lab/jupyter-lite.json")).contains("Custom Lab"));
    }

    /** {@code test_build_ignores_hidden_directories}. */
    @Test
    void buildIgnoresHiddenDirectories() throws Exception {
        Files.createDirectories(lite.resolve(".venv/lib"));
        Files.writeString(lite.resolve(".venv/lib/jupyter-lite.json"), "{\"jupyter-config-data\": {}}");
        InProcess.Ran r = lite("build");
        assertEquals(0, r.code(), r::all);
        assertFalse(r.err().contains(".venv"), r::all);
    }

    // ---- test_contents.py

    /** {@code test_contents_with_dot[True-True-True-extra_ignore0]} and the two others. */
    @ParameterizedTest
    @ValueSource(strings = {"allowed", "refused", "ignored"})
    void contentsWithDot(String which) throws Exception {
        boolean allowHidden = which.equals("allowed");
        String extraIgnore = which.equals("ignored") ? "[\"/\\\\.binder/\"]" : "[]";
        Files.writeString(lite.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"ignore_sys_prefix\": true, "
                + "\"extra_ignore_contents\": " + extraIgnore + "}, \"ContentsManager\": {\"allow_hidden\": " + allowHidden + "}}");
        Files.createDirectories(lite.resolve(".binder"));
        Files.writeString(lite.resolve(".binder/postBuild"), "#!/usr/bin/env bash\necho ok");
        InProcess.Ran r = lite("build", "--contents", ".");
        Path out = lite.resolve("_output");
        if (which.equals("refused")) {
            assertNotEquals(0, r.code(), r::all);
            assertTrue(r.out().contains("jupyter_lite_config"), r::all);
        } else {
            assertEquals(0, r.code(), r::all);
        }
        if (allowHidden) {
            assertEquals(1, json(out.resolve("api/contents/all.json")).get("content").size());
            assertTrue(Files.isRegularFile(out.resolve("files/.binder/postBuild")));
            JsonNode entry = json(out.resolve("api/contents/.binder/all.json")).get("content").get(0);
            assertEquals("postBuild", entry.get("name").asString());
            assertEquals(".binder/postBuild", entry.get("path").asString());
        } else {
            assertFalse(Files.exists(out.resolve("api/contents/all.json")));
        }
    }

    /** {@code test_contents_with_space}. */
    @Test
    void contentsWithSpace() throws Exception {
        Files.createDirectories(lite.resolve("contents/dir with spaces"));
        Files.writeString(lite.resolve("contents/dir with spaces/file name with spaces"), "");
        InProcess.Ran r = lite("build", "--contents", "contents");
        assertEquals(0, r.code(), r::all);
        assertEquals(1, json(lite.resolve("_output/api/contents/all.json")).get("content").size());
        JsonNode entry = json(lite.resolve("_output/api/contents/dir with spaces/all.json")).get("content").get(0);
        assertEquals("file name with spaces", entry.get("name").asString());
        assertEquals("dir with spaces/file name with spaces", entry.get("path").asString());
    }

    /** {@code test_contents_missing_jupyter_server}. */
    @Test
    void contentsMissingJupyterServer() throws Exception {
        Files.createDirectories(lite.resolve("test_contents"));
        Files.writeString(lite.resolve("test_contents/test_file.txt"), "Test content");
        InProcess.Ran r = lite(lite, Map.of("JUPYTERLITE_NO_JUPYTER_SERVER", "true"), "build", "--contents", "test_contents");
        assertNotEquals(0, r.code(), r::all);
        assertTrue((r.out() + r.err()).contains("jupyter-server is not installed. You cannot add custom content to jupyterlite."),
                r::all);
    }

    /** {@code test_contents_resolved_relative_to_lite_dir}. */
    @Test
    void contentsResolvedRelativeToLiteDir() throws Exception {
        Files.writeString(lite.resolve("notebook.ipynb"), "{}");
        Files.writeString(lite.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"ignore_sys_prefix\": true, "
                + "\"contents\": [\".\"]}}");
        InProcess.Ran r = lite(tmp, Map.of(), "build", "--lite-dir", lite.toAbsolutePath().toString());
        assertEquals(0, r.code(), r::all);
        JsonNode content = json(lite.resolve("_output/api/contents/all.json")).get("content");
        assertEquals(1, content.size(), content::toString);
        assertEquals("notebook.ipynb", content.get(0).get("name").asString());
    }

    /** {@code test_workspaces_resolved_relative_to_lite_dir}. */
    @Test
    void workspacesResolvedRelativeToLiteDir() throws Exception {
        Files.writeString(lite.resolve("default.jupyterlab-workspace"), "{\"data\": {}, \"metadata\": {\"id\": \"default\"}}");
        Files.writeString(lite.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"ignore_sys_prefix\": true, "
                + "\"workspaces\": [\"default.jupyterlab-workspace\"]}}");
        InProcess.Ran r = lite(tmp, Map.of(), "build", "--lite-dir", lite.toAbsolutePath().toString());
        assertEquals(0, r.code(), r::all);
        assertTrue(json(lite.resolve("_output/api/workspaces/all.json")).has("default"));
    }

    /** {@code test_workspaces_path_in_py_config_resolved_relative_to_lite_dir}. */
    @Test
    void workspacesPathInPyConfigResolvedRelativeToLiteDir() throws Exception {
        Files.writeString(lite.resolve("default.jupyterlab-workspace"), "{\"data\": {}, \"metadata\": {\"id\": \"default\"}}");
        Files.writeString(lite.resolve("jupyter_lite_config.py"), String.join("\n", "from pathlib import Path", "c = get_config()",
                "c.LiteBuildConfig.ignore_sys_prefix = True", "c.LiteBuildConfig.workspaces = [Path('default.jupyterlab-workspace')]"));
        InProcess.Ran r = lite(tmp, Map.of(), "build", "--lite-dir", lite.toAbsolutePath().toString());
        assertEquals(0, r.code(), r::all);
        assertTrue(json(lite.resolve("_output/api/workspaces/all.json")).has("default"));
    }

    /** {@code test_contents_path_in_py_config_resolved_relative_to_lite_dir}. */
    @Test
    void contentsPathInPyConfigResolvedRelativeToLiteDir() throws Exception {
        Files.createDirectories(lite.resolve("my_contents"));
        Files.writeString(lite.resolve("my_contents/notebook.ipynb"), "{}");
        Files.writeString(lite.resolve("jupyter_lite_config.py"), String.join("\n", "from pathlib import Path", "c = get_config()",
                "c.LiteBuildConfig.ignore_sys_prefix = True", "c.LiteBuildConfig.contents = [Path('my_contents')]"));
        InProcess.Ran r = lite(tmp, Map.of(), "build", "--lite-dir", lite.toAbsolutePath().toString());
        assertEquals(0, r.code(), r::all);
        JsonNode content = json(lite.resolve("_output/api/contents/all.json")).get("content");
        assertEquals(1, content.size(), content::toString);
        assertEquals("notebook.ipynb", content.get(0).get("name").asString());
    }

    // ---- test_federated.py

    /**
     * {@code test_federated_extensions[False-<wheel|conda tar.bz2>-<remote>]}: the smallest prebuilt extension
     * (a labextension with a theme), as a wheel and as a conda package, from a loopback URL and from the lite dir.
     * The reference's fixture files are its own; these are built here to the same layout.
     */
    @ParameterizedTest
    @ValueSource(strings = {"whl-remote", "whl-local", "tar.bz2-remote", "tar.bz2-local"})
    void federatedExtensions(String which) throws Exception {
        boolean remote = which.endsWith("-remote");
        boolean wheel = which.startsWith("whl");
        String name = wheel ? "the_smallest_extension-0.1.0-py3-none-any.whl" : "the-smallest-extension-0.1.0-py_0.tar.bz2";
        Path fixtures = Files.createDirectories(tmp.resolve("fixtures"));
        Files.write(fixtures.resolve(name), smallestExtension(wheel));
        SiteServer server = SiteServer.start(fixtures, SiteServer.Options.defaults().withPort(0));
        try {
            String source;
            if (remote) {
                source = server.url().resolve(name).toString();
            } else {
                Files.copy(fixtures.resolve(name), lite.resolve(name));
                source = name;
            }
            Files.writeString(lite.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"federated_extensions\": [\""
                    + source + "\"], \"ignore_sys_prefix\": [\"federated_extensions\"], \"settings_overrides\": "
                    + "[\"overrides.json\"], \"apps\": [\"lab\"]}}");
            Files.writeString(lite.resolve("overrides.json"), "{\"the-smallest-extension:plugin\": {}}");
            InProcess.Ran build = lite("build", "--no-libarchive");
            assertEquals(0, build.code(), build::all);
            InProcess.Ran check = lite("check", "--no-libarchive");
            assertEquals(0, check.code(), check::all);
        } finally {
            server.close();
        }
        Path output = lite.resolve("_output");
        Path ext = output.resolve("extensions/the-smallest-extension");
        assertTrue(Files.isDirectory(ext));
        // the reference's app has no extension of its own, so the smallest is its [0]; the demo's app has some
        JsonNode smallest = null;
        for (JsonNode e : json(output.resolve("jupyter-lite.json")).at("/jupyter-config-data/federated_extensions")) {
            smallest = e.path("name").asString("").equals("the-smallest-extension") ? e : smallest;
        }
        assertTrue(smallest != null, "the-smallest-extension is in federated_extensions");
        assertTrue(Files.isRegularFile(ext.resolve(smallest.get("load").asString())), smallest::toString);
        for (String key : List.of("extension", "mimeExtension", "style")) {
            assertTrue(smallest.has(key), key + " in " + smallest);
        }
        assertTrue(Files.isRegularFile(output.resolve("build/themes/the-smallest-extension/index.css")));
    }

    /** A prebuilt labextension {@code the-smallest-extension} with a theme, in a wheel or a conda package. */
    static byte[] smallestExtension(boolean wheel) {
        String prefix = wheel ? "the_smallest_extension-0.1.0.data/data/share/jupyter/labextensions/the-smallest-extension/"
                : "share/jupyter/labextensions/the-smallest-extension/";
        Map<String, byte[]> files = new TreeMap<>();
        files.put(prefix + "package.json", ("{\"name\": \"the-smallest-extension\", \"version\": \"0.1.0\", \"jupyterlab\": "
                + "{\"_build\": {\"load\": \"static/remoteEntry.e8d498ee9f92b5040d60.js\", \"extension\": \"./extension\", "
                + "\"mimeExtension\": \"./mimeExtension\", \"style\": \"./style\"}}}").getBytes(StandardCharsets.UTF_8));
        files.put(prefix + "static/remoteEntry.e8d498ee9f92b5040d60.js", "var _JUPYTERLAB;".getBytes(StandardCharsets.UTF_8));
        files.put(prefix + "themes/the-smallest-extension/index.css", "a".getBytes(StandardCharsets.UTF_8));
        files.put(prefix + "themes/the-smallest-extension/index.js", "".getBytes(StandardCharsets.UTF_8));
        if (wheel) {
            files.put("the_smallest_extension/__init__.py", new byte[0]);
            files.put("the_smallest_extension-0.1.0.dist-info/METADATA",
                    "Metadata-Version: 2.1\nName: the_smallest_extension\nVersion: 0.1.0\n".getBytes(StandardCharsets.UTF_8));
            files.put("the_smallest_extension-0.1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                    .getBytes(StandardCharsets.UTF_8));
            return TestArchives.zip(files);
        }
        files.put("info/index.json", "{\"name\": \"the-smallest-extension\", \"version\": \"0.1.0\"}".getBytes(StandardCharsets.UTF_8));
        return TestArchives.tarBz2(files);
    }

    // ---- test_serve.py

    /** {@code test_serve[None]}, {@code test_serve[/@foo/]}: headers, apps, and GET <base url>shutdown stops it. */
    @ParameterizedTest
    @ValueSource(strings = {"", "/@foo/"})
    void serve(String baseUrl) throws Exception {
        Files.writeString(lite.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"http_headers\": {\"x-foo\": \"bar\"}, "
                + "\"extra_http_headers\": {\"x-baz\": \"boo\"}}}");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
        if (!baseUrl.isEmpty()) {
            args.addAll(List.of("--base-url", baseUrl));
        }
        Map<String, String> env = new TreeMap<>(Map.of("JLITE_DROP_IN", "1", "JUPYTERLITE_APP_ARCHIVE", app.toString()));
        Process server = JliteProcess.start(lite, env, args.toArray(String[]::new));
        String base = "http://127.0.0.1:" + port + (baseUrl.isEmpty() ? "/" : baseUrl);
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            List<String> errors = new ArrayList<>();
            for (String frag : List.of("", "lab/", "lab/index.html", "tree/", "tree/index.html", "repl/", "repl/index.html")) {
                HttpResponse<String> page = fetch(client, base + frag);
                if (page == null || !page.body().contains("jupyter-config-data")
                        || !page.headers().firstValue("x-foo").orElse("").equals("bar")
                        || !page.headers().firstValue("x-baz").orElse("").equals("boo")) {
                    errors.add(frag + ": " + (page == null ? "no answer" : page.statusCode() + " " + page.headers().map()));
                }
            }
            assertEquals(List.of(), errors);
            assertTrue(server.isAlive(), "the server is still running");
        } finally {
            fetch(client, base + "shutdown");
            boolean stopped = server.waitFor(10, TimeUnit.SECONDS);
            server.destroyForcibly();
            assertTrue(stopped, "GET " + base + "shutdown stops the server");
        }
    }

    /** A page, tried for up to a minute while the server builds and starts; null if it never answers 2xx. */
    private static HttpResponse<String> fetch(HttpClient client, String url) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() < 400) {
                    return r;
                }
            } catch (IOException notYet) {
                // the server is still building
            }
            Thread.sleep(250);
        }
        return null;
    }

    // ---- helpers

    /**
     * Each file of a site with its size and modification time, but for jlite's own record of it ({@code .jlite/}),
     * which a run saves again once the files the last one wrote are old enough to vouch for by their times.
     */
    private static Map<String, String> stamps(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).filter(f -> !dir.relativize(f).startsWith(".jlite")).toList()) {
                out.put(dir.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }

    private static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** Files and folders under {@code dir}, as the reference counts {@code rglob("*")}. */
    private static long count(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.count() - 1;
        }
    }

    private static boolean anyEndsWith(Path dir, String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.anyMatch(p -> p.getFileName().toString().endsWith(suffix));
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
