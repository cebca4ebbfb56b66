package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.FederatedExtension;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.WheelIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Settings overrides, file types, federated extensions, translations and workspaces, as a user meets them. */
class SiteAddonsTests {

    private static String settings(LiteRun run, String file) {
        return run.json(file).at("/jupyter-config-data/settingsOverrides").toString();
    }

    // --- settings -------------------------------------------------------------------------------

    @Test
    void overridesMergeIntoTheRootAndEveryApp() {
        LiteRun run = LiteTestKit.addons()
                .liteFile("overrides.json", "{\"@jupyterlab/apputils-extension:themes\": {\"theme\": \"JupyterLab Dark\"}}")
                .liteFile("more.json", "{\"@jupyterlab/apputils-extension:themes\": {\"adaptive-theme\": true},"
                        + " \"@jupyterlab/notebook-extension:tracker\": {\"kernelShutdown\": true}}")
                .liteFile("repl/overrides.json", "{\"@jupyterlab/console-extension:tracker\": {\"promptCellPosition\": \"top\"}}")
                .option("settings_overrides", "more.json")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals("{\"@jupyterlab/apputils-extension:themes\":{\"adaptive-theme\":true,\"theme\":\"JupyterLab Dark\"},"
                + "\"@jupyterlab/notebook-extension:tracker\":{\"kernelShutdown\":true}}", settings(run, "jupyter-lite.json"));
        assertEquals("""
                {
                  "@jupyterlab/apputils-extension:themes": {
                    "adaptive-theme": true,
                    "theme": "JupyterLab Dark"
                  },
                  "@jupyterlab/notebook-extension:tracker": {
                    "kernelShutdown": true
                  }
                }""", run.text("overrides.json"));
        // repl is in the site though --apps never named it (the reference would skip it)
        assertEquals("{\"@jupyterlab/console-extension:tracker\":{\"promptCellPosition\":\"top\"}}", settings(run, "repl/jupyter-lite.json"));
        assertTrue(run.exists("repl/overrides.json"));
        assertFalse(run.exists("lab/overrides.json"));
    }

    @Test
    void badOverridesAreNamed() {
        LiteRun malformed = LiteTestKit.addons().liteFile("overrides.json", "{\"a:b\": {\"x\": }}").run(Command.BUILD);
        assertEquals(1, malformed.exitCode());
        assertTrue(malformed.errors().get(0).startsWith("addon 'settings' failed in BUILD, task 'overrides': "
                + "/work/site/overrides.json:1:15: malformed JSON"), malformed::report);
        LiteRun missing = LiteTestKit.addons().option("settings_overrides", "nope.json").run(Command.BUILD);
        assertEquals(List.of("addon 'settings' failed in BUILD, task 'overrides': --settings-overrides: /work/site/nope.json "
                + "does not exist; give an overrides.json file"), missing.errors());
        LiteRun notObject = LiteTestKit.addons().liteFile("overrides.json", "{\"a:b\": 3}").run(Command.BUILD);
        assertEquals(List.of("addon 'settings' failed in BUILD, task 'overrides': /work/site/overrides.json: /a:b: the settings "
                + "of a plugin are an object"), notObject.errors());
    }

    // --- file types -------------------------------------------------------------------------------

    @Test
    void fileTypesAreTheDefaultsUpdatedByExtraFileTypes() {
        LiteTestKit kit = LiteTestKit.addons().config("{\"LiteBuildConfig\": {\"extra_file_types\": {"
                + "\"customfile\": {\"name\": \"customfile\", \"extensions\": [\".customfile\"], \"fileFormat\": \"text\", \"mimeTypes\": [\"text/plain\"]},"
                + "\"wasm\": {\"name\": \"wasm\", \"extensions\": [\".wasm\"], \"fileFormat\": \"base64\", \"mimeTypes\": [\"application/x-wasm\"]}}}}");
        LiteRun run = kit.run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        JsonNode types = run.json("jupyter-lite.json").at("/jupyter-config-data/fileTypes");
        assertEquals(37, types.size(), types::toString);
        assertEquals("[\".customfile\"]", types.at("/customfile/extensions").toString());
        assertEquals("application/x-wasm", types.at("/wasm/mimeTypes/0").asString(), "extra replaces a default by name");
        assertEquals("[\".ipynb\"]", types.at("/ipynb/extensions").toString());
        kit.config("{}");
        LiteRun back = kit.run(Command.BUILD);
        assertEquals(List.of("mimetypes:file-types", "lite:write", "audit:offline"), back.ran(), "a change to extra_file_types alone reruns");
        assertEquals(36, back.json("jupyter-lite.json").at("/jupyter-config-data/fileTypes").size());
    }

    // --- translations and workspaces --------------------------------------------------------------

