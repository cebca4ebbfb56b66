package dev.jlite.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small, fake JupyterLite app to build sites from in tests: the files of a real app's layout
 * ({@code index.html}, {@code jupyter-lite.json}, app folders, {@code build/} bundles with source maps),
 * with tiny contents. Written into the kit's file system as a folder.
 */
public final class TestApp {

    /**
     * The app's {@code jupyterlite.schema.v0.json}: a Draft-07 schema shaped like JupyterLite's own (the same
     * definitions and references), with a subset of its keys.
     */
    static final String SCHEMA = """
            {
              "$schema": "http://json-schema.org/draft-07/schema",
              "$id": "https://jupyterlite.readthedocs.io/en/latest/reference/schema-v0.html#",
              "title": "JupyterLite Schema v0 (jlite test app)",
              "$ref": "#/definitions/top",
              "definitions": {
                "top": {
                  "properties": {
                    "jupyter-lite-schema-version": {"type": "integer", "enum": [0]},
                    "jupyter-config-data": {"$ref": "#/definitions/jupyter-config-data"}
                  }
                },
                "jupyter-config-data": {
                  "properties": {
                    "appName": {"type": "string"},
                    "appUrl": {"$ref": "#/definitions/non-trailing-slash-uri"},
                    "baseUrl": {"type": "string", "format": "uri-reference", "pattern": ".*/$"},
                    "settingsUrl": {"$ref": "#/definitions/non-trailing-slash-uri"},
                    "exposeAppInBrowser": {"type": "boolean"},
                    "enableMemoryStorage": {"type": "boolean"},
                    "contentsStorageDrivers": {"$ref": "#/definitions/localforage-driver-set"},
                    "disabledExtensions": {
                      "type": "array",
                      "items": {"oneOf": [{"$ref": "#/definitions/npm-package-name"}, {"$ref": "#/definitions/lab-extension-plugin-name"}]}
                    },
                    "federated_extensions": {"type": "array", "items": {"$ref": "#/definitions/federated-extension"}},
                    "fileTypes": {"additionalProperties": {"$ref": "#/definitions/file-type"}},
                    "litePluginSettings": {"type": "object", "additionalProperties": {"type": "object"}},
                    "settingsOverrides": {
                      "type": "object",
                      "patternProperties": {"^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*:(.*)$": {"type": "object"}}
                    }
                  }
                },
                "non-trailing-slash-uri": {"type": "string", "format": "uri-reference", "pattern": ".*[^/]$"},
                "federated-extension": {
                  "type": "object",
                  "required": ["name", "load"],
                  "properties": {
                    "name": {"$ref": "#/definitions/npm-package-name"},
                    "load": {"type": "string", "format": "uri-reference"},
                    "extension": {"type": "string", "format": "uri-reference"},
                    "mimeExtension": {"type": "string", "format": "uri-reference"},
                    "style": {"type": "string", "format": "uri-reference"}
                  }
                },
                "file-type": {
                  "type": "object",
                  "required": ["name", "mimeTypes", "extensions", "fileFormat"],
                  "properties": {
                    "name": {"type": "string"},
                    "mimeTypes": {"type": "array", "items": {"type": "string"}},
                    "extensions": {"type": "array", "items": {"type": "string", "pattern": "^\\\\..+"}},
                    "fileFormat": {"type": "string", "enum": ["base64", "text", "json"]}
                  }
                },
                "npm-package-name": {
                  "title": "An NPM Package Name",
                  "type": "string",
                  "pattern": "^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$"
                },
                "lab-extension-plugin-name": {
                  "title": "A JupyterLab Plugin",
                  "type": "string",
                  "pattern": "^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*:(.*)$"
                },
                "localforage-driver-set": {
                  "anyOf": [
                    {"type": "null", "title": "detect"},
                    {"type": "array", "items": {"$ref": "#/definitions/localforage-driver"}}
                  ]
                },
                "localforage-driver": {
                  "anyOf": [
                    {"type": "string", "title": "custom"},
                    {"type": "string", "enum": ["asyncStorage"]}
                  ]
                }
              }
            }
            """;

    private final Map<String, byte[]> files;

