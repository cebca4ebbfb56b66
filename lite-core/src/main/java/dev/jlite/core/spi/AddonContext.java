package dev.jlite.core.spi;

import java.time.Clock;

/**
 * What an addon's code works with, in a task of a build ({@link TaskContext}) or in a command of its own
 * ({@link CommandContext}): the configuration resolved for the run, core's services, and diagnostics in
 * its addon's name. Code that needs no more than this takes an {@code AddonContext}, and serves both.
 */
public interface AddonContext {

    /** The id of the addon whose code runs: the source of its diagnostics. */
    String addonId();

    /** The configuration, resolved for this run. */
    BuildOptions options();

    /** The resolved settings of the addon's own configuration class. */
    AddonConfig config();

    Json json();

    FileOps files();

    Archives archives();

    Sources sources();

    /** The run's clock: fixed at {@code SOURCE_DATE_EPOCH} when it is set. */
    Clock clock();

    /** Reports a problem or a remark; an error fails the task or the command once it returns. */
    void report(Diagnostic diagnostic);

    default void error(String message) {
        report(Diagnostic.error(addonId(), message));
    }

    default void warn(String message) {
        report(Diagnostic.warning(addonId(), message));
    }

    default void info(String message) {
        report(Diagnostic.info(addonId(), message));
    }

    /**
     * A warning that a setting makes an error ({@code --offline}, {@code --strict}): with {@code error}, an
     * error saying so, e.g. {@code "... (an error with --offline)"}.
     */
    default void warnOrError(boolean error, String flag, String message) {
        if (error) {
            error(message + " (an error with " + flag + ")");
        } else {
            warn(message);
        }
    }
}
