package dev.jlite.core.internal.config;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The values of one configuration class while layers are applied, with where each came from. */
final class ClassValues {

    final ObjectNode values = JsonNodeFactory.instance.objectNode();
    final Map<String, Origin> origins = new TreeMap<>();

    void set(String name, JsonNode value, Origin origin) {
        values.set(name, value);
        origins.put(name, origin);
    }
}
