package dev.jlite.core.spi;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resolved values of one configuration class (defaults, then environment, then config files, then
 * the command line), already checked against the declared {@link Setting}s. Read them with the setting
 * constants themselves: {@code config.get(ENABLED)}, {@code config.find(PYODIDE_URL)}.
 */
public interface AddonConfig {

    /** The configuration class name, e.g. {@code PipliteAddon}. */
    String className();

    /**
     * The value of a setting of this class, or its default; empty when neither is there (or it is JSON null).
     *
     * @throws IllegalArgumentException when this class declares no such setting
     */
    <T> Optional<T> find(Setting<T> setting);

    /**
     * The value of a setting of this class, or its default, or (for a boolean or a list) false or the empty
     * list. A JSON null (which {@link #find} reads as empty) reads as false or the empty list for a boolean or a
     * list, and as the default for the other types.
     *
     * @throws IllegalStateException when there is none of those; use {@link #find} for such a setting
     */
    default <T> T get(Setting<T> setting) {
        return find(setting).or(setting::empty).or(() -> setting.defaultValue().map(setting::read))
                .orElseThrow(() -> new IllegalStateException(className() + "." + setting.name()
                        + " has no value and no default; read it with find"));
    }

    /**
     * A string setting that counts as unset when it is blank, as the reference's text settings do ({@code ""}
     * is their "not given").
     */
    default Optional<String> nonBlank(Setting<String> setting) {
        return find(setting).filter(s -> !s.isBlank());
    }

    /** Whether anything (environment, a file or the command line) set this setting, as opposed to its default. */
    boolean isSet(Setting<?> setting);

    /** Every resolved value of this class, declared or not, as an immutable copy. */
    ObjectNode values();
}
