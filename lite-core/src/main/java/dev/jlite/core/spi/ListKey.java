package dev.jlite.core.spi;

import java.util.Objects;

/**
 * A typed slot in the build's shared store to which many tasks contribute. Readers see an immutable list
 * in a deterministic order: by phase, then by task order inside the phase, then by contribution order.
 * Compared by identity; values must be JSON-mappable as for {@link Key}.
 *
 * @param <T> the element type
 */
public final class ListKey<T> {

    private final String name;
    private final Class<T> type;

    private ListKey(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    public static <T> ListKey<T> of(String name, Class<T> type) {
        return new ListKey<>(name, type);
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return "ListKey[" + name + "]";
    }
}
