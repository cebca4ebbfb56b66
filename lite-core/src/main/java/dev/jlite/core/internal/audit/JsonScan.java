package dev.jlite.core.internal.audit;

import dev.jlite.core.spi.ConfigPatch;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** String values of a JSON tree that reach other hosts, each with its JSON pointer. */
final class JsonScan {

    private JsonScan() {
    }

    /** Every string value under {@code node} for which {@code counts} holds and that reaches another host. */
    static void strings(JsonNode node, String pointer, Predicate<String> skip, Predicate<String> counts,
                        BiConsumer<String, String> found) {
        if (skip.test(pointer)) {
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(e -> strings(e.getValue(), pointer + "/" + ConfigPatch.escape(e.getKey()), skip, counts, found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                strings(node.get(i), pointer + "/" + i, skip, counts, found);
            }
        } else if (node.isString() && Hosts.outside(node.stringValue()) && counts.test(node.stringValue())) {
            found.accept(pointer, node.stringValue().strip());
        }
    }
}
