package dev.jlite.core.spi;

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
public final class Key<T> extends StoreKey<T> {

    private Key(String name, Class<T> type) {
        super(name, type);
    }

    /** A new key; {@code name} is for messages and the state file, e.g. {@code pyodide.distribution}. */
    public static <T> Key<T> of(String name, Class<T> type) {
        return new Key<>(name, type);
    }
}
