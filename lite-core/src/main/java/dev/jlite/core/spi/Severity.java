package dev.jlite.core.spi;

/** How bad a {@link Diagnostic} is. Any {@link #ERROR} makes the run fail. */
public enum Severity {
    DEBUG,
    INFO,
    WARNING,
    ERROR
}
