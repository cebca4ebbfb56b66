package dev.jlite.core.spi;

import java.util.Objects;

/**
 * A typed slot in the build's shared store: a {@link Key} one task writes once, or a {@link ListKey} many tasks
 * contribute to. Compared by identity: hold them in {@code static final} fields.
 *
 * @param <T> the value (or element) type
 */
public abstract sealed class StoreKey<T> permits Key, ListKey {

    private final String name;
    private final Class<T> type;

    StoreKey(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** For messages and the state file, e.g. {@code pyodide.distribution}. */
    public final String name() {
        return name;
    }

    public final Class<T> type() {
        return type;
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}
