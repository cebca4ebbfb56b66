package dev.jlite.core.spi;

import java.nio.file.Path;
import java.time.Clock;

/** What an {@link AddonCommand} gets to work with: configuration, core's services, and its output. */
public interface CommandContext {

    /** The configuration, resolved as a build would resolve it. */
    BuildOptions options();

    /** The resolved settings of the addon's own configuration class. */
    AddonConfig config();

    /** A path given on the command line: relative ones start from the working folder. */
    Path path(String argument);

    Json json();

    FileOps files();

    Archives archives();

    Sources sources();

    /** The clock; fixed at {@code SOURCE_DATE_EPOCH} when that is set. */
    Clock clock();

    /** Prints one line of the command's result to standard output. */
    void print(String line);

    /** Reports a problem or a remark; an error makes the command exit with 1. */
    void report(Diagnostic diagnostic);

    /** Reports wrong arguments: the command exits with 2, after printing its synopsis. */
    void usage(String message);

    default void warn(String message) {
        report(Diagnostic.warning(source(), message));
    }

    default void error(String message) {
        report(Diagnostic.error(source(), message));
    }

    /** The id of the addon whose command runs: the source of its diagnostics. */
    String source();
}
