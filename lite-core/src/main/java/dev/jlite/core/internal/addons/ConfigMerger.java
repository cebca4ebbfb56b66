package dev.jlite.core.internal.addons;

import dev.jlite.core.spi.ConfigPatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies {@link ConfigPatch}es to a {@code jupyter-config-data} object with the reference's rules
 * (which the front end's own loader also follows): {@code disabledExtensions} and
 * {@code federated_extensions} are appended, {@code settingsOverrides} and {@code litePluginSettings} are
 * merged one level deep per plugin, every other key is replaced; federated extensions are then
 * de-duplicated by name (the last wins) and sorted by name.
 */
public final class ConfigMerger {

    static final Set<String> APPENDED = Set.of("disabledExtensions", "federated_extensions");
    static final Set<String> PER_PLUGIN = Set.of("settingsOverrides", "litePluginSettings");

    private ConfigMerger() {
    }

    /** Applies one patch to {@code data} in place. */
    public static void apply(ObjectNode data, ConfigPatch patch) {
        switch (patch.op()) {
            case MERGE -> merge(data, (ObjectNode) patch.value());
            case SET -> parentOf(data, patch.pointer()).set(last(patch.pointer()), patch.value().deepCopy());
            case SET_DEFAULT -> {
                ObjectNode parent = parentOf(data, patch.pointer());
                String name = last(patch.pointer());
                if (!parent.has(name) || parent.get(name).isNull()) {
                    parent.set(name, patch.value().deepCopy());
                }
            }
            case PREPEND_URL, APPEND_URL -> addUrl(data, patch);
        }
    }

    /** Merges a fragment into {@code data} in place. */
    public static void merge(ObjectNode data, ObjectNode fragment) {
        for (var e : fragment.properties()) {
            String key = e.getKey();
            JsonNode incoming = e.getValue();
            JsonNode existing = data.get(key);
            if (APPENDED.contains(key) && incoming.isArray() && existing != null && existing.isArray()) {
                ArrayNode joined = ((ArrayNode) existing).deepCopy();
                incoming.forEach(v -> joined.add(v.deepCopy()));
                data.set(key, key.equals("disabledExtensions") ? distinct(joined) : joined);
            } else if (PER_PLUGIN.contains(key) && incoming.isObject() && existing != null && existing.isObject()) {
                ObjectNode merged = ((ObjectNode) existing).deepCopy();
                for (var plugin : incoming.properties()) {
                    JsonNode before = merged.get(plugin.getKey());
                    if (before != null && before.isObject() && plugin.getValue().isObject()) {
                        ((ObjectNode) before).setAll(((ObjectNode) plugin.getValue()).deepCopy());
                    } else {
                        merged.set(plugin.getKey(), plugin.getValue().deepCopy());
                    }
                }
                data.set(key, merged);
            } else {
                data.set(key, incoming.deepCopy());
            }
        }
        JsonNode extensions = data.get("federated_extensions");
        if (extensions != null && extensions.isArray()) {
            data.set("federated_extensions", dedupeExtensions((ArrayNode) extensions));
        }
    }

    /** Federated extensions by name, the last of a name winning, sorted by name; entries without a name kept last. */
    static ArrayNode dedupeExtensions(ArrayNode extensions) {
        TreeMap<String, JsonNode> byName = new TreeMap<>();
        List<JsonNode> unnamed = new ArrayList<>();
        for (JsonNode ext : extensions) {
            JsonNode name = ext.get("name");
            if (name != null && name.isString()) {
                byName.put(name.stringValue(), ext);
            } else {
                unnamed.add(ext);
            }
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        byName.values().forEach(out::add);
        unnamed.forEach(out::add);
        return out;
    }

    private static ArrayNode distinct(ArrayNode values) {
        return JsonNodeFactory.instance.arrayNode().addAll(new LinkedHashSet<>(values.values()));
    }

    private static void addUrl(ObjectNode data, ConfigPatch patch) {
        ObjectNode parent = parentOf(data, patch.pointer());
        String name = last(patch.pointer());
        JsonNode current = parent.get(name);
        ArrayNode list = current != null && current.isArray() ? (ArrayNode) current : parent.putArray(name);
        String url = patch.value().asString();
        String path = withoutQuery(url);
        for (int i = 0; i < list.size(); i++) {
            if (withoutQuery(list.get(i).asString()).equals(path)) {
                list.set(i, patch.value().deepCopy());
                return;
            }
        }
        if (patch.op() == ConfigPatch.Op.PREPEND_URL) {
            list.insert(0, patch.value().deepCopy());
        } else {
            list.add(patch.value().deepCopy());
        }
    }

    static String withoutQuery(String url) {
        return url.split("[?#]", 2)[0];
    }

    /** The object holding the pointer's last token, creating objects on the way. */
    private static ObjectNode parentOf(ObjectNode data, String pointer) {
        List<String> tokens = tokens(pointer);
        ObjectNode node = data;
        for (String t : tokens.subList(0, tokens.size() - 1)) {
            JsonNode child = node.get(t);
            if (child == null || !child.isObject()) {
                child = node.putObject(t);
            }
            node = (ObjectNode) child;
        }
        return node;
    }

    private static String last(String pointer) {
        List<String> tokens = tokens(pointer);
        return tokens.get(tokens.size() - 1);
    }

    static List<String> tokens(String pointer) {
        return Arrays.stream(pointer.substring(1).split("/", -1)).map(raw -> raw.replace("~1", "/").replace("~0", "~")).toList();
    }
}
