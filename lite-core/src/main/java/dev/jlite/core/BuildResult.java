package dev.jlite.core;

import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a run.
 *
 * @param command     what was run
 * @param status      how it ended
 * @param diagnostics everything reported, in order
 * @param events      what happened to each task, in execution order
 * @param outputDir   where the site is (empty when configuration failed before it was known)
 * @param options     the resolved {@code LiteBuildConfig} the run used (empty when configuration failed), e.g. for
 *                    {@code jlite serve} to read its port and headers
 */
public record BuildResult(Command command, Status status, List<Diagnostic> diagnostics, List<TaskEvent> events,
                          Optional<Path> outputDir, Optional<BuildOptions> options) {

    /** How a run ended. */
    public enum Status {
        /** Everything succeeded. */
        OK,
        /** A task, an addon or a check failed. */
        FAILED,
        /** The configuration or the command line was invalid; nothing ran. */
        INVALID
    }

    public BuildResult {
        diagnostics = List.copyOf(diagnostics);
        events = List.copyOf(events);
    }

    /** A result that does not carry its options. */
    public BuildResult(Command command, Status status, List<Diagnostic> diagnostics, List<TaskEvent> events,
                       Optional<Path> outputDir) {
        this(command, status, diagnostics, events, outputDir, Optional.empty());
    }

    /** 0 when OK, 1 when the build or check failed, 2 for invalid configuration or usage. */
    public int exitCode() {
        return switch (status) {
            case OK -> 0;
            case FAILED -> 1;
            case INVALID -> 2;
        };
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** Diagnostics of at least {@code severity}. */
    public List<Diagnostic> diagnostics(Severity severity) {
        return diagnostics.stream().filter(d -> d.severity().compareTo(severity) >= 0).toList();
    }

    /** Events with the given outcome. */
    public List<TaskEvent> events(TaskEvent.Outcome outcome) {
        return events.stream().filter(e -> e.outcome() == outcome).toList();
    }
}
