package dev.jlite.core.internal.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.ConfigPatch;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The reference's merge rules for {@code jupyter-config-data}, one rule per test. */
class ConfigMergerTests {

    private static final JsonSupport JSON = JsonSupport.instance();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ROOT = ConfigPatch.ROOT;

    private static ObjectNode object(String json) {
        return (ObjectNode) JSON.parse(json, "test");
    }

    /** Compares the written text, so a failure shows both documents laid out. */
    private static void assertJson(String expected, JsonNode actual) {
        assertEquals(JSON.format(JSON.parse(expected, "expected")), JSON.format(actual));
    }

    // --- MERGE ----------------------------------------------------------------------------------------

    @Test
    void disabledExtensionsAreAppendedWithoutRepeats() {
        ObjectNode data = object("""
                {"disabledExtensions": ["@a/x:plugin", "@b/y"]}""");

        ConfigMerger.merge(data, object("""
                {"disabledExtensions": ["@c/z", "@a/x:plugin", "@c/z"]}"""));

        assertJson("""
                {"disabledExtensions": ["@a/x:plugin", "@b/y", "@c/z"]}""", data);
    }

    @Test
    void federatedExtensionsAreAppendedDeduplicatedByNameLastWinsAndSortedByName() {
        ObjectNode data = object("""
                {"federated_extensions": [
                  {"name": "b-ext", "load": "static/remoteEntry.1.js"},
                  {"name": "a-ext", "load": "static/remoteEntry.a.js"}
                ]}""");

        ConfigMerger.merge(data, object("""
                {"federated_extensions": [
                  {"name": "c-ext", "load": "static/remoteEntry.c.js"},
                  {"name": "b-ext", "load": "static/remoteEntry.2.js", "extension": "./extension"}
                ]}"""));

        assertJson("""
                {"federated_extensions": [
                  {"name": "a-ext", "load": "static/remoteEntry.a.js"},
                  {"name": "b-ext", "load": "static/remoteEntry.2.js", "extension": "./extension"},
                  {"name": "c-ext", "load": "static/remoteEntry.c.js"}
                ]}""", data);
    }

    @Test
    void federatedExtensionsOfTheFirstFragmentAreSortedAndDeduplicatedToo() {
        ObjectNode data = object("{}");

        ConfigMerger.merge(data, object("""
                {"federated_extensions": [{"name": "z", "v": 1}, {"name": "m"}, {"name": "z", "v": 2}]}"""));

        assertJson("""
                {"federated_extensions": [{"name": "m"}, {"name": "z", "v": 2}]}""", data);
    }

    @Test
    void federatedExtensionsWithoutANameAreKeptLastInTheirOrder() {
        ObjectNode data = object("""
                {"federated_extensions": [{"load": "first.js"}, {"name": "b"}]}""");

        ConfigMerger.merge(data, object("""
                {"federated_extensions": [{"load": "second.js"}, {"name": "a"}]}"""));

        assertJson("""
                {"federated_extensions": [{"name": "a"}, {"name": "b"}, {"load": "first.js"}, {"load": "second.js"}]}""",
                data);
    }

    @Test
    void settingsOverridesAreMergedPerPluginOneLevelDeep() {
        ObjectNode data = object("""
                {"settingsOverrides": {
                  "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Light", "adaptive-theme": false},
                  "@jupyterlab/notebook-extension:tracker": {"codeCellConfig": {"lineNumbers": true}}
                }}""");

        ConfigMerger.merge(data, object("""
                {"settingsOverrides": {
                  "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
                  "@jupyterlab/notebook-extension:tracker": {"codeCellConfig": {"autoClosingBrackets": true}},
                  "@jupyterlab/fileeditor-extension:plugin": {"toolbar": []}
                }}"""));

        // Inner keys of a plugin are replaced whole (codeCellConfig loses lineNumbers); other keys and plugins stay.
        assertJson("""
                {"settingsOverrides": {
                  "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark", "adaptive-theme": false},
                  "@jupyterlab/notebook-extension:tracker": {"codeCellConfig": {"autoClosingBrackets": true}},
                  "@jupyterlab/fileeditor-extension:plugin": {"toolbar": []}
                }}""", data);
    }

