package dev.jlite.cli;

import dev.jlite.core.LiteBuild;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * One of jlite's own commands. The command line model holds each as its spec's user object, and the tool
 * runs the one that was parsed, once its configuration arguments are read and its build is set up.
 */
interface CliCommand {

    /** Everything a command runs with. */
    record Invocation(PrintWriter out, PrintWriter err, LiteBuild build, ParseResult parsed, long startNanos, boolean verbose,
                      Consumer<SiteServer> serving) {

        List<String> positionals() {
            return CliCommand.positionals(parsed);
        }

        long millis() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }
    }

    /** The positional arguments given to a command that takes a list of them ({@link #positionalList}). */
    static List<String> positionals(ParseResult parsed) {
        return parsed.matchedPositionals().isEmpty() ? List.of() : parsed.matchedPositionals().get(0).stringValues();
    }

    /** Any number of positional arguments, shown in help as {@code label}. */
    static PositionalParamSpec positionalList(String label, String description) {
        return PositionalParamSpec.builder().index("0..*").arity("0..*").paramLabel(label).type(List.class)
                .auxiliaryTypes(String.class).description(description).build();
    }

    String name();

    /** Its line in {@code jlite --help}. */
    String description();

    /** Adds what only this command takes (its positional arguments). */
    default void declare(CommandSpec spec) {
    }

    /** What is wrong with its arguments before anything else is read, e.g. a missing source for {@code fetch}. */
    default Optional<String> usageError(ParseResult parsed) {
        return Optional.empty();
    }

    /** Runs it; the exit code. */
    int run(Invocation in);
}
