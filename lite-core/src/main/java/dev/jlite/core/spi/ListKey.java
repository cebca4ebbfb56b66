package dev.jlite.core.spi;

/**
 * A typed slot in the build's shared store to which many tasks contribute. Readers see an immutable list
 * in a deterministic order: by phase, then by task order inside the phase, then by contribution order.
 * Compared by identity; values must be JSON-mappable as for {@link Key}.
 *
 * @param <T> the element type
 */
public final class ListKey<T> extends StoreKey<T> {

    private ListKey(String name, Class<T> type) {
        super(name, type);
    }

    /** A new list key; {@code name} is for messages and the state file. */
    public static <T> ListKey<T> of(String name, Class<T> type) {
        return new ListKey<>(name, type);
    }
}
