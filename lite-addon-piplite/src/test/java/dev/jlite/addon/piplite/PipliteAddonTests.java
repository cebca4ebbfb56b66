package dev.jlite.addon.piplite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.pyodide.PyodideDistribution;
import dev.jlite.core.spi.pyodide.PyodideKeys;
import dev.jlite.testkit.CommandRun;
import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.LiteTestKit;
import dev.jlite.testkit.TestApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The piplite addon, tested with the test kit as a third party would, on wheels made in memory. */
class PipliteAddonTests {

    static final String URLS = "/jupyter-config-data/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel/pipliteUrls";
    static final long SDE = 1_700_000_000L;

    /**
     * Stands in for the Pyodide addon (addons never depend on each other): hosts a tiny distribution whose
     * index holds {@code packaging} and {@code numpy}, publishes it under {@link PyodideKeys#DISTRIBUTION}, and writes
     * its index once, with the entries contributed to {@link PyodideKeys#PACKAGES}, as the real one does.
     */
    static Addon fakePyodide(boolean lockEra) {
        String index = lockEra ? "pyodide-lock.json" : "repodata.json";
        return new Addon() {
            @Override
            public String id() {
                return "fake-pyodide";
            }

            @Override
            public void register(AddonRegistrar r) {
                r.task(Phase.BUILD, "host").writes(PyodideKeys.DISTRIBUTION).run(ctx -> {
                    // npm's Pyodide: the index names packages whose files the distribution lacks
                    JsonNode lock = ctx.json().parse("{\"info\": {\"arch\": \"wasm32\", \"platform\": \"emscripten_3_1_58\", "
                            + "\"python\": \"3.12.7\"}, \"packages\": {"
                            + "\"packaging\": {\"name\": \"packaging\", \"version\": \"24.2\", \"file_name\": \"packaging-24.2-py3-none-any.whl\","
                            + " \"install_dir\": \"site\", \"sha256\": \"\", \"imports\": [\"packaging\"], \"depends\": []},"
                            + "\"numpy\": {\"name\": \"numpy\", \"version\": \"2.0\", \"file_name\": \"numpy-2.0.whl\","
                            + " \"install_dir\": \"site\", \"sha256\": \"\", \"imports\": [\"numpy\"], \"depends\": []}}}", "fake lock");
                    ctx.put(PyodideKeys.DISTRIBUTION, new PyodideDistribution("static/pyodide", "pyodide.mjs", index, lock,
                            List.of("numpy", "packaging"), "0.27.7", "3.12.7", "emscripten_3_1_58", "dist"));
                });
                r.task(Phase.POST_BUILD, "index").reads(PyodideKeys.DISTRIBUTION).reads(PyodideKeys.PACKAGES).output("static/pyodide")
                        .run(ctx -> {
                            var doc = (tools.jackson.databind.node.ObjectNode) ctx.get(PyodideKeys.DISTRIBUTION).lock().deepCopy();
                            for (var p : ctx.get(PyodideKeys.PACKAGES)) {
                                doc.withObjectProperty("packages").set(p.name(), p.entry());
                            }
                            ctx.files().write(ctx.options().outputDir().resolve("static/pyodide").resolve(index), ctx.json().bytes(doc));
                        });
            }
        };
    }

    static LiteTestKit kit(Addon... more) {
        Addon[] all = new Addon[more.length + 1];
        all[0] = new PipliteAddon();
        System.arraycopy(more, 0, all, 1, more.length);
        return LiteTestKit.addons(all).env("SOURCE_DATE_EPOCH", "" + SDE);
    }

    static LiteTestKit put(LiteTestKit kit, String folder, Wheels... wheels) {
        for (Wheels w : wheels) {
            kit.liteFile(folder + w.fileName(), w.bytes());
        }
        return kit;
    }

    private static LiteRun ok(LiteRun run) {
        assertTrue(run.ok(), run::report);
        return run;
    }

