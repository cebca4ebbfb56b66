package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.TaskEvent;
import dev.jlite.core.spi.Command;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code jlite check} on sites built by the real pipeline: runtime configuration against the site's schema,
 * settings overrides against plugin schemas, {@code api/} JSON, workspaces. Every problem is one line
 * naming the file, a JSON pointer and the reason; a check changes no file.
 */
class CheckTests {

    private static final String THEMES = "build/schemas/@jupyterlab/apputils-extension/themes.json";
    private static final String EXT_PLUGIN = "extensions/my-ext/schemas/my-ext/plugin.json";

    private static LiteRun check(LiteTestKit kit) {
        return kit.run(Command.CHECK);
    }

    @Test
    void theTestAppsSitePassesEveryCheck() {
        LiteRun run = check(LiteTestKit.addons());
        assertTrue(run.ok(), run::report);
        assertEquals(List.of(), run.warnings(), run::report);
        List<String> checks = run.result().events(TaskEvent.Outcome.RAN).stream().map(TaskEvent::task)
                .filter(t -> t.startsWith("check:")).toList();
        assertEquals(List.of("check:api", "check:config", "check:overrides", "check:workspaces"), checks.stream().sorted().toList());
    }

    @Test
    void anInvalidValueIsOnePreciseLineAndTheSiteIsLeftByteIdentical() {
        try (LiteTestKit kit = LiteTestKit.addons()
                .liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"exposeAppInBrowser\": \"yes\"}}")) {
            LiteRun built = kit.run(Command.BUILD);
            assertTrue(built.ok(), built::report);

            LiteRun checked = kit.run(Command.CHECK);
            assertEquals(1, checked.exitCode(), checked::report);
            assertEquals(List.of("jupyter-lite.json: /jupyter-config-data/exposeAppInBrowser: must be a boolean, got \"yes\""),
                    checked.errors());
            assertEquals(built.tree(), checked.tree(), "check changes no file of the site");
            assertEquals(built.tree(), LiteRun.tree(checked.output()));
            assertEquals(built.text("jupyter-lite.json"), checked.text("jupyter-lite.json"));
            assertEquals(List.of("check:config"), checked.result().events(TaskEvent.Outcome.FAILED).stream()
                    .map(TaskEvent::task).toList(), checked::report);
            assertTrue(checked.ran().containsAll(List.of("check:api", "check:overrides", "check:workspaces")),
                    "one failing check does not hide the others");
        }
    }

    @Test
    void aNotebookIsCheckedInItsMetadataAndAppFoldersToo() {
        LiteRun run = check(LiteTestKit.addons()
                .liteFile("jupyter-lite.ipynb", "{\"cells\": [], \"metadata\": {\"jupyter-lite\": {\"jupyter-config-data\": "
                        + "{\"disabledExtensions\": [\"@jupyterlab/ok-extension:plugin\", \"Not A Name\"]}}}, \"nbformat\": 4, "
                        + "\"nbformat_minor\": 5}")
                .liteFile("lab/jupyter-lite.json", "{\"jupyter-config-data\": {\"appUrl\": \"/lab/\"}}"));
        assertEquals(List.of(
                "jupyter-lite.ipynb: /metadata/jupyter-lite/jupyter-config-data/disabledExtensions/1: must be an NPM Package "
                        + "Name or a JupyterLab Plugin, got \"Not A Name\"",
                "lab/jupyter-lite.json: /jupyter-config-data/appUrl: must match the pattern .*[^/]$, got \"/lab/\""),
                run.errors(), run::report);
    }

    @Test
    void everyProblemOfAFileIsItsOwnLineInPointerOrder() {
        LiteRun run = check(LiteTestKit.addons()
                .app(TestApp.standard().with("repl/jupyter-lite.json", "{\"jupyter-config-data\": {}, \"jupyter-lite-schema-version\": 1}"))
                .liteFile("jupyter-lite.json", """
                        {"jupyter-config-data": {
                          "federated_extensions": [{"name": "my-ext"}],
                          "fileTypes": {"bad": {"name": "bad", "mimeTypes": [], "extensions": ["noext"], "fileFormat": "binary"}},
                          "contentsStorageDrivers": ["asyncStorage", 5],
                          "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": []}
                        }}"""));
        assertEquals(List.of(
                "jupyter-lite.json: /jupyter-config-data/contentsStorageDrivers/1: must be a string or \"asyncStorage\", got 5",
                "jupyter-lite.json: /jupyter-config-data/federated_extensions/0/load: is required but missing",
                "jupyter-lite.json: /jupyter-config-data/fileTypes/bad/extensions/0: must match the pattern ^\\..+, got \"noext\"",
                "jupyter-lite.json: /jupyter-config-data/fileTypes/bad/fileFormat: must be \"base64\", \"text\" or \"json\", "
                        + "got \"binary\"",
                "jupyter-lite.json: /jupyter-config-data/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel: "
                        + "must be an object, got an array",
                "repl/jupyter-lite.json: /jupyter-lite-schema-version: must be 0, got 1"),
                run.errors(), run::report);
    }

    @Test
    void withoutASchemaTheFilesAreOnlyCheckedForWellFormedJsonWithOneWarning() {
        LiteRun run = check(LiteTestKit.addons()
                .app(TestApp.standard().without("jupyterlite.schema.v0.json")
                        .with("tree/jupyter-lite.json", "{\"jupyter-config-data\": {\"appUrl\": }}"))
                .liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"exposeAppInBrowser\": \"yes\"}}"));
        assertEquals(List.of("jupyterlite.schema.v0.json is missing from the site, so its jupyter-lite.json and .ipynb files "
                + "were only checked for well-formed JSON; the schema comes with the app archive (a complete JupyterLite app has it)"),
                run.warnings(), run::report);
        assertEquals(List.of("tree/jupyter-lite.json:1:36: malformed JSON: Unexpected character ('}' (code 125)): expected a valid value (JSON String, "
                + "Number, Array, Object or token 'null', 'true' or 'false')"),
                run.errors(), run::report);
    }

    @Test
    void everyJsonFileUnderApiMustBeWellFormed() {
        LiteRun run = check(LiteTestKit.addons().app(TestApp.standard()
                .with("api/contents/all.json", "{\"content\": [], \"name\": \"\"}")
                .with("api/contents/sub/all.json", "{\"content\": [\n  {\"name\": \"a\",}\n]}")
                .with("api/extras/empty.json", "")
                .with("api/notes.txt", "not JSON, and not checked")));
        assertEquals(List.of(
                "api/contents/sub/all.json:2:16: malformed JSON: Unexpected character ('}' (code 125)): was expecting "
                        + "double-quote to start property name",
                "api/extras/empty.json: is empty, expected JSON"),
                run.errors(), run::report);
    }

    @Test
    void everyWorkspaceNeedsDataAndMetadata() {
        LiteRun run = check(LiteTestKit.addons().app(TestApp.standard().with("api/workspaces/all.json", """
                {"fine": {"data": {}, "metadata": {"id": "fine"}},
                 "no-data": {"metadata": {"id": "no-data"}},
                 "empty": {},
                 "a/b": 3}""")));
        assertEquals(1, run.exitCode());
        assertEquals(List.of(
                "api/workspaces/all.json: /no-data: workspace 'no-data' is missing `data`; a JupyterLab workspace file has "
                        + "both `data` and `metadata` (export it again from JupyterLab)",
                "api/workspaces/all.json: /empty: workspace 'empty' is missing `data`; a JupyterLab workspace file has "
                        + "both `data` and `metadata` (export it again from JupyterLab)",
                "api/workspaces/all.json: /empty: workspace 'empty' is missing `metadata`; a JupyterLab workspace file has "
                        + "both `data` and `metadata` (export it again from JupyterLab)",
                "api/workspaces/all.json: /a~1b: workspace 'a/b' must be an object with `data` and `metadata`, got 3"),
                run.errors(), run::report);
    }

    @Test
    void workspacesMustBeAnObjectById() {
        LiteRun run = check(LiteTestKit.addons().app(TestApp.standard().with("api/workspaces/all.json", "[]")));
        assertEquals(List.of("api/workspaces/all.json: (root): must be an object of workspaces by id, got an array"),
                run.errors(), run::report);
    }

    @Test
    void settingsOverridesAreCheckedAgainstTheirPluginsSchemas() {
        LiteRun run = check(LiteTestKit.addons()
                .app(TestApp.standard()
                        .with(THEMES, """
                                {"title": "Theme", "type": "object", "additionalProperties": false,
                                 "properties": {"theme": {"type": "string"}, "theme-scrollbars": {"type": "boolean"}}}""")
                        .with(EXT_PLUGIN, """
                                {"$schema": "http://json-schema.org/draft-07/schema", "type": "object",
                                 "properties": {"enabled": {"type": "boolean"}, "mode": {"$ref": "#/definitions/mode"}},
                                 "definitions": {"mode": {"oneOf": [{"const": "fast", "title": "Fast"}, {"const": "safe"}]}}}"""))
                .liteFile("jupyter-lite.json", """
                        {"jupyter-config-data": {"settingsOverrides": {
                          "@jupyterlab/apputils-extension:themes": {"theme": 3, "bogus": true, "theme-scrollbars": true},
                          "my-ext:plugin": {"enabled": "no", "mode": "slow"},
                          "unknown-ext:plugin": {"anything": 1},
                          "..:..": {"anything": 1}
                        }}}"""));
        String themes = "jupyter-lite.json: /jupyter-config-data/settingsOverrides/@jupyterlab~1apputils-extension:themes";
        assertEquals(List.of(
                themes + "/bogus: is not a property the schema allows here (per " + THEMES + ")",
                themes + "/theme: must be a string, got 3 (per " + THEMES + ")",
                "jupyter-lite.json: /jupyter-config-data/settingsOverrides/my-ext:plugin/enabled: must be a boolean, got \"no\" "
                        + "(per " + EXT_PLUGIN + ")",
                "jupyter-lite.json: /jupyter-config-data/settingsOverrides/my-ext:plugin/mode: must be \"fast\" or \"safe\", "
                        + "got \"slow\" (per " + EXT_PLUGIN + ")"),
                run.errors(), run::report);
        assertEquals(List.of(), run.warnings(), "a plugin without a schema in the site is skipped silently");
    }

    /** As the reference's kernel addon checks its settings: {@code disablePyPIFallback: ["x"]} fails the check. */
    @Test
    void litePluginSettingsAreCheckedAgainstTheSchemaTheirExtensionCarries() {
        String kernel = "extensions/@jupyterlite/pyodide-kernel-extension/static/schema/kernel.v0.schema.json";
        LiteRun run = check(LiteTestKit.addons()
                .app(TestApp.standard()
                        .with(kernel, """
                                {"$schema": "http://json-schema.org/draft-07/schema", "type": "object",
                                 "properties": {"disablePyPIFallback": {"type": "boolean"}, "pipliteUrls": {"type": "array",
                                 "items": {"type": "string"}}}}""")
                        .with("extensions/@jupyterlite/pyodide-kernel-extension/static/schema/kernel.v1.schema.json.bak", "{")
                        .with("extensions/@jupyterlite/pyodide-kernel-extension/static/schema/other.v0.schema.json",
                                "{\"type\": \"string\"}"))
                .liteFile("jupyter-lite.json", """
                        {"jupyter-config-data": {"litePluginSettings": {
                          "@jupyterlite/pyodide-kernel-extension:kernel": {"disablePyPIFallback": ["clearly-not-a-boolean"],
                            "pipliteUrls": ["./pypi/all.json"]},
                          "@jupyterlite/no-such-extension:kernel": {"anything": 1}
                        }}}"""));
        assertEquals(1, run.exitCode(), run::report);
        assertEquals(List.of("jupyter-lite.json: /jupyter-config-data/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel"
                + "/disablePyPIFallback: must be a boolean, got an array (per " + kernel + ")"), run.errors(), run::report);
    }

    @Test
    void aSettingsOverrideKeyThatIsNoPluginIdIsReported() {
        LiteRun run = check(LiteTestKit.addons()
                .liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"settingsOverrides\": {\"themes\": {}}}}"));
        assertEquals(List.of("jupyter-lite.json: /jupyter-config-data/settingsOverrides/themes: is not a plugin id: "
                + "settingsOverrides are keyed by <extension>:<plugin>, e.g. @jupyterlab/apputils-extension:themes"),
                run.errors(), run::report);
    }

    @Test
    void aSchemaThatRefersOutsideItselfIsAWarningAndNothingIsFetched() {
        LiteRun run = check(LiteTestKit.addons()
                .app(TestApp.standard().with(EXT_PLUGIN, """
                        {"type": "object", "properties": {"x": {"$ref": "https://schemas.example.invalid/x.json"}}}"""))
                .liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"settingsOverrides\": {\"my-ext:plugin\": {\"x\": 1}}}}"));
        assertTrue(run.ok(), run::report);
        assertEquals(1, run.warnings().size(), run::report);
        String warning = run.warnings().get(0);
        assertTrue(warning.startsWith(EXT_PLUGIN + ": cannot be used to check the site ("), warning);
        assertTrue(warning.contains("https://schemas.example.invalid/x.json"), warning);
        assertTrue(warning.endsWith("jlite follows only references inside a schema file and fetches nothing"), warning);
    }

    @Test
    void aMalformedSchemaIsAnErrorNamingIt() {
        LiteRun run = check(LiteTestKit.addons().app(TestApp.standard().with("jupyterlite.schema.v0.json", "{\"$ref\": ")));
        assertEquals(List.of("jupyterlite.schema.v0.json:1:10: malformed JSON: Unexpected end-of-input within/between Object entries"),
                run.errors(), run::report);
    }

    @Test
    void checkingTwiceGivesTheSameLines() {
        try (LiteTestKit kit = LiteTestKit.addons()
                .liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"exposeAppInBrowser\": 1, \"appName\": false}}")) {
            LiteRun first = kit.run(Command.CHECK);
            LiteRun second = kit.run(Command.CHECK);
            assertEquals(2, first.errors().size(), first::report);
            assertEquals(first.errors(), second.errors());
            assertFalse(second.ran().contains("static:copy"), "the build is up to date; the checks run anyway");
            assertTrue(second.events().stream().anyMatch(e -> e.task().equals("check:config")
                    && e.outcome() == TaskEvent.Outcome.FAILED), second::report);
        }
    }
}
