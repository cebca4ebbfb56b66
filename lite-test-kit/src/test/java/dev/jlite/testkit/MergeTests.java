package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the lite dir's {@code jupyter-lite.json} and {@code .ipynb} merge into the app's, rule by rule.
 * Expected files are written out in full: the writer's format (sorted keys, two-space indent, no
 * trailing newline) is part of what is tested. The mimetypes addon is off, so that its 36 fileTypes do
 * not hide the rule under test.
 */
class MergeTests {

    private static String site(String configData) {
        return "{\"jupyter-config-data\": " + configData + ", \"jupyter-lite-schema-version\": 0}";
    }

    private static LiteRun build(String appConfigData, String userConfigData) {
        LiteRun run = LiteTestKit.addons().option("disable_addons", "mimetypes")
                .app(TestApp.standard().with("jupyter-lite.json", site(appConfigData)))
                .liteFile("jupyter-lite.json", "{\"jupyter-config-data\": " + userConfigData + "}")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        return run;
    }

    @Test
    void otherKeysAreReplaced() {
        LiteRun run = build("""
                {"appName": "JupyterLite", "appUrl": "./lab", "fileTypes": {"csv": {"name": "csv"}}}""", """
                {"appName": "My Lite", "fileTypes": {"json": {"name": "json"}}, "exposeAppInBrowser": true}""");
        assertEquals("""
                {
                  "jupyter-config-data": {
                    "appName": "My Lite",
                    "appUrl": "./lab",
                    "exposeAppInBrowser": true,
                    "fileTypes": {
                      "json": {
                        "name": "json"
                      }
                    }
                  },
                  "jupyter-lite-schema-version": 0
                }""", run.text("jupyter-lite.json"));
    }

    @Test
    void disabledExtensionsAreAppendedOnce() {
        LiteRun run = build("""
                {"disabledExtensions": ["@jupyterlab/a", "@jupyterlab/b"]}""", """
                {"disabledExtensions": ["@jupyterlab/c", "@jupyterlab/a"]}""");
        assertEquals("""
                {
                  "jupyter-config-data": {
                    "disabledExtensions": [
                      "@jupyterlab/a",
                      "@jupyterlab/b",
                      "@jupyterlab/c"
                    ]
                  },
                  "jupyter-lite-schema-version": 0
                }""", run.text("jupyter-lite.json"));
    }

    @Test
    void federatedExtensionsAreAppendedDeduplicatedByNameAndSorted() {
        LiteRun run = build("""
                {"federated_extensions": [{"name": "zeta", "load": "static/z.js"}, {"name": "alpha", "load": "static/a1.js"}]}""",
                """
                {"federated_extensions": [{"name": "beta", "load": "static/b.js"}, {"name": "alpha", "load": "static/a2.js", "style": "./style"}]}""");
        assertEquals("""
                {
                  "jupyter-config-data": {
                    "federated_extensions": [
                      {
                        "load": "static/a2.js",
                        "name": "alpha",
                        "style": "./style"
                      },
                      {
                        "load": "static/b.js",
                        "name": "beta"
                      },
                      {
                        "load": "static/z.js",
                        "name": "zeta"
                      }
                    ]
                  },
                  "jupyter-lite-schema-version": 0
                }""", run.text("jupyter-lite.json"));
    }

    @Test
    void settingsOverridesMergePerPlugin() {
        LiteRun run = build("""
                {"settingsOverrides": {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Light", "adaptive-theme": false}}}""",
                """
                {"settingsOverrides": {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
                 "@jupyterlab/notebook-extension:tracker": {"codeCellConfig": {"lineNumbers": true}}}}""");
        assertEquals("""
                {
                  "jupyter-config-data": {
                    "settingsOverrides": {
                      "@jupyterlab/apputils-extension:themes": {
                        "adaptive-theme": false,
                        "theme": "JupyterLab Dark"
                      },
                      "@jupyterlab/notebook-extension:tracker": {
                        "codeCellConfig": {
                          "lineNumbers": true
                        }
                      }
                    }
                  },
                  "jupyter-lite-schema-version": 0
                }""", run.text("jupyter-lite.json"));
    }