    /**
     * The app's own wheels are indexed with the site's (as the reference does), and stay when wheels are
     * added one build at a time: each incremental build equals a fresh one (that only the new wheel is copied
     * is shown on the real file system, in the CLI's tests).
     */
    @Test
    void theAppsWheelsAreIndexedAndStayAsWheelsAreAddedOneBuildAtATime() {
        Wheels appA = Wheels.wheel("app-a", "1.0").file("app_a/__init__.py");
        Wheels appB = Wheels.wheel("app-b", "2.0").file("app_b.py");
        TestApp app = TestApp.standard().with("pypi/" + appA.fileName(), appA.bytes()).with("pypi/" + appB.fileName(), appB.bytes())
                .with("pypi/all.json", "{\"stale\": {}}").with("pypi/README.txt", "the app's note");
        LiteTestKit kit = kit().app(app);
        LiteRun first = ok(kit.run(Command.BUILD));
        assertEquals(List.of("app-a", "app-b"), names(first.json("pypi/all.json")), "the app's stale index is replaced");
        assertEquals("the app's note", first.text("pypi/README.txt"), "what is no wheel stays the app's");
        assertEquals("static:copy", first.owners().get("pypi/README.txt"));
        assertEquals("piplite:wheels", first.owners().get("pypi/" + appA.fileName()));

        List<Wheels> added = List.of(Wheels.wheel("one", "1.0").file("one.py"), Wheels.wheel("two", "1.0").file("two.py"));
        List<String> expected = new java.util.ArrayList<>(List.of("app-a", "app-b"));
        LiteRun last = first;
        for (int i = 0; i < added.size(); i++) {
            Wheels w = added.get(i);
            kit.liteFile("pypi/" + w.fileName(), w.bytes());
            last = ok(kit.run(Command.BUILD));
            expected.add(i == 0 ? "one" : "two");
            assertEquals(expected.stream().sorted().toList(), names(last.json("pypi/all.json")));
            assertTrue(last.exists("pypi/" + appA.fileName()) && last.exists("pypi/" + appB.fileName()), last::report);
            assertTrue(last.exists("pypi/" + w.fileName()));
        }
        LiteTestKit fresh = kit().app(app);
        added.forEach(w -> fresh.liteFile("pypi/" + w.fileName(), w.bytes()));
        assertEquals(ok(fresh.run(Command.BUILD)).tree(), last.tree(), "incremental builds equal a fresh one");

        // a wheel taken away goes, and only it
        kit.deleteLiteFile("pypi/" + added.get(0).fileName());
        LiteRun removed = ok(kit.run(Command.BUILD));
        assertFalse(removed.exists("pypi/" + added.get(0).fileName()));
        assertEquals(List.of("app-a", "app-b", "two"), names(removed.json("pypi/all.json")));
    }

    private static List<String> names(JsonNode index) {
        List<String> out = new java.util.ArrayList<>();
        index.propertyNames().forEach(out::add);
        return out;
    }

    @Test
    void wheelsOfTheLiteDirAreShippedAndIndexedAsTheReferenceDoes() throws Exception {
        Wheels demo = Wheels.wheel("Demo.Pkg", "1.0").requiresPython(">=3.9").file("demo_pkg/__init__.py");
        LiteRun run = ok(put(kit(), "pypi/", demo).run(Command.BUILD));
        assertTrue(run.exists("pypi/Demo_Pkg-1.0-py3-none-any.whl"));
        String sha = sha256(demo.bytes());
        String md5 = md5(demo.bytes());
        assertEquals("""
                {
                  "demo-pkg": {
                    "releases": {
                      "1.0": [
                        {
                          "comment_text": "",
                          "digests": {
                            "md5": "%s",
                            "sha256": "%s"
                          },
                          "downloads": -1,
                          "filename": "Demo_Pkg-1.0-py3-none-any.whl",
                          "has_sig": false,
                          "md5_digest": "%s",
                          "packagetype": "bdist_wheel",
                          "python_version": "py3",
                          "requires_python": ">=3.9",
                          "size": %d,
                          "upload_time": "2023-11-14T22:13:20Z",
                          "upload_time_iso_8601": "2023-11-14T22:13:20Z",
                          "url": "./Demo_Pkg-1.0-py3-none-any.whl",
                          "yanked": false,
                          "yanked_reason": null
                        }
                      ]
                    }
                  }
                }""".formatted(md5, sha, md5, demo.bytes().length), run.text("pypi/all.json"));
        String allJsonSha = sha256(run.text("pypi/all.json").getBytes(StandardCharsets.UTF_8));
        assertEquals("[\"./pypi/all.json?sha256=" + allJsonSha + "\"]", run.json("jupyter-lite.json").at(URLS).toString());
    }