    @Test
    void translationsListEnglish() {
        LiteRun run = LiteTestKit.addons().run(Command.BUILD);
        assertEquals("""
                {
                  "data": {
                    "en": {
                      "displayName": "English",
                      "nativeName": "English"
                    }
                  },
                  "message": ""
                }""", run.text("api/translations/all.json"));
        assertEquals("{\n  \"data\": {},\n  \"message\": \"Language pack 'en' not installed!\"\n}", run.text("api/translations/en.json"));
    }

    @Test
    void workspacesAreCollectedByIdOrStem() {
        String withId = "{\"data\": {\"layout-restorer:data\": {}}, \"metadata\": {\"id\": \"/lab/workspaces/demo\"}}";
        String noId = "{\"data\": {}, \"metadata\": {}}";
        LiteRun run = LiteTestKit.addons()
                .liteFile("workspaces/demo.jupyterlab-workspace", withId)
                .liteFile("more/plain.jupyterlab-workspace", noId)
                .liteFile("workspaces/notes.txt", "ignored")
                .option("workspaces", "more/plain.jupyterlab-workspace")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        JsonNode all = run.json("api/workspaces/all.json");
        assertEquals(List.of("/lab/workspaces/demo", "plain"), List.copyOf(all.propertyNames()));
        assertEquals("all.json", run.json("jupyter-lite.json").at("/jupyter-config-data/workspacesAllJsonFile").asString());

        LiteRun none = LiteTestKit.addons().run(Command.BUILD);
        assertFalse(none.exists("api/workspaces"));
        assertTrue(none.json("jupyter-lite.json").at("/jupyter-config-data/workspacesAllJsonFile").isMissingNode());
    }

    // --- federated extensions ---------------------------------------------------------------------

    private static String pkg(String name, boolean prebuilt, String extra) {
        return "{\"name\": \"" + name + "\", \"version\": \"1.2.3\", \"jupyterlab\": {\"extension\": true"
                + (prebuilt ? ", \"_build\": {\"load\": \"static/remoteEntry.abc.js\", \"extension\": \"./extension\", \"style\": \"./style\"}" : "")
                + "}" + extra + "}";
    }