    /** The reference replaces litePluginSettings wholesale at build time; jlite merges per plugin, as the front end does. */
    @Test
    void litePluginSettingsMergePerPlugin() {
        LiteRun run = build("""
                {"litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {"pyodideUrl": "https://cdn.example/pyodide.mjs",
                 "disablePyPIFallback": false}, "@jupyterlite/other:plugin": {"x": 1}}}""", """
                {"litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {"pyodideUrl": "./static/pyodide/pyodide.mjs"}}}""");
        assertEquals("""
                {
                  "jupyter-config-data": {
                    "litePluginSettings": {
                      "@jupyterlite/other:plugin": {
                        "x": 1
                      },
                      "@jupyterlite/pyodide-kernel-extension:kernel": {
                        "disablePyPIFallback": false,
                        "pyodideUrl": "./static/pyodide/pyodide.mjs"
                      }
                    }
                  },
                  "jupyter-lite-schema-version": 0
                }""", run.text("jupyter-lite.json"));
    }

    @Test
    void aNotebookConfigMergesIntoItsMetadata() {
        String appNotebook = """
                {"cells": [], "metadata": {"jupyter-lite": {"jupyter-config-data": {"appName": "JupyterLite",
                 "disabledExtensions": ["a"]}, "jupyter-lite-schema-version": 0}}, "nbformat": 4, "nbformat_minor": 5}""";
        String userNotebook = """
                {"cells": [], "metadata": {"jupyter-lite": {"jupyter-config-data": {"disabledExtensions": ["b"]}}},
                 "nbformat": 4, "nbformat_minor": 5}""";
        LiteRun run = LiteTestKit.addons().option("disable_addons", "mimetypes").app(TestApp.standard().with("jupyter-lite.ipynb", appNotebook))
                .liteFile("jupyter-lite.ipynb", userNotebook).run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals("""
                {
                  "cells": [],
                  "metadata": {
                    "jupyter-lite": {
                      "jupyter-config-data": {
                        "appName": "JupyterLite",
                        "disabledExtensions": [
                          "a",
                          "b"
                        ]
                      },
                      "jupyter-lite-schema-version": 0
                    }
                  },
                  "nbformat": 4,
                  "nbformat_minor": 5
                }""", run.text("jupyter-lite.ipynb"));
    }

    @Test
    void anAppFolderConfigMergesIntoThatApp() {
        LiteRun run = LiteTestKit.addons().option("disable_addons", "mimetypes")
                .liteFile("lab/jupyter-lite.json", "{\"jupyter-config-data\": {\"settingsUrl\": \"../build/custom\"}}")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals("""
                {
                  "jupyter-config-data": {
                    "appUrl": "/lab",
                    "settingsUrl": "../build/custom"
                  },
                  "jupyter-lite-schema-version": 0
                }""", run.text("lab/jupyter-lite.json"));
        assertEquals(TestApp.standard().files().get("repl/jupyter-lite.json").length, run.text("repl/jupyter-lite.json").length(),
                "other apps' files are copied as they are");
    }

    @Test
    void aSubFolderThatIsNotAnAppIsSkippedWithAWarning() {
        LiteRun run = LiteTestKit.addons().option("disable_addons", "mimetypes")
                .liteFile("sub/jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"x\"}}")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals(List.of("Skipping sub/jupyter-lite.json: its parent directory does not exist in the site (apps: lab, repl, "
                + "tree, notebooks); put it in an app's folder or at the top"), run.warnings());
        assertFalse(run.exists("sub"));
        assertEquals("JupyterLite", run.json("jupyter-lite.json").at("/jupyter-config-data/appName").asString());
    }