    @Test
    void everyFileOfAVersionIsKeptAndUnsupportedOnesAreLeftOutWithAWarning() {
        Wheels pure = Wheels.wheel("fast", "2.0").file("fast/__init__.py");
        Wheels wasm = pure.tag("cp312-cp312-pyodide_2024_0_wasm32");
        Wheels linux = pure.tag("cp312-cp312-manylinux_2_17_x86_64");
        Wheels py2 = Wheels.wheel("old", "1.0").tag("py2-none-any").file("old.py");
        Wheels cp313 = Wheels.wheel("streamish", "1.0").tag("cp313-none-any").file("streamish/__init__.py");
        LiteRun run = ok(put(kit(), "pypi/", pure, wasm, linux, py2, cp313).run(Command.BUILD));
        JsonNode files = run.json("pypi/all.json").at("/fast/releases/2.0");
        assertEquals(2, files.size(), files::toString);
        assertEquals("fast-2.0-cp312-cp312-pyodide_2024_0_wasm32.whl", files.get(0).at("/filename").asString());
        assertEquals("cp312", files.get(0).at("/python_version").asString());
        assertEquals("fast-2.0-py3-none-any.whl", files.get(1).at("/filename").asString());
        assertEquals(List.of(
                "/work/site/pypi/fast-2.0-cp312-cp312-manylinux_2_17_x86_64.whl is left out: it is built for cp312-cp312-"
                        + "manylinux_2_17_x86_64, which Pyodide cannot load",
                "/work/site/pypi/old-1.0-py2-none-any.whl is left out: it is tagged py2-none-any, not for any Python 3 (py3, "
                        + "py2.py3 or py3N)",
                "/work/site/pypi/streamish-1.0-cp313-none-any.whl is left out: it is tagged cp313-none-any, for one CPython "
                        + "version only; Pyodide takes pure-Python wheels (py3, py2.py3, py3N) and wasm32 ones"), run.warnings());
        assertFalse(run.exists("pypi/streamish-1.0-cp313-none-any.whl"));
    }

    @Test
    void configuredSourcesAddToTheWellKnownFolderAndFoldersAreNotWalkedDeep() {
        Wheels a = Wheels.wheel("aa", "1.0").file("aa.py");
        Wheels b = Wheels.wheel("bb", "1.0").file("bb.py");
        Wheels deep = Wheels.wheel("deep", "1.0").file("deep.py");
        LiteTestKit kit = put(put(put(kit(), "pypi/", a), "more/", b), "more/nested/", deep);
        LiteRun run = ok(kit.arg("PipliteAddon", "piplite_urls", "more").run(Command.BUILD));
        assertEquals(List.of("aa", "bb"), List.copyOf(run.json("pypi/all.json").propertyNames()));
        assertEquals(List.of(), kit.run(Command.BUILD).ran(), "a second build runs nothing");
    }

    /** Without the Pyodide addon, which names the site's kernel, an app with only the pyolite kernel gets its plugin. */
    @Test
    void withoutThePyodideAddonAPyoliteAppsWheelsAreWiredToItsPlugin() {
        String ext = "extensions/@jupyterlite/pyolite-kernel-extension/";
        TestApp app = TestApp.standard()
                .with(ext + "package.json", "{\"name\": \"@jupyterlite/pyolite-kernel-extension\", \"version\": \"0.1.0-beta.17\","
                        + " \"jupyterlab\": {\"_build\": {\"load\": \"static/x.js\"}}}")
                .with(ext + "static/x.js", "x");
        LiteRun run = ok(put(kit().online().app(app), "pypi/", Wheels.wheel("aa", "1.0").file("aa.py")).run(Command.BUILD));
        JsonNode settings = run.json("jupyter-lite.json").at("/jupyter-config-data/litePluginSettings");
        assertTrue(settings.path("@jupyterlite/pyolite-kernel-extension:kernel").path("pipliteUrls").path(0).asString("")
                .startsWith("./pypi/all.json?sha256="), settings::toString);
        assertTrue(settings.path("@jupyterlite/pyodide-kernel-extension:kernel").isMissingNode(), settings::toString);
    }

