package dev.jlite.core.spi;

import java.util.List;

/**
 * A sub-command an addon adds to the command line, run as {@code jlite <addon id> <name> [arguments]},
 * e.g. {@code jlite piplite index DIR}. It runs outside any build (no tasks, no state, nothing written
 * to an output directory unless it is asked to); what it needs arrives through the {@link CommandContext}.
 * Configuration is resolved as for a build, so {@code --lite-dir}, {@code --Class.trait=value} and the
 * environment apply.
 *
 * <pre>{@code
 * public List<AddonCommand> commands() {
 *     return List.of(AddonCommand.of("index", "DIR", "write DIR/all.json for the wheels in DIR", (args, ctx) -> ...));
 * }
 * }</pre>
 */
public interface AddonCommand {

    /** The sub-command's name: lower-case letters, digits and dashes. */
    String name();

    /** The synopsis of its arguments for {@code --help}, e.g. {@code DIR}; empty when it takes none. */
    default String arguments() {
        return "";
    }

    /** One line for {@code --help}. */
    default String description() {
        return "";
    }

    /**
     * Runs the command. Problems go to {@link CommandContext#report} (an error makes the command exit with
     * 1, {@link CommandContext#usage} with 2); a {@link LiteException} it throws is reported as an error.
     */
    void run(List<String> arguments, CommandContext context);

    /** What {@link #run} does. */
    @FunctionalInterface
    interface Action {
        void run(List<String> arguments, CommandContext context);
    }

    /** A command from its parts. */
    static AddonCommand of(String name, String arguments, String description, Action action) {
        return new AddonCommand() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String arguments() {
                return arguments;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void run(List<String> args, CommandContext context) {
                action.run(args, context);
            }
        };
    }
}