    /** A prebuilt extension's files under {@code prefix}. */
    private static Map<String, byte[]> extension(String prefix, String name, String extra) {
        Map<String, byte[]> f = new TreeMap<>();
        f.put(prefix + "package.json", pkg(name, true, extra).getBytes(StandardCharsets.UTF_8));
        f.put(prefix + "static/remoteEntry.abc.js", "remote".getBytes(StandardCharsets.UTF_8));
        f.put(prefix + "static/remoteEntry.abc.js.map", "{}".getBytes(StandardCharsets.UTF_8));
        f.put(prefix + "schemas/" + name + "/plugin.json", "{\"type\": \"object\", \"title\": \"T\"}".getBytes(StandardCharsets.UTF_8));
        f.put(prefix + "themes/" + name + "/index.css", "body {}".getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Test
    void aFolderExtensionIsCopiedRegisteredAndItsSchemasAndThemesPublished() {
        LiteTestKit kit = LiteTestKit.addons();
        extension("", "@org/my-ext", "").forEach(kit::liteFile);
        kit.deleteLiteFile("package.json");
        extension("exts/mine/", "@org/my-ext", "").forEach(kit::liteFile);
        LiteRun run = kit.option("federated_extensions", "exts/mine").option("no_sourcemaps", "true").run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertTrue(run.exists("extensions/@org/my-ext/static/remoteEntry.abc.js"));
        assertFalse(run.exists("extensions/@org/my-ext/static/remoteEntry.abc.js.map"), "no_sourcemaps applies");
        assertEquals("body {}", run.text("build/themes/@org/my-ext/index.css"));
        assertEquals("[{\"extension\":\"./extension\",\"load\":\"static/remoteEntry.abc.js\",\"name\":\"@org/my-ext\",\"style\":\"./style\"}]",
                run.json("jupyter-lite.json").at("/jupyter-config-data/federated_extensions").toString());
        assertEquals("""
                [
                  {
                    "id": "@org/my-ext:plugin",
                    "raw": "{}",
                    "schema": {
                      "title": "T",
                      "type": "object"
                    },
                    "settings": {},
                    "version": "1.2.3"
                  }
                ]""", run.text("build/schemas/all_federated.json"));
        assertEquals(List.of(), kit.run(Command.BUILD).ran(), "a second build runs nothing");
    }

    @Test
    void aWheelAndTheLiteDirExtensionsFolderAndExtraPathsAllWork() {
        byte[] wheel = TestArchives.zip(extension("whl_ext-1.0.data/data/share/jupyter/labextensions/whl-ext/", "whl-ext", ""));
        LiteTestKit kit = LiteTestKit.addons();
        kit.appArchive("app.tgz", TestApp.standard().tgz());
        extension("extensions/dir-ext/", "dir-ext", "").forEach(kit::liteFile);
        extension("labext/@scope/extra-ext/", "@scope/extra-ext", "").forEach(kit::liteFile);
        kit.liteFile("whl_ext-1.0-py3-none-any.whl", wheel);
        LiteRun run = kit.option("federated_extensions", "whl_ext-1.0-py3-none-any.whl")
                .config("{\"FederatedExtensionAddon\": {\"extra_labextensions_path\": [\"labext\"]}}")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        List<String> names = new ArrayList<>();
        run.json("jupyter-lite.json").at("/jupyter-config-data/federated_extensions").forEach(e -> names.add(e.at("/name").asString()));
        assertEquals(List.of("@scope/extra-ext", "dir-ext", "whl-ext"), names);
        for (String n : names) {
            assertTrue(run.exists("extensions/" + n + "/static/remoteEntry.abc.js"), n);
        }
    }

    @Test
    void aNonPrebuiltExtensionIsLeftOutWithAWarningAndASourceWithoutAnyFails() {
        LiteTestKit kit = LiteTestKit.addons();
        kit.liteFile("extensions/raw/package.json", pkg("raw", false, ""));
        LiteRun run = kit.run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals(List.of("<lite dir>/extensions: raw is not a prebuilt extension (its package.json has no jupyterlab._build.load); "
                + "it is left out. Build it (jupyter labextension build) and give the built folder"), run.warnings());
        assertFalse(run.exists("extensions/raw"));

        LiteTestKit empty = LiteTestKit.addons().liteFile("nothing/readme.txt", "x");
        LiteRun failed = empty.option("federated_extensions", "nothing").run(Command.BUILD);
        assertEquals(List.of("addon 'federated-extensions' failed in POST_BUILD, task 'extensions': nothing: no prebuilt JupyterLab "
                + "extension in it (a folder whose package.json has jupyterlab._build.load, or share/jupyter/labextensions/... "
                + "inside a package)"), failed.errors());
    }

    @Test
    void anExtensionReplacesTheAppsCopyOfItAndPublishesItsWheelIndex() {
        TestApp app = TestApp.standard()
                .with("extensions/kernel-ext/package.json", pkg("kernel-ext", true, ", \"piplite\": {\"wheelDir\": \"static/pypi\"}"))
                .with("extensions/kernel-ext/static/remoteEntry.abc.js", "old")
                .with("extensions/kernel-ext/static/old-chunk.js", "old chunk")
                .with("extensions/kernel-ext/static/pypi/all.json", "{}");
        List<String> published = new ArrayList<>();
        Addon reader = new Addon() {
            @Override
            public String id() {
                return "reader";
            }

            @Override
            public void register(AddonRegistrar r) {
                r.task(Phase.POST_BUILD, "read").reads(LiteKeys.WHEEL_INDEXES).reads(LiteKeys.FEDERATED_EXTENSIONS).always().run(ctx -> {
                    published.clear();
                    for (FederatedExtension e : ctx.get(LiteKeys.FEDERATED_EXTENSIONS)) {
                        published.add(e.name() + (e.fromApp() ? " (app)" : ""));
                    }
                    for (WheelIndex w : ctx.get(LiteKeys.WHEEL_INDEXES)) {
                        published.add(w.url());
                    }
                });
            }
        };
        LiteTestKit kit = LiteTestKit.addons(reader).app(app);
        LiteRun appOnly = kit.run(Command.BUILD);
        assertTrue(appOnly.ok(), appOnly::report);
        assertEquals(List.of("kernel-ext (app)", "./extensions/kernel-ext/static/pypi/all.json?sha256="
                + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"), published);

        extension("new/", "kernel-ext", ", \"piplite\": {\"wheelDir\": \"static/pypi\"}").forEach(kit::liteFile);
        kit.liteFile("new/static/pypi/all.json", "{\"x\": {}}");
        LiteRun replaced = kit.option("federated_extensions", "new").run(Command.BUILD);
        assertTrue(replaced.ok(), replaced::report);
        assertFalse(replaced.exists("extensions/kernel-ext/static/old-chunk.js"), "the app's copy is gone");
        assertEquals("remote", replaced.text("extensions/kernel-ext/static/remoteEntry.abc.js"));
        assertEquals("kernel-ext", published.get(0));
        assertTrue(published.get(1).startsWith("./extensions/kernel-ext/static/pypi/all.json?sha256="));
        LiteRun again = kit.run(Command.BUILD);
        assertEquals(List.of("reader:read"), again.ran(), "stable: nothing churns between the app's copy and the new one");
        assertEquals(replaced.tree(), again.tree());
    }
}