    @Test
    void aConfigOfAPrunedAppIsSkippedWithAWarning() {
        LiteRun run = LiteTestKit.addons().option("disable_addons", "mimetypes").option("apps", "lab")
                .liteFile("repl/jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"x\"}}")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals(1, run.warnings().size(), run::report);
        assertTrue(run.warnings().get(0).startsWith("Skipping repl/jupyter-lite.json"));
        assertFalse(run.exists("repl"));
    }

    @Test
    void configsUnderIgnoredFoldersAreSkippedSilently() {
        String other = "{\"jupyter-config-data\": {\"appName\": \"wrong\"}}";
        LiteRun run = LiteTestKit.addons().option("disable_addons", "mimetypes")
                .liteFile(".venv/lib/jupyter-lite.json", other)
                .liteFile("node_modules/pkg/jupyter-lite.json", other)
                .liteFile("_build/jupyter-lite.json", other)
                .liteFile("build/jupyter-lite.json", other)
                .liteFile("envs/x/jupyter-lite.json", other)
                .config("{\"LiteBuildConfig\": {\"extra_ignore_lite_config\": [\"/lab/\"]}}")
                .liteFile("lab/jupyter-lite.json", other)
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals(List.of(), run.warnings());
        assertEquals(new String(TestApp.standard().files().get("jupyter-lite.json"), java.nio.charset.StandardCharsets.UTF_8),
                run.text("jupyter-lite.json"));
        assertEquals(new String(TestApp.standard().files().get("lab/jupyter-lite.json"), java.nio.charset.StandardCharsets.UTF_8),
                run.text("lab/jupyter-lite.json"));
    }

    @Test
    void theOutputFolderOfTheLiteDirIsNotMergedBackIn() {
        LiteTestKit kit = LiteTestKit.addons().option("disable_addons", "mimetypes").liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"A\"}}");
        kit.run(Command.BUILD);
        LiteRun again = kit.option("force", "true").run(Command.BUILD);
        assertEquals(List.of(), again.warnings(), "_output/lab/jupyter-lite.json etc. are not sources");
    }

    /** A user's config written back into the lite dir rebuilds to the same bytes (the reference's test_validate_config). */
    @Test
    void aBuiltConfigCopiedBackIsStable() {
        LiteTestKit kit = LiteTestKit.addons().option("disable_addons", "mimetypes").liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"A\", "
                + "\"disabledExtensions\": [\"x\"]}}");
        LiteRun first = kit.run(Command.BUILD);
        kit.liteFile("jupyter-lite.json", first.text("jupyter-lite.json"));
        LiteRun second = kit.run(Command.BUILD);
        assertEquals(first.text("jupyter-lite.json"), second.text("jupyter-lite.json"));
    }

    /** As the reference's merge: a key beside jupyter-config-data replaces the app's, and the merged file keeps it. */
    @Test
    void keysBesideTheConfigDataAreKept() {
        LiteRun run = LiteTestKit.addons()
                .app(TestApp.standard().with("jupyter-lite.json", "{\"jupyter-lite-schema-version\": 0, \"kept\": \"the app's\", "
                        + "\"jupyter-config-data\": {\"appName\": \"App\"}}"))
                .liteFile("jupyter-lite.json", "{\"my-own\": {\"note\": 1}, \"kept\": \"mine\", \"jupyter-config-data\": {}}")
                .liteFile("repl/jupyter-lite.json", "{\"only-keys\": true}")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals(1, run.json("jupyter-lite.json").at("/my-own/note").asInt());
        assertEquals("mine", run.json("jupyter-lite.json").at("/kept").asString());
        assertEquals("App", run.json("jupyter-lite.json").at("/jupyter-config-data/appName").asString());
        assertTrue(run.json("repl/jupyter-lite.json").at("/only-keys").asBoolean(), "a file with keys and no config data");
    }
}
