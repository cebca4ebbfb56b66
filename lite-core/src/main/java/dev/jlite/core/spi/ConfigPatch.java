package dev.jlite.core.spi;

import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A change an addon asks for in a runtime configuration file ({@code jupyter-lite.json} or
 * {@code jupyter-lite.ipynb}). Core applies every patch, in order, to the app's own file and writes each
 * file once. Pointers are relative to the {@code jupyter-config-data} object.
 *
 * @param target  the file, relative to the output directory, e.g. {@code jupyter-lite.json} or
 *                {@code lab/jupyter-lite.json}
 * @param op      what to do
 * @param pointer a JSON Pointer inside {@code jupyter-config-data}; empty for {@link Op#MERGE}
 * @param value   the value to merge, set or insert
 */
public record ConfigPatch(String target, Op op, String pointer, JsonNode value) {

    /** The root runtime configuration file. */
    public static final String ROOT = "jupyter-lite.json";

    /** What a patch does. */
    public enum Op {
        /**
         * Merge a {@code jupyter-config-data} fragment with the reference's rules: {@code disabledExtensions}
         * and {@code federated_extensions} appended (extensions then de-duplicated by name and sorted),
         * {@code settingsOverrides} and {@code litePluginSettings} merged per plugin, other keys replaced.
         */
        MERGE,
        /** Set the value at the pointer unless something is already there. */
        SET_DEFAULT,
        /** Set the value at the pointer, replacing what is there. */
        SET,
        /**
         * Put a URL first in the list at the pointer; an entry with the same path (query and fragment
         * ignored) is replaced where it stands instead.
         */
        PREPEND_URL,
        /** Put a URL last in the list at the pointer, unless an entry with the same path is there. */
        APPEND_URL
    }

    public ConfigPatch {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(value, "value");
        if (!(target.endsWith("jupyter-lite.json") || target.endsWith("jupyter-lite.ipynb"))) {
            throw new IllegalArgumentException("not a runtime configuration file: " + target);
        }
        if (op == Op.MERGE ? !pointer.isEmpty() || !value.isObject() : !pointer.startsWith("/")) {
            throw new IllegalArgumentException("bad pointer for " + op + ": '" + pointer + "'");
        }
    }

    public static ConfigPatch merge(String target, JsonNode fragment) {
        return new ConfigPatch(target, Op.MERGE, "", fragment);
    }

    public static ConfigPatch setDefault(String target, String pointer, JsonNode value) {
        return new ConfigPatch(target, Op.SET_DEFAULT, pointer, value);
    }

    public static ConfigPatch set(String target, String pointer, JsonNode value) {
        return new ConfigPatch(target, Op.SET, pointer, value);
    }

    public static ConfigPatch prependUrl(String target, String pointer, String url) {
        return new ConfigPatch(target, Op.PREPEND_URL, pointer, JsonNodeFactory.instance.stringNode(url));
    }

    public static ConfigPatch appendUrl(String target, String pointer, String url) {
        return new ConfigPatch(target, Op.APPEND_URL, pointer, JsonNodeFactory.instance.stringNode(url));
    }

    /**
     * The pointer to one setting of a front-end plugin in {@code litePluginSettings}, e.g.
     * {@code pluginSetting("@jupyterlite/pyodide-kernel-extension:kernel", "pyodideUrl")}.
     */
    public static String pluginSetting(String pluginId, String key) {
        return "/litePluginSettings/" + escape(pluginId) + "/" + escape(key);
    }

    /** Escapes one JSON Pointer reference token. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
