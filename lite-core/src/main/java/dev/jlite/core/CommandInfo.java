package dev.jlite.core;

/**
 * A sub-command an addon adds to the command line: {@code jlite <addon> <name> [arguments]}.
 *
 * @param addon       the id of the addon that adds it
 * @param name        its name
 * @param arguments   the synopsis of its arguments, e.g. {@code DIR}
 * @param description one line for {@code --help}
 */
public record CommandInfo(String addon, String name, String arguments, String description) {
}