    @Test
    void litePluginSettingsAreMergedPerPluginOneLevelDeep() {
        ObjectNode data = object("""
                {"litePluginSettings": {
                  "@jupyterlite/pyodide-kernel-extension:kernel": {"pyodideUrl": "a/pyodide.js", "loadPyodideOptions": {"x": 1}},
                  "@jupyterlite/other:plugin": {"k": "v"}
                }}""");

        ConfigMerger.merge(data, object("""
                {"litePluginSettings": {
                  "@jupyterlite/pyodide-kernel-extension:kernel": {"pipliteUrls": ["b/all.json"], "loadPyodideOptions": {"y": 2}}
                }}"""));

        assertJson("""
                {"litePluginSettings": {
                  "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "pyodideUrl": "a/pyodide.js",
                    "loadPyodideOptions": {"y": 2},
                    "pipliteUrls": ["b/all.json"]
                  },
                  "@jupyterlite/other:plugin": {"k": "v"}
                }}""", data);
    }

    @Test
    void aPluginThatIsNotAnObjectIsReplaced() {
        ObjectNode data = object("""
                {"litePluginSettings": {"p": "not an object"}}""");

        ConfigMerger.merge(data, object("""
                {"litePluginSettings": {"p": {"k": 1}}}"""));

        assertJson("""
                {"litePluginSettings": {"p": {"k": 1}}}""", data);
    }

    @Test
    void otherKeysAreReplacedEvenWhenTheyAreObjects() {
        ObjectNode data = object("""
                {"appName": "JupyterLite", "exposeAppInBrowser": false,
                 "fullLabextensionsUrl": "./extensions", "notebookPage": {"a": 1, "b": 2}, "kept": [1]}""");

        ConfigMerger.merge(data, object("""
                {"appName": "My Site", "exposeAppInBrowser": true, "notebookPage": {"c": 3}}"""));

        assertJson("""
                {"appName": "My Site", "exposeAppInBrowser": true,
                 "fullLabextensionsUrl": "./extensions", "notebookPage": {"c": 3}, "kept": [1]}""", data);
    }

    @Test
    void anAppendedKeyThatIsNotAListIsReplaced() {
        ObjectNode data = object("""
                {"disabledExtensions": ["a"]}""");

        ConfigMerger.merge(data, object("""
                {"disabledExtensions": null}"""));

        assertJson("""
                {"disabledExtensions": null}""", data);
    }

    @Test
    void mergeKeepsNoReferenceToTheFragment() {
        ObjectNode data = object("{}");
        ObjectNode fragment = object("""
                {"settingsOverrides": {"p": {"k": 1}}, "list": ["a"]}""");

        ConfigMerger.merge(data, fragment);
        ((ObjectNode) fragment.get("settingsOverrides").get("p")).put("k", 2);
        ((ArrayNode) fragment.get("list")).add("b");

        assertJson("""
                {"settingsOverrides": {"p": {"k": 1}}, "list": ["a"]}""", data);
    }

    @Test
    void mergePatchIsAppliedThroughApply() {
        ObjectNode data = object("""
                {"disabledExtensions": ["a"], "appName": "x"}""");

        ConfigMerger.apply(data, ConfigPatch.merge(ROOT, object("""
                {"disabledExtensions": ["b"], "appName": "y"}""")));

        assertJson("""
                {"disabledExtensions": ["a", "b"], "appName": "y"}""", data);
    }

    // --- SET, SET_DEFAULT ---------------------------------------------------------------------------

    @Test
    void setReplacesTheValueAndCreatesObjectsOnTheWay() {
        ObjectNode data = object("""
                {"a": {"keep": true, "b": "not an object"}, "x": 1}""");

        ConfigMerger.apply(data, ConfigPatch.set(ROOT, "/a/b/c", NODES.numberNode(1)));
        ConfigMerger.apply(data, ConfigPatch.set(ROOT, "/x", JSON.parse("[2]", "v")));

        assertJson("""
                {"a": {"keep": true, "b": {"c": 1}}, "x": [2]}""", data);
    }

