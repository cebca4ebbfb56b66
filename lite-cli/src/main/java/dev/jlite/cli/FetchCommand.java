package dev.jlite.cli;

import dev.jlite.core.LiteBuild;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** {@code jlite fetch SOURCE...}: sources into the cache, for later {@code --offline} builds. */
final class FetchCommand implements CliCommand {

    @Override
    public String name() {
        return "fetch";
    }

    @Override
    public String description() {
        return "Fetch sources into the cache (for later --offline builds) and print where they are.";
    }

    @Override
    public void declare(CommandSpec spec) {
        spec.addPositional(CliCommand.positionalList("SOURCE", "A source: a path, file:, http(s)://, npm:<package>@<version> "
                + "or pypi:<name>==<version>, with an optional !/<path> and #sha256=<hex>."));
    }

    @Override
    public Optional<String> usageError(ParseResult parsed) {
        return parsed.matchedPositionals().isEmpty() ? Optional.of("give at least one source, e.g. jlite fetch npm:pyodide@0.27.7")
                : Optional.empty();
    }

    @Override
    public int run(Invocation in) {
        List<String> specs = in.positionals();
        LiteBuild.FetchResult result = in.build().fetch(specs);
        for (int i = 0; i < result.paths().size(); i++) {
            in.out().println(specs.get(i) + " -> " + result.paths().get(i));
        }
        return result.exitCode();
    }
}
