package dev.jlite.core.spi;

/** The value type of a {@link Setting}, which decides how text from the command line and environment is read. */
public enum SettingType {
    /** A string. */
    STRING,
    /** {@code true} or {@code false} (also {@code 1}/{@code 0}, {@code yes}/{@code no} on the command line). */
    BOOLEAN,
    /** A whole number. */
    INTEGER,
    /** A list of strings; a repeated command-line option appends. */
    LIST,
    /** A JSON object; on the command line a JSON object or repeated {@code key=value}. */
    OBJECT,
    /** Any JSON value; on the command line JSON, or else a string. */
    ANY
}
