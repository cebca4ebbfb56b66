package dev.jlite.core.spi;

import java.util.Objects;

/**
 * A typed slot in the build's shared store that exactly one task writes, once. Keys are compared by
 * identity: hold them in {@code static final} fields.
 *
 * <p>Values are persisted with the build state so that a task skipped as up to date still provides what
 * it wrote last time. The type must therefore be JSON-mappable: a {@code String}, a number, or a public
 * record in an exported package (or in a package opened to {@code tools.jackson.databind}).
 *
 * @param <T> the value type
 */
public final class Key<T> {

    private final String name;
    private final Class<T> type;

    private Key(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A new key; {@code name} is for messages and the state file, e.g. {@code pyodide.distribution}. */
    public static <T> Key<T> of(String name, Class<T> type) {
        return new Key<>(name, type);
    }

    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return "Key[" + name + "]";
    }
}
