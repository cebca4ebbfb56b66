package dev.jlite.cli;

import dev.jlite.core.BuildResult;
import dev.jlite.core.TaskEvent;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.Severity;
import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code jlite build}, {@code init}, {@code check} and {@code archive}: run the command's phases, then say what ran. */
record PhasesCommand(Command command, String description) implements CliCommand {

    @Override
    public String name() {
        return command.cliName();
    }

    @Override
    public int run(Invocation in) {
        return summary(in.out(), in.err(), in.build().run(command), in.millis());
    }

    /** The last line of a build: how many tasks ran and how long it took, or that it failed. */
    static int summary(PrintWriter out, PrintWriter err, BuildResult result, long millis) {
        if (result.status() != BuildResult.Status.OK) {
            err.println("jlite " + result.command().cliName() + ": failed" + (result.status() == BuildResult.Status.INVALID
                    ? " (invalid configuration)" : ""));
            return result.exitCode();
        }
        long ran = result.events(TaskEvent.Outcome.RAN).size();
        long skipped = result.events(TaskEvent.Outcome.SKIPPED).size();
        String where = result.outputDir().map(Path::toString).orElse("");
        if (ran == 0) {
            out.println("nothing to do: " + skipped + " tasks up to date (" + JliteTool.seconds(millis) + ") " + where);
        } else {
            out.println(result.command().cliName() + ": " + ran + " task" + (ran == 1 ? "" : "s") + " ran, " + skipped
                    + " up to date (" + JliteTool.seconds(millis) + ") " + where);
        }
        if (result.command() == Command.ARCHIVE) {
            // where the archive is, whether packed now or by the last run (its line is replayed then)
            result.diagnostics().stream().filter(d -> d.source().equals("archive") && d.severity() == Severity.INFO)
                    .reduce((a, b) -> b).ifPresent(d -> out.println("archive: " + d.render()));
        }
        return JliteTool.OK;
    }
}
