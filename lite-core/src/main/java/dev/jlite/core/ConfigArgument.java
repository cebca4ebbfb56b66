package dev.jlite.core;

import java.util.Objects;

/**
 * One value from the command line, already mapped from its alias or flag.
 *
 * @param className the configuration class, e.g. {@code LiteBuildConfig}
 * @param name      the setting name, e.g. {@code apps}
 * @param value     the text given
 * @param option    how the user wrote it, for messages, e.g. {@code --apps}
 */
public record ConfigArgument(String className, String name, String value, String option) {

    public ConfigArgument {
        Objects.requireNonNull(className);
        Objects.requireNonNull(name);
        Objects.requireNonNull(value);
        Objects.requireNonNull(option);
    }
}
