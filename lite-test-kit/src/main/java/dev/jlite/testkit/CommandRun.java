package dev.jlite.testkit;

import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Severity;
import java.util.List;

/**
 * What an addon command run by {@link LiteTestKit#command} did.
 *
 * @param exitCode    what the command line would exit with: 0, 1 (an error) or 2 (bad usage or configuration)
 * @param output      the lines it printed as its result
 * @param diagnostics the problems and remarks it reported, in order
 */
public record CommandRun(int exitCode, List<String> output, List<Diagnostic> diagnostics) {

    /**
     * Copies the lists.
     *
     * @param exitCode    what the command line would exit with
     * @param output      the lines it printed
     * @param diagnostics the problems and remarks it reported
     */
    public CommandRun {
        output = List.copyOf(output);
        diagnostics = List.copyOf(diagnostics);
    }

    /**
     * The errors, rendered.
     *
     * @return one line per error
     */
    public List<String> errors() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).map(Diagnostic::render).toList();
    }

    /**
     * The warnings, rendered.
     *
     * @return one line per warning
     */
    public List<String> warnings() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).map(Diagnostic::render).toList();
    }
}
