package dev.jlite.core.spi;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resolved values of one configuration class (defaults, then environment, then config files, then
 * the command line), already checked against the declared {@link Setting} types.
 */
public interface AddonConfig {

    /** The configuration class name, e.g. {@code PipliteAddon}. */
    String className();

    /** The value of a declared setting, or its default; empty when neither is set (or it is JSON null). */
    Optional<JsonNode> value(String name);

    /** A {@link SettingType#STRING} setting. */
    default Optional<String> string(String name) {
        return value(name).map(JsonNode::asString);
    }

    /** A {@link SettingType#LIST} setting; empty when unset. */
    default List<String> strings(String name) {
        return value(name).map(v -> {
            java.util.ArrayList<String> out = new java.util.ArrayList<>();
            v.forEach(e -> out.add(e.asString()));
            return List.copyOf(out);
        }).orElse(List.of());
    }

    /** A {@link SettingType#BOOLEAN} setting; false when unset. */
    default boolean bool(String name) {
        return value(name).map(JsonNode::asBoolean).orElse(false);
    }

    /** An {@link SettingType#INTEGER} setting. */
    default Optional<Long> integer(String name) {
        return value(name).map(JsonNode::asLong);
    }

    /** Whether anything (environment, a file or the command line) set this setting, as opposed to its default. */
    boolean isSet(String name);

    /** Every resolved value of this class, declared or not, as an immutable copy. */
    ObjectNode values();
}
