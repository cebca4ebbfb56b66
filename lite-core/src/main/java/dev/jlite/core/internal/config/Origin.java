package dev.jlite.core.internal.config;

/** Where a configuration value came from, lowest precedence first. */
public enum Origin {
    DEFAULT,
    ENVIRONMENT,
    FILE,
    COMMAND_LINE
}