    @Test
    void setDefaultSetsAnAbsentValue() {
        ObjectNode data = object("""
                {"other": 1}""");

        ConfigMerger.apply(data, ConfigPatch.setDefault(ROOT, "/deep/name", NODES.stringNode("v")));

        assertJson("""
                {"other": 1, "deep": {"name": "v"}}""", data);
    }

    @Test
    void setDefaultReplacesNull() {
        ObjectNode data = object("""
                {"name": null}""");

        ConfigMerger.apply(data, ConfigPatch.setDefault(ROOT, "/name", NODES.stringNode("v")));

        assertJson("""
                {"name": "v"}""", data);
    }

    @Test
    void setDefaultKeepsAPresentValueEvenFalseOrEmpty() {
        ObjectNode data = object("""
                {"flag": false, "text": "", "list": []}""");

        ConfigMerger.apply(data, ConfigPatch.setDefault(ROOT, "/flag", NODES.booleanNode(true)));
        ConfigMerger.apply(data, ConfigPatch.setDefault(ROOT, "/text", NODES.stringNode("v")));
        ConfigMerger.apply(data, ConfigPatch.setDefault(ROOT, "/list", JSON.parse("[1]", "v")));

        assertJson("""
                {"flag": false, "text": "", "list": []}""", data);
    }

    @Test
    void setCopiesTheValue() {
        ObjectNode data = object("{}");
        ObjectNode value = object("""
                {"k": 1}""");

        ConfigMerger.apply(data, ConfigPatch.set(ROOT, "/v", value));
        value.put("k", 2);

        assertJson("""
                {"v": {"k": 1}}""", data);
    }

    // --- URLs ---------------------------------------------------------------------------------------

    @Test
    void prependUrlPutsTheUrlFirst() {
        ObjectNode data = object("""
                {"pipliteUrls": ["./a/all.json", "./b/all.json"]}""");

        ConfigMerger.apply(data, ConfigPatch.prependUrl(ROOT, "/pipliteUrls", "./c/all.json"));

        assertJson("""
                {"pipliteUrls": ["./c/all.json", "./a/all.json", "./b/all.json"]}""", data);
    }

    @Test
    void prependUrlReplacesAnEntryWithTheSamePathWhereItStands() {
        ObjectNode data = object("""
                {"pipliteUrls": ["./a/all.json", "./b/all.json?sha256=old", "./c/all.json"]}""");

        ConfigMerger.apply(data, ConfigPatch.prependUrl(ROOT, "/pipliteUrls", "./b/all.json#v2"));

        assertJson("""
                {"pipliteUrls": ["./a/all.json", "./b/all.json#v2", "./c/all.json"]}""", data);
    }

    @Test
    void prependUrlCreatesTheListAndItsParents() {
        ObjectNode data = object("{}");

        ConfigMerger.apply(data, ConfigPatch.prependUrl(ROOT, "/litePluginSettings/p/urls", "./x.json"));

        assertJson("""
                {"litePluginSettings": {"p": {"urls": ["./x.json"]}}}""", data);
    }

    @Test
    void appendUrlPutsTheUrlLast() {
        ObjectNode data = object("""
                {"urls": ["./a.json"]}""");

        ConfigMerger.apply(data, ConfigPatch.appendUrl(ROOT, "/urls", "./b.json?x=1"));

        assertJson("""
                {"urls": ["./a.json", "./b.json?x=1"]}""", data);
    }

    @Test
    void appendUrlReplacesAnEntryWithTheSamePathWhereItStands() {
        ObjectNode data = object("""
                {"urls": ["./a.json#old", "./b.json"]}""");

        ConfigMerger.apply(data, ConfigPatch.appendUrl(ROOT, "/urls", "./a.json?new"));

        assertJson("""
                {"urls": ["./a.json?new", "./b.json"]}""", data);
    }

    @Test
    void withoutQueryCutsAtTheFirstQueryOrFragment() {
        assertEquals("./a.json", ConfigMerger.withoutQuery("./a.json?x=1#y"));
        assertEquals("./a.json", ConfigMerger.withoutQuery("./a.json#y?x=1"));
        assertEquals("./a.json", ConfigMerger.withoutQuery("./a.json"));
    }

