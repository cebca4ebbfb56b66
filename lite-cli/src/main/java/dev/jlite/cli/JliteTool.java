package dev.jlite.cli;

import dev.jlite.core.AddonCatalog;
import dev.jlite.core.AddonInfo;
import dev.jlite.core.BuildListener;
import dev.jlite.core.CliOption;
import dev.jlite.core.CommandInfo;
import dev.jlite.core.ConfigArgument;
import dev.jlite.core.LiteBuild;
import dev.jlite.core.TaskEvent;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * The {@code jlite} command as a {@link ToolProvider}, so tests (and other tools) run it in-process.
 * Exit codes: 0 success, 1 the build or check failed, 2 bad usage or configuration.
 */
public final class JliteTool implements ToolProvider {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final Pattern CLASS_TRAIT = Pattern.compile("--([A-Za-z_][A-Za-z0-9_]*)\\.([a-z_][a-z0-9_]*)(?:=(.*))?",
            Pattern.DOTALL);

    /** The reference's application classes (traitlets' Application, jupyter_core's JupyterApp, LiteApp, LiteBuildApp, ...). */
    private static final Pattern APP_CLASS = Pattern.compile("Application|[A-Za-z]*App");

    /** Names of jlite's own options, which no addon alias may take. */
    private static final Set<String> RESERVED = Set.of("help", "version", "config", "verbose", "debug", "addon-path");

    /** jlite's own commands, in the order help lists them. */
    static final List<CliCommand> COMMANDS = List.of(
            new PhasesCommand(Command.BUILD, "Build the site into the output directory."),
            new PhasesCommand(Command.INIT, "Lay down the app and fetch what the build needs, without building."),
            new PhasesCommand(Command.CHECK, "Build the site, then check what was written and audit it for other hosts."),
            new PhasesCommand(Command.ARCHIVE, "Build the site, then pack it into a reproducible .tgz (--output-archive)."),
            new ServeCommand(), new StatusCommand(), new ListCommand(), new FetchCommand());

    private final Map<String, String> environment;
    private final Path workingDir;
    private final Clock clock;
    private final boolean terminal;
    /** Told when {@code jlite serve} is serving (tests fetch, then close the server). */
    private Consumer<SiteServer> serving = server -> {
    };

    public JliteTool() {
        this(System.getenv(), Path.of("").toAbsolutePath(), Clock.systemUTC(), System.console() != null);
    }

    /** A tool with a given environment, working folder and clock (for tests). */
    JliteTool(Map<String, String> environment, Path workingDir, Clock clock, boolean terminal) {
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.clock = clock;
        this.terminal = terminal;
    }

    /** The same tool, telling {@code listener} when {@code jlite serve} is serving (for tests). */
    JliteTool onServing(Consumer<SiteServer> listener) {
        this.serving = listener;
        return this;
    }