    private TestApp(Map<String, byte[]> files) {
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /**
     * An app with the given app folders.
     *
     * @param apps app folder names, e.g. {@code lab}, {@code repl}; the first is the root's {@code appUrl}
     * @return the app
     */
    public static TestApp withApps(String... apps) {
        Map<String, byte[]> f = new TreeMap<>();
        StringBuilder list = new StringBuilder();
        for (String app : apps) {
            list.append(list.length() == 0 ? "" : ", ").append('"').append(app).append('"');
            put(f, app + "/index.html", "<!doctype html><html><head><script id=\"jupyter-config-data\" type=\"application/json\" "
                    + "data-jupyter-lite-root=\"..\">{}</script></head><body>" + app + "</body></html>\n");
            put(f, app + "/jupyter-lite.json", "{\n  \"jupyter-config-data\": {\n    \"appUrl\": \"/" + app
                    + "\",\n    \"settingsUrl\": \"../build/schemas\"\n  },\n  \"jupyter-lite-schema-version\": 0\n}\n");
            put(f, app + "/package.json", "{\"name\": \"@jupyterlite/app-" + app + "\", \"version\": \"0.0.0\"}\n");
            put(f, "build/" + app + "/bundle.js", "console.log('" + app + "');\n");
            put(f, "build/" + app + "/bundle.js.map", "{\"version\": 3}\n");
        }
        put(f, "package.json", "{\n  \"name\": \"@jupyterlite/app\",\n  \"version\": \"0.0.0-test\",\n"
                + "  \"jupyterlite\": {\"apps\": [" + list + "]}\n}\n");
        put(f, "index.html", "<!doctype html><html><head><script id=\"jupyter-config-data\" type=\"application/json\" "
                + "data-jupyter-lite-root=\".\">{}</script></head><body>root</body></html>\n");
        put(f, "jupyter-lite.json", "{\n  \"jupyter-config-data\": {\n    \"appName\": \"JupyterLite\",\n"
                + "    \"appUrl\": \"./" + (apps.length > 0 ? apps[0] : "lab") + "\",\n    \"baseUrl\": \"./\",\n"
                + "    \"disabledExtensions\": [],\n    \"federated_extensions\": [],\n    \"settingsOverrides\": {}\n  },\n"
                + "  \"jupyter-lite-schema-version\": 0\n}\n");
        put(f, "jupyterlite.schema.v0.json", SCHEMA);
        put(f, "config-utils.js", "export const config = {};\n");
        put(f, "build/shared.js", "export const shared = 1;\n");
        put(f, "build/shared.js.map", "{\"version\": 3}\n");
        put(f, "build/style.css", "body {}\n");
        put(f, "build/style.css.map", "{\"version\": 3}\n");
        return new TestApp(f);
    }

    /**
     * The app of a current JupyterLite release's layout: lab, repl, tree, notebooks.
     *
     * @return the app
     */
    public static TestApp standard() {
        return withApps("lab", "repl", "tree", "notebooks");
    }

    /**
     * The same app with one more file (or a file replaced).
     *
     * @param path a {@code /}-separated path in the app
     * @param text the content, as UTF-8
     * @return a new app
     */
    public TestApp with(String path, String text) {
        Map<String, byte[]> f = new TreeMap<>(files);
        put(f, path, text);
        return new TestApp(f);
    }

    /**
     * The same app with one more file of any bytes (a wheel, an image), or a file replaced.
     *
     * @param path  a {@code /}-separated path in the app
     * @param bytes the content
     * @return a new app
     */
    public TestApp with(String path, byte[] bytes) {
        Map<String, byte[]> f = new TreeMap<>(files);
        f.put(path, bytes.clone());
        return new TestApp(f);
    }

    /**
     * The same app without a file.
     *
     * @param path a {@code /}-separated path in the app
     * @return a new app
     */
    public TestApp without(String path) {
        Map<String, byte[]> f = new TreeMap<>(files);
        f.remove(path);
        return new TestApp(f);
    }

    /**
     * The app as npm packs it: a {@code .tgz} whose members are under {@code package/}.
     *
     * @return the archive's bytes
     */
    public byte[] tgz() {
        Map<String, byte[]> packed = new TreeMap<>();
        files.forEach((path, bytes) -> packed.put("package/" + path, bytes));
        return TestArchives.tgz(packed);
    }

    /**
     * The app as a {@code .zip} with no top folder.
     *
     * @return the archive's bytes
     */
    public byte[] zip() {
        return TestArchives.zip(files);
    }

    /**
     * The app's files.
     *
     * @return content by {@code /}-separated path, sorted; unmodifiable
     */
    public Map<String, byte[]> files() {
        return files;
    }

    /**
     * Every file path of the app, sorted.
     *
     * @return {@code /}-separated paths
     */
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    private static void put(Map<String, byte[]> f, String path, String text) {
        f.put(path, text.getBytes(StandardCharsets.UTF_8));
    }
}