    // --- pointers -----------------------------------------------------------------------------------

    @Test
    void pluginSettingPointerEscapesTheSlashOfTheScope() {
        String pointer = ConfigPatch.pluginSetting("@jupyterlite/pyodide-kernel-extension:kernel", "pyodideUrl");

        assertEquals("/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel/pyodideUrl", pointer);
    }

    @Test
    void setThroughAPluginSettingPointerReachesThePlugin() {
        ObjectNode data = object("""
                {"litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {"other": 1}}}""");

        ConfigMerger.apply(data, ConfigPatch.set(ROOT,
                ConfigPatch.pluginSetting("@jupyterlite/pyodide-kernel-extension:kernel", "pyodideUrl"),
                NODES.stringNode("./static/pyodide/pyodide.mjs")));

        assertJson("""
                {"litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
                  "other": 1, "pyodideUrl": "./static/pyodide/pyodide.mjs"}}}""", data);
    }

    @Test
    void escapedTokensAreDecodedOnceAndInOrder() {
        assertEquals("a~0~1b", ConfigPatch.escape("a~/b"));
        // RFC 6901: "~01" is "~1" (not "/"), "~10" is "/0".
        assertEquals(List.of("a~/b", "~1", "/0", ""), ConfigMerger.tokens("/a~0~1b/~01/~10/"));

        ObjectNode data = object("{}");
        ConfigMerger.apply(data, ConfigPatch.set(ROOT, "/" + ConfigPatch.escape("x/y~z"), NODES.numberNode(1)));
        assertJson("""
                {"x/y~z": 1}""", data);
    }

    @Test
    void aPatchRefusesAFileThatIsNotARuntimeConfiguration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigPatch.set("lab/index.html", "/x", NODES.numberNode(1)));

        assertEquals("not a runtime configuration file: lab/index.html", e.getMessage());
    }

    @Test
    void aPatchRefusesAPointerThatDoesNotFitItsOp() {
        IllegalArgumentException noSlash = assertThrows(IllegalArgumentException.class,
                () -> ConfigPatch.set(ROOT, "x", NODES.numberNode(1)));
        IllegalArgumentException mergePointer = assertThrows(IllegalArgumentException.class,
                () -> new ConfigPatch(ROOT, ConfigPatch.Op.MERGE, "/x", object("{}")));

        assertEquals("bad pointer for SET: 'x'", noSlash.getMessage());
        assertEquals("bad pointer for MERGE: '/x'", mergePointer.getMessage());
    }

    @Test
    void patchesAppliedInOrderGiveTheReferenceResult() {
        ObjectNode data = object("""
                {"appName": "JupyterLite", "disabledExtensions": ["x"],
                 "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {"pipliteUrls": ["./old/all.json"]}}}""");
        String kernel = "@jupyterlite/pyodide-kernel-extension:kernel";

        ConfigMerger.apply(data, ConfigPatch.merge(ROOT, object("""
                {"disabledExtensions": ["y", "x"], "federated_extensions": [{"name": "ext"}]}""")));
        ConfigMerger.apply(data, ConfigPatch.setDefault(ROOT, ConfigPatch.pluginSetting(kernel, "pyodideUrl"),
                NODES.stringNode("./static/pyodide/pyodide.mjs")));
        ConfigMerger.apply(data, ConfigPatch.prependUrl(ROOT, ConfigPatch.pluginSetting(kernel, "pipliteUrls"),
                "./extensions/@jupyterlite/pyodide-kernel-extension/static/pypi/all.json"));

        assertJson("""
                {"appName": "JupyterLite", "disabledExtensions": ["x", "y"],
                 "federated_extensions": [{"name": "ext"}],
                 "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
                   "pipliteUrls": ["./extensions/@jupyterlite/pyodide-kernel-extension/static/pypi/all.json", "./old/all.json"],
                   "pyodideUrl": "./static/pyodide/pyodide.mjs"}}}""", data);
    }
}