    @Test
    void extensionIndexesComeAfterTheSitesOwn() {
        TestApp app = TestApp.standard()
                .with("extensions/@jupyterlite/pyodide-kernel-extension/package.json", "{\"name\": \"@jupyterlite/pyodide-kernel-extension\","
                        + " \"version\": \"0.8.5\", \"jupyterlab\": {\"_build\": {\"load\": \"static/x.js\"}}, \"piplite\": {\"wheelDir\": \"static/pypi\"}}")
                .with("extensions/@jupyterlite/pyodide-kernel-extension/static/x.js", "x")
                .with("extensions/@jupyterlite/pyodide-kernel-extension/static/pypi/all.json", "{}");
        // online: the app's kernel has no pyodideUrl, an audit finding (an error with --offline) that is not this test's business
        LiteRun run = ok(put(kit().online().app(app), "pypi/", Wheels.wheel("aa", "1.0").file("aa.py")).run(Command.BUILD));
        JsonNode urls = run.json("jupyter-lite.json").at(URLS);
        assertEquals(2, urls.size(), urls::toString);
        assertTrue(urls.get(0).asString().startsWith("./pypi/all.json?sha256="));
        assertEquals("./extensions/@jupyterlite/pyodide-kernel-extension/static/pypi/all.json?sha256="
                + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", urls.get(1).asString());

        LiteRun noWheels = ok(kit().online().app(app).run(Command.BUILD));
        assertEquals(1, noWheels.json("jupyter-lite.json").at(URLS).size(), "only the extension's index");
        assertFalse(noWheels.exists("pypi"));
    }

    @Test
    void installOnImportAddsLockEntriesForThePyodideOfTheSite() {
        Wheels core = Wheels.wheel("jupyter_core", "5.9.1").file("jupyter.py").file("jupyter_core/__init__.py")
                .file("jupyter_core/paths.py")
                .requires("platformdirs>=2.5").requires("pywin32>=300 ; sys_platform == \"win32\" and platform_python_implementation != \"PyPy\"")
                .requires("traitlets>=5.3").requires("pytest ; extra == \"test\"").requires("typing_extensions; python_version < \"3.13\"");
        Wheels meta = Wheels.wheel("meta-only", "1.0");
        Wheels namespace = Wheels.wheel("google-thing", "1.0").file("google/thing/__init__.py");
        Wheels top = Wheels.wheel("with-top", "1.0").topLevel("alpha\nbeta\n").file("alpha/__init__.py");
        Wheels packaging = Wheels.wheel("packaging", "99.0").file("packaging/__init__.py");
        LiteRun run = ok(put(kit(fakePyodide(true)), "pypi/", core, meta, namespace, top, packaging)
                .arg("PipliteAddon", "install_on_import", "true").run(Command.BUILD));
        JsonNode packages = run.json("static/pyodide/pyodide-lock.json").at("/packages");
        assertEquals(List.of("google-thing", "jupyter-core", "meta-only", "numpy", "packaging", "with-top"),
                List.copyOf(packages.propertyNames()));
        JsonNode jc = packages.get("jupyter-core");
        assertEquals("[\"jupyter\",\"jupyter_core\"]", jc.at("/imports").toString(), "a module beside the package is kept");
        assertEquals("[\"platformdirs\",\"traitlets\",\"typing-extensions\"]", jc.at("/depends").toString());
        assertEquals("../../pypi/jupyter_core-5.9.1-py3-none-any.whl", jc.at("/file_name").asString());
        assertEquals("site", jc.at("/install_dir").asString());
        assertEquals("package", jc.at("/package_type").asString());
        assertFalse(jc.at("/unvendored_tests").asBoolean());
        assertEquals(64, jc.at("/sha256").asString().length());
        assertEquals("[]", packages.at("/meta-only/imports").toString(), "a metapackage imports nothing");
        assertEquals("[\"google\"]", packages.at("/google-thing/imports").toString());
        assertEquals("[\"alpha\",\"beta\"]", packages.at("/with-top/imports").toString());
        assertEquals("99.0", packages.at("/packaging/version").asString(), "a wheel replaces the distribution's entry");
        assertEquals("numpy-2.0.whl", packages.at("/numpy/file_name").asString(), "the rest stays");
        assertEquals("3.12.7", run.json("static/pyodide/pyodide-lock.json").at("/info/python").asString());
        assertEquals(List.of("jupyter-core needs platformdirs, traitlets, typing-extensions, which neither the wheels nor Pyodide "
                + "0.27.7 provide; add their wheels, or importing jupyter-core fails"), run.warnings());
    }

    /**
     * Without install on import, a shipped wheel still takes a lock entry whose file the distribution lacks
     * (such an entry could never load), with the shipped wheels it needs; the other wheels stay out.
     */
    @Test
    void withoutInstallOnImportAShippedWheelTakesOnlyALockEntryThatCouldNeverLoad() {
        Wheels packaging = Wheels.wheel("packaging", "99.0").file("packaging/__init__.py").requires("helper>=1");
        Wheels helper = Wheels.wheel("helper", "1.0").file("helper.py");
        Wheels other = Wheels.wheel("aa", "1.0").file("aa.py");
        LiteRun run = ok(put(kit(fakePyodide(true)), "pypi/", packaging, helper, other).run(Command.BUILD));
        JsonNode packages = run.json("static/pyodide/pyodide-lock.json").at("/packages");
        assertEquals(List.of("helper", "numpy", "packaging"), List.copyOf(packages.propertyNames()),
                "packaging's entry named a file the site lacks; helper is what it needs; aa joins nothing");
        assertEquals("../../pypi/packaging-99.0-py3-none-any.whl", packages.at("/packaging/file_name").asString());
        assertEquals("../../pypi/helper-1.0-py3-none-any.whl", packages.at("/helper/file_name").asString());
        assertEquals("numpy-2.0.whl", packages.at("/numpy/file_name").asString(), "no wheel ships numpy: its entry stays");
        assertTrue(run.exists("pypi/aa-1.0-py3-none-any.whl"), "aa is shipped for piplite, just not in the lock");
    }

    @Test
    void theRepodataEraGetsRepodataEntries() {
        LiteRun run = ok(put(kit(fakePyodide(false)), "pypi/", Wheels.wheel("aa", "1.0").file("aa.py"))
                .arg("PipliteAddon", "install_on_import", "true").run(Command.BUILD));
        JsonNode aa = run.json("static/pyodide/repodata.json").at("/packages/aa");
        assertEquals(List.of("depends", "file_name", "imports", "install_dir", "name", "sha256", "version"),
                List.copyOf(aa.propertyNames()).stream().sorted().toList());
    }

    @Test
    void twoVersionsOfOneNameUnderInstallOnImportAreRefused() {
        LiteRun run = put(kit(fakePyodide(true)), "pypi/", Wheels.wheel("aa", "1.0").file("aa.py"), Wheels.wheel("aa", "2.0").file("aa.py"))
                .arg("PipliteAddon", "install_on_import", "true").run(Command.BUILD);
        assertEquals(List.of("addon 'piplite' failed in POST_BUILD, task 'wheels': install on import takes one version of a package, "
                + "but aa has two wheels: aa-1.0-py3-none-any.whl and aa-2.0-py3-none-any.whl; drop one of them, or leave install on "
                + "import off (PipliteAddon.install_on_import)"), run.errors());
    }

    @Test
    void installOnImportNeedsASelfHostedPyodide() {
        LiteRun run = put(kit(), "pypi/", Wheels.wheel("aa", "1.0").file("aa.py"))
                .arg("PipliteAddon", "install_on_import", "true").run(Command.BUILD);
        assertEquals(List.of("addon 'piplite' failed in POST_BUILD, task 'wheels': --piplite-install-on-import needs a self-hosted "
                + "Pyodide, whose package index the wheels join: give --pyodide (e.g. npm:pyodide@314.0.7), or leave install on "
                + "import off"), run.errors());
    }

    @Test
    void checkFindsAnInstallOnImportDependencyNothingProvides() {
        LiteTestKit kit = put(kit(fakePyodide(true)), "pypi/", Wheels.wheel("aa", "1.0").file("aa.py").requires("numpy").requires("zz"))
                .arg("PipliteAddon", "install_on_import", "true");
        LiteRun check = kit.run(Command.CHECK);
        assertEquals(1, check.exitCode(), check::report);
        assertEquals(List.of("static/pyodide/pyodide-lock.json: /packages/aa/depends: [aa] missing dependency: zz"), check.errors());
    }

    @Test
    void pipliteIndexWritesAllJsonBesideTheWheelsAsTheBuildDoes() throws Exception {
        Wheels aa = Wheels.wheel("aa", "1.0").file("aa.py").requiresPython(">=3.8");
        Wheels bb = Wheels.wheel("B.b", "2.0").file("bb/__init__.py");
        LiteTestKit kit = put(put(kit(), "wheels/", aa, bb), "pypi/", aa, bb)
                .liteFile("wheels/notes.txt", "not a wheel")
                .liteFile("wheels/odd-1.0-cp313-none-any.whl", "x");
        CommandRun index = kit.command("piplite", "index", "site/wheels");
        assertEquals(0, index.exitCode(), index::toString);
        Path written = kit.liteDir().resolve("wheels/all.json");
        assertEquals(List.of("wrote " + written + " (2 wheels, sha256 " + sha256(Files.readAllBytes(written)) + ")"), index.output());
        assertEquals(List.of(kit.liteDir().resolve("wheels/odd-1.0-cp313-none-any.whl") + " is left out: it is tagged cp313-none-any, "
                + "for one CPython version only; Pyodide takes pure-Python wheels (py3, py2.py3, py3N) and wasm32 ones"), index.warnings());
        LiteRun build = ok(kit.run(Command.BUILD));
        assertEquals(build.text("pypi/all.json"), Files.readString(written), "the same index the build writes, to the byte");
        assertTrue(Files.readString(written).contains("\"upload_time\": \"2023-11-14T22:13:20Z\""), "times clamped to SOURCE_DATE_EPOCH");
    }

    @Test
    void pipliteIndexRefusesAMissingFolderOneWithoutWheelsAndWrongArguments() {
        LiteTestKit kit = kit().liteFile("empty/readme.txt", "nothing here");
        CommandRun missing = kit.command("piplite", "index", "nowhere");
        assertEquals(1, missing.exitCode());
        assertEquals(List.of("/work/nowhere is not a folder; give the folder that holds the wheels"), missing.errors());
        CommandRun empty = kit.command("piplite", "index", "site/empty");
        assertEquals(1, empty.exitCode());
        assertEquals(List.of("/work/site/empty has no wheels to index (no *.whl files); put the .whl files there, or give the "
                + "folder that holds them"), empty.errors());
        assertFalse(Files.exists(kit.liteDir().resolve("empty/all.json")), "nothing written");
        CommandRun none = kit.command("piplite", "index");
        assertEquals(1, none.exitCode(), "no folder is the working folder, which holds no wheels");
        assertEquals(List.of("/work has no wheels to index (no *.whl files); put the .whl files there, or give the folder "
                + "that holds them"), none.errors());
        CommandRun two = kit.command("piplite", "index", "a", "b");
        assertEquals(2, two.exitCode());
        assertEquals(List.of("give one folder of wheels, or none for the working folder: jlite piplite index [DIR]"), two.errors());
        CommandRun unknown = kit.command("piplite", "nope");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.errors().get(0).startsWith("there is no command 'piplite nope' (commands: piplite index"), unknown::toString);
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String md5(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(b));
    }

    /** As the reference checks them: the site's piplite indexes against the piplite.v0.schema.json of the kernel extension. */
    @Test
    void checkValidatesThePipliteIndexesAgainstTheKernelExtensionsSchema() {
        String ext = "extensions/@jupyterlite/pyodide-kernel-extension/";
        String schema = ext + "static/schema/piplite.v0.schema.json";
        LiteRun run = kit().app(TestApp.standard()
                        .with(schema, """
                                {"$schema": "http://json-schema.org/draft-07/schema", "type": "object",
                                 "additionalProperties": {"type": "object", "required": ["releases"],
                                   "properties": {"releases": {"type": "object"}}}}""")
                        .with(ext + "static/pypi/all.json", "{\"good\": {\"releases\": {}}, \"bad\": {\"releases\": []}}"))
                .run(Command.CHECK);
        assertEquals(1, run.exitCode(), run::report);
        assertEquals(1, run.errors().size(), run::report);
        String line = run.errors().get(0);
        assertTrue(line.startsWith(ext + "static/pypi/all.json: /bad/releases: must be an object"), line);
        assertTrue(line.endsWith(" (per " + schema + ")"), line);
    }
}
