package dev.jlite.cli;

import dev.jlite.core.BuildResult;
import dev.jlite.core.TaskEvent;
import dev.jlite.core.spi.Command;
import java.util.ArrayList;
import java.util.List;

/** {@code jlite list}: the tasks of a build, and whether each is up to date. */
final class ListCommand implements CliCommand {

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String description() {
        return "List the tasks of a build, and whether each is up to date.";
    }

    @Override
    public int run(Invocation in) {
        BuildResult plan = in.build().plan(Command.BUILD);
        if (plan.status() != BuildResult.Status.OK) {
            return plan.exitCode();
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PHASE", "TASK", "STATE"});
        for (TaskEvent e : plan.events()) {
            String state = e.outcome() == TaskEvent.Outcome.SKIPPED ? "up to date" : "would run: " + e.reason();
            rows.add(new String[] {e.phase().name(), e.task(), state});
        }
        in.out().print(JliteTool.Printer.table(rows));
        return JliteTool.OK;
    }
}