    @Override
    public String name() {
        return "jlite";
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = List.of(args).contains("--debug");
        try {
            return execute(out, err, args, debug);
        } catch (RuntimeException | LinkageError e) {
            err.println("jlite: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int execute(PrintWriter out, PrintWriter err, String[] args, boolean debug) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // the fast path: no addon discovery and no command line model for the one answer that needs neither
            out.println(versionLine());
            return OK;
        }
        // the addon path comes first: its addons add CLI names to the command line parsed below
        AddonPath.Selection selection = AddonPath.select(args, environment, workingDir);
        if (!selection.errors().isEmpty()) {
            selection.errors().forEach(e -> err.println("jlite: " + e));
            return USAGE;
        }
        AddonLayer.Loaded loaded = AddonLayer.load(selection.jars());
        AddonCatalog catalog = AddonCatalog.discover(loaded.layers(), loaded.problems());
        CommandLine cli = commandLine(catalog, Set.copyOf(List.of(args)));
        cli.setOut(out);
        cli.setErr(err);
        for (CliOption o : catalog.cliOptions()) {
            if (RESERVED.contains(o.name())) {
                err.println("warning: --" + o.name() + " (" + o.className() + "." + o.setting() + ") is one of jlite's own "
                        + "options, so the addon's alias cannot be used; set it as --" + o.className() + "." + o.setting()
                        + "=VALUE");
            }
        }
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            // an option that a broken addon would have added is unknown: say why it is missing
            catalog.problems().stream().filter(Diagnostic::isError).forEach(d -> err.println(Printer.prefix(d) + d.render()));
            err.println("jlite: " + e.getMessage());
            err.println("Run 'jlite " + commandName(e.getCommandLine()) + "--help' for the options.");
            return USAGE;
        }
        if (parsed.isVersionHelpRequested()) {
            out.println(versionLine());
            return OK;
        }
        if (parsed.isUsageHelpRequested() || !parsed.hasSubcommand()) {
            cli.usage(out);
            return parsed.hasSubcommand() || parsed.isUsageHelpRequested() ? OK : USAGE;
        }
        ParseResult sub = parsed.subcommand();
        if (sub.isUsageHelpRequested()) {
            sub.commandSpec().commandLine().usage(out);
            return OK;
        }
        String command = sub.commandSpec().name();
        if (sub.commandSpec().userObject() instanceof CliCommand own) {
            Optional<String> wrong = own.usageError(sub);
            if (wrong.isPresent()) {
                err.println("jlite " + command + ": " + wrong.get());
                return USAGE;
            }
        }
        if (command.equals("addons")) {
            return addons(out, err, catalog, debug);
        }
        Optional<String> addonCommand = Optional.empty();
        if (addonGroups(catalog).contains(command)) {
            if (!sub.hasSubcommand()) {
                sub.commandSpec().commandLine().usage(err);
                return USAGE;
            }
            sub = sub.subcommand();
            if (sub.isUsageHelpRequested()) {
                sub.commandSpec().commandLine().usage(out);
                return OK;
            }
            addonCommand = Optional.of(sub.commandSpec().name());
            command = command + " " + addonCommand.get();
        }
        List<ConfigArgument> arguments = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Optional<String> usageError = arguments(sub, catalog, arguments, notes);
        if (usageError.isPresent()) {
            err.println("jlite " + command + ": " + usageError.get());
            err.println("Run 'jlite " + command + " --help' for the options.");
            return USAGE;
        }
        notes.forEach(n -> out.println(LiteBuild.COMPAT + ": " + n));
        boolean verbose = sub.hasMatchedOption("--verbose");
        Printer printer = new Printer(out, err, debug, verbose || command.equals("status"), terminal)
                .dropIn("1".equals(environment.get(DROP_IN)));
        LiteBuild.Builder builder = LiteBuild.builder()
                .catalog(catalog)
                .workingDir(workingDir)
                .environment(environment)
                .arguments(arguments)
                .clock(clock)
                .listener(printer);
        if (sub.hasMatchedOption("--config")) {
            builder.configFile(workingDir.resolve(sub.matchedOption("--config").<String>getValue()));
        }
        LiteBuild build = builder.build();
        long start = System.nanoTime();
        if (addonCommand.isPresent()) {
            LiteBuild.CommandResult result = build.command(command.substring(0, command.indexOf(' ')), addonCommand.get(),
                    CliCommand.positionals(sub), out::println);
            if (result.exitCode() == USAGE) {
                err.println("Run 'jlite " + command + " --help' for its arguments.");
            }
            return result.exitCode();
        }
        CliCommand own = (CliCommand) sub.commandSpec().userObject();
        return own.run(new CliCommand.Invocation(out, err, build, sub, start, verbose, serving));
    }

