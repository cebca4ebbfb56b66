package dev.jlite.cli;

import dev.jlite.core.BuildResult;
import dev.jlite.core.TaskEvent;
import dev.jlite.core.spi.Command;

/** {@code jlite status}: what a build would do, writing nothing. */
final class StatusCommand implements CliCommand {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String description() {
        return "Say what a build would do, writing nothing.";
    }

    @Override
    public int run(Invocation in) {
        BuildResult status = in.build().run(Command.STATUS);
        if (status.status() == BuildResult.Status.INVALID) {
            return status.exitCode();
        }
        BuildResult plan = in.build().plan(Command.BUILD);
        long wouldRun = plan.events(TaskEvent.Outcome.WOULD_RUN).size();
        long upToDate = plan.events(TaskEvent.Outcome.SKIPPED).size();
        status.outputDir().ifPresent(o -> in.out().println("output: " + o));
        in.out().println("a build would run " + wouldRun + " task" + (wouldRun == 1 ? "" : "s") + "; " + upToDate
                + " up to date" + (wouldRun > 0 ? " (jlite list says why)" : ""));
        return Math.max(status.exitCode(), plan.exitCode());
    }
}