    /** Turns aliases, flags and {@code --Class.name=value} into configuration values; an error text when unusable. */
    private static Optional<String> arguments(ParseResult sub, AddonCatalog catalog, List<ConfigArgument> into,
                                              List<String> notes) {
        // picocli lists an option once per time it is given, each time with all its values: take each once
        for (OptionSpec option : new LinkedHashSet<>(sub.matchedOptions())) {
            String name = option.longestName().substring(2);
            Optional<CliOption> alias = catalog.cliOption(name);
            if (alias.isEmpty()) {
                continue;
            }
            CliOption o = alias.get();
            if (o.flag()) {
                into.add(new ConfigArgument(o.className(), o.setting(), "true", "--" + name));
            } else {
                for (String value : option.stringValues()) {
                    into.add(new ConfigArgument(o.className(), o.setting(), value, "--" + name));
                }
            }
        }
        List<String> rest = sub.unmatched();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            // jupyter_core's own options, which every reference command takes and which mean nothing to jlite
            if (arg.equals("-y") || arg.equals("--y")) {
                notes.add(arg + " changes nothing: jlite never asks a question to answer yes to");
                continue;
            }
            if (arg.equals("--log-level") || arg.startsWith("--log-level=")) {
                if (arg.equals("--log-level") && ++i >= rest.size()) {
                    return Optional.of("--log-level needs a value: --log-level=LEVEL");
                }
                notes.add("--log-level changes nothing: jlite prints the same at every level; --verbose shows each task and "
                        + "--debug the stack traces of failures");
                continue;
            }
            Matcher m = CLASS_TRAIT.matcher(arg);
            if (m.matches() && APP_CLASS.matcher(m.group(1)).matches() && !catalog.hasClass(m.group(1))) {
                if (m.group(3) == null) {
                    i++;
                }
                notes.add("--" + m.group(1) + "." + m.group(2) + " changes nothing: " + m.group(1) + " is the reference's "
                        + "command-line application, which jlite has no part of");
                continue;
            }
            if (!m.matches()) {
                return Optional.of(arg.startsWith("-") ? "unknown option " + arg : "unexpected argument " + arg);
            }
            String value = m.group(3);
            if (value == null) {
                if (i + 1 >= rest.size()) {
                    return Optional.of(arg + " needs a value: " + arg + "=VALUE");
                }
                value = rest.get(++i);
            }
            into.add(new ConfigArgument(m.group(1), m.group(2), value, "--" + m.group(1) + "." + m.group(2)));
        }
        return Optional.empty();
    }

    /**
     * The command line model. Only commands named in {@code words} (the raw arguments) get their options:
     * the others are only listed by help, and a model of every option of every command costs a short run
     * a tenth of a second.
     */
    private static CommandLine commandLine(AddonCatalog catalog, Set<String> words) {
        CommandSpec root = CommandSpec.create().name("jlite").mixinStandardHelpOptions(true).version(versionLine());
        root.usageMessage()
                .description("Builds JupyterLite sites that make no request to any external service.")
                .footer("", "Any setting can also be given as --Class.name=value, e.g. --LiteBuildConfig.apps=lab.",
                        "Exit codes: 0 success, 1 the build or check failed, 2 bad usage or configuration.");
        for (CliCommand c : COMMANDS) {
            CommandSpec spec = buildCommand(CommandSpec.wrapWithoutInspection(c), c.name(), c.description(), catalog,
                    words.contains(c.name()));
            c.declare(spec);
            root.addSubcommand(c.name(), spec);
        }
        root.addOption(addonPathOption());
        for (String group : addonGroups(catalog)) {
            CommandSpec spec = CommandSpec.create().name(group).mixinStandardHelpOptions(true);
            spec.usageMessage().description("Commands of the " + group + " addon.");
            spec.addOption(addonPathOption());
            for (CommandInfo c : catalog.commands()) {
                if (c.addon().equals(group)) {
                    CommandSpec cs = buildCommand(CommandSpec.create(), c.name(), c.description(), catalog, words.contains(group));
                    cs.addPositional(CliCommand.positionalList(c.arguments().isBlank() ? "ARG" : c.arguments(),
                            "Arguments: " + (c.arguments().isBlank() ? "none" : c.arguments()) + "."));
                    spec.addSubcommand(c.name(), cs);
                }
            }
            root.addSubcommand(group, spec);
        }
        CommandSpec addons = CommandSpec.create().name("addons").mixinStandardHelpOptions(true);
        addons.usageMessage().description("List the addons: id, version, module and where each was loaded from.");
        addons.addOption(OptionSpec.builder("--debug").arity("0").description("Show stack traces of failures.").build());
        addons.addOption(addonPathOption());
        root.addSubcommand("addons", addons);
        CommandLine cl = new CommandLine(root);
        cl.setUnmatchedArgumentsAllowed(false);
        for (CliCommand c : COMMANDS) {
            cl.getSubcommands().get(c.name()).setUnmatchedArgumentsAllowed(true).setUnmatchedOptionsArePositionalParams(false);
        }
        for (String group : addonGroups(catalog)) {
            for (CommandLine c : cl.getSubcommands().get(group).getSubcommands().values()) {
                c.setUnmatchedArgumentsAllowed(true).setUnmatchedOptionsArePositionalParams(false);
            }
        }
        return cl;
    }

    /** Addons with commands, whose ids do not clash with jlite's own commands: {@code jlite <id> <command>}. */
    private static Set<String> addonGroups(AddonCatalog catalog) {
        Set<String> groups = new TreeSet<>();
        for (CommandInfo c : catalog.commands()) {
            if (COMMANDS.stream().noneMatch(own -> own.name().equals(c.addon())) && !c.addon().equals("addons")) {
                groups.add(c.addon());
            }
        }
        return groups;
    }

    private static CommandSpec buildCommand(CommandSpec spec, String name, String description, AddonCatalog catalog,
                                            boolean withOptions) {
        spec.name(name).mixinStandardHelpOptions(true);
        spec.usageMessage().description(description).sortOptions(false);
        if (!withOptions) {
            return spec;
        }
        for (CliOption o : catalog.cliOptions()) {
            if (RESERVED.contains(o.name())) {
                continue;
            }
            OptionSpec.Builder b = OptionSpec.builder("--" + o.name()).description(help(o));
            if (o.flag()) {
                b.arity("0").type(boolean.class);
            } else {
                b.arity("1").paramLabel(o.setting().toUpperCase(Locale.ROOT));
                if (o.repeatable()) {
                    b.type(List.class).auxiliaryTypes(String.class);
                } else {
                    b.type(String.class);
                }
            }
            spec.addOption(b.build());
        }
        spec.addOption(OptionSpec.builder("--config").arity("1").paramLabel("FILE").type(String.class)
                .description("Read this file instead of the lite dir's jupyter_lite_config.json.").build());
        spec.addOption(OptionSpec.builder("-v", "--verbose").arity("0").description("Say what each task did, and why.").build());
        spec.addOption(OptionSpec.builder("--debug").arity("0").description("Show stack traces of failures.").build());
        spec.addOption(addonPathOption());
        return spec;
    }

    /**
     * {@code --addon-path}: read from the raw arguments before parsing ({@link AddonPath}); declared on every
     * command so that help lists it and parsing accepts it.
     */
    private static OptionSpec addonPathOption() {
        return OptionSpec.builder(AddonPath.OPTION).arity("1").paramLabel("DIR|JAR").type(List.class).auxiliaryTypes(String.class)
                .description("Load third-party addons from this folder of jars, or this jar (repeatable). Also "
                        + AddonPath.ENV + ", and the folder $XDG_DATA_HOME/jlite/addons (else ~/.local/share/jlite/addons) "
                        + "when it exists.")
                .build();
    }

    private static String help(CliOption o) {
        String text = o.help() + " (" + o.className() + "." + o.setting() + (o.repeatable() ? "; repeatable" : "") + ")";
        return o.env().map(e -> text + " [env " + e + "]").orElse(text);
    }

    private static String commandName(CommandLine cl) {
        return cl == null || cl.getCommandSpec().parent() == null ? "" : cl.getCommandName() + " ";
    }

    /**
     * Set to {@code 1} by the {@code jupyter-lite} launcher: problems are printed where the reference prints them,
     * errors on standard output (as its {@code check} and contents report them) and warnings on standard error.
     */
    static final String DROP_IN = "JLITE_DROP_IN";

    /** The reference releases whose command line, configuration and output jlite stands in for. */
    static final String REFERENCE = "jupyterlite-core 0.8.1, jupyterlite-pyodide-kernel 0.8.3";

    /** What {@code --version} prints: jlite's version, then the reference versions it is a drop-in for. */
    static String versionLine() {
        return "jlite " + version() + " (a drop-in for " + REFERENCE + ")";
    }

    static String version() {
        return JliteTool.class.getModule().getDescriptor() == null ? "dev"
                : JliteTool.class.getModule().getDescriptor().version().map(Object::toString).orElse("dev");
    }

    private static int addons(PrintWriter out, PrintWriter err, AddonCatalog catalog, boolean debug) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "VERSION", "MODULE", "LOCATION", "DESCRIPTION"});
        for (AddonInfo a : catalog.addons()) {
            rows.add(new String[] {a.id(), a.version(), a.module(), a.location(), a.description()});
        }
        out.print(Printer.table(rows));
        Printer printer = new Printer(out, err, debug, true, false);
        catalog.problems().forEach(printer::diagnostic);
        return catalog.problems().stream().anyMatch(Diagnostic::isError) ? FAILED : OK;
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    /** Prints diagnostics as they come, and task lines with {@code --verbose}. */
    static final class Printer implements BuildListener {
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean debug;
        private final boolean verbose;
        private final boolean terminal;
        private final Map<String, long[]> downloads = new LinkedHashMap<>();
        private final Set<String> shown = new HashSet<>();
        private boolean dropIn;
        private long lastDraw;
        private boolean drawn;

        Printer(PrintWriter out, PrintWriter err, boolean debug, boolean verbose, boolean terminal) {
            this.out = out;
            this.err = err;
            this.debug = debug;
            this.verbose = verbose;
            this.terminal = terminal;
        }

        /** With {@code true}, error lines go to standard output, where the reference prints them. */
        Printer dropIn(boolean value) {
            this.dropIn = value;
            return this;
        }

        /** One line, redrawn in place, while downloads run; nothing when not on a terminal. */
        @Override
        public synchronized void progress(String label, long done, long total) {
            if (!terminal) {
                return;
            }
            if (total >= 0 && done >= total) {
                downloads.remove(label);
            } else {
                downloads.put(label, new long[] {done, total});
            }
            long now = System.nanoTime();
            if (!downloads.isEmpty() && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            if (downloads.isEmpty()) {
                if (drawn) {
                    err.print("\r\033[K");
                    err.flush();
                    drawn = false;
                }
                return;
            }
            long sum = 0;
            long whole = 0;
            boolean known = true;
            for (long[] d : downloads.values()) {
                sum += d[0];
                known &= d[1] > 0;
                whole += Math.max(d[1], 0);
            }
            String what = downloads.size() == 1 ? shorten(downloads.keySet().iterator().next()) : downloads.size() + " downloads";
            String amount = known ? String.format(Locale.ROOT, "%.1f of %.1f MB (%d%%)", sum / 1e6, whole / 1e6, sum * 100 / whole)
                    : String.format(Locale.ROOT, "%.1f MB", sum / 1e6);
            err.print("\r\033[Kfetching " + what + ": " + amount);
            err.flush();
            drawn = true;
        }

        private static String shorten(String label) {
            return label.length() <= 60 ? label : "..." + label.substring(label.length() - 57);
        }

        @Override
        public synchronized void diagnostic(Diagnostic d) {
            // a line about a reference flag that needs no doing is shown once, whatever the verbosity
            if (d.severity() == Severity.DEBUG && !debug || d.severity() == Severity.INFO && !verbose
                    && !d.source().equals(LiteBuild.COMPAT)) {
                return;
            }
            // one command may resolve its configuration twice (status does, to plan a build): each line once
            if (!shown.add(d.severity() + " " + d.source() + " " + d.render())) {
                return;
            }
            if (drawn) {
                err.print("\r\033[K");
                drawn = false;
            }
            boolean toErr = d.severity() == Severity.WARNING || d.severity() == Severity.ERROR && !dropIn;
            (toErr ? err : out).println(prefix(d) + d.render());
            if (debug) {
                d.cause().ifPresent(c -> {
                    StringWriter trace = new StringWriter();
                    c.printStackTrace(new PrintWriter(trace));
                    err.print(trace);
                });
            }
        }

        @Override
        public void taskFinished(TaskEvent e) {
            if (verbose) {
                out.println(String.format(Locale.ROOT, "%-8s %-28s %6d ms  %s", e.outcome().name().toLowerCase(Locale.ROOT),
                        e.task(), e.millis(), e.reason()));
            }
        }

        static String prefix(Diagnostic d) {
            return switch (d.severity()) {
                case ERROR -> "error: ";
                case WARNING -> "warning: ";
                case INFO -> d.source() + ": ";
                case DEBUG -> "debug: ";
            };
        }

        static String table(List<String[]> rows) {
            int cols = rows.get(0).length;
            int[] width = new int[cols];
            for (String[] r : rows) {
                for (int i = 0; i < cols - 1; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String[] r : rows) {
                for (int i = 0; i < cols; i++) {
                    sb.append(i == cols - 1 ? r[i] : String.format(Locale.ROOT, "%-" + width[i] + "s  ", r[i]));
                }
                sb.append(System.lineSeparator());
            }
            return sb.toString();
        }
    }
}
