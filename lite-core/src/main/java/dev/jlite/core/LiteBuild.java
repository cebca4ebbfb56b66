package dev.jlite.core;

import dev.jlite.core.internal.Host;
import dev.jlite.core.internal.archive.ArchivesImpl;
import dev.jlite.core.internal.config.BuildOptionsImpl;
import dev.jlite.core.internal.config.ConfigResolver;
import dev.jlite.core.internal.config.CoreSettings;
import dev.jlite.core.internal.config.OutputGuard;
import dev.jlite.core.internal.config.ResolvedConfig;
import dev.jlite.core.internal.config.ServeSettings;
import dev.jlite.core.internal.files.DigestCache;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.internal.net.HttpFetcher;
import dev.jlite.core.internal.net.Netrc;
import dev.jlite.core.internal.net.NpmClient;
import dev.jlite.core.internal.pipeline.AddonFailures;
import dev.jlite.core.internal.pipeline.DiscoveredAddon;
import dev.jlite.core.internal.pipeline.LoadedAddon;
import dev.jlite.core.internal.pipeline.Pipeline;
import dev.jlite.core.internal.pipeline.Services;
import dev.jlite.core.internal.sources.PipConfig;
import dev.jlite.core.internal.sources.SourcesImpl;
import dev.jlite.core.spi.AddonCommand;
import dev.jlite.core.spi.AddonConfig;
import dev.jlite.core.spi.Archives;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.CommandContext;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.FileOps;
import dev.jlite.core.spi.Json;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Builds a JupyterLite site: resolves the configuration as the reference does, loads the addons, and
 * runs the command's phases.
 *
 * <pre>{@code
 * BuildResult result = LiteBuild.builder()
 *         .workingDir(Path.of("examples/demo"))
 *         .argument("LiteBuildConfig", "app_archive", "/path/to/app.tgz")
 *         .build()
 *         .run(Command.BUILD);
 * }</pre>
 */
public final class LiteBuild {

    /**
     * The folder inside every output where jlite keeps its bookkeeping: which task wrote each file, what a
     * run was about to write, and the lock that keeps two runs out of one output. It is no part of the site:
     * archives, {@code SHA256SUMS}, checks and the server leave it out.
     */
    public static final String OUTPUT_BOOKKEEPING = Pipeline.BOOKKEEPING;

    private final AddonCatalog catalog;
    private final Path workingDir;
    private final Map<String, String> environment;
    private final List<ConfigArgument> arguments;
    private final Optional<Path> configFile;
    private final Clock clock;
    private final BuildListener listener;
    private final RemoteFetcher remoteFetcher;

    private LiteBuild(Builder b) {
        this.catalog = b.catalog == null ? AddonCatalog.discover() : b.catalog;
        this.workingDir = b.workingDir == null ? Host.workingDir() : b.workingDir;
        this.environment = b.environment == null ? Host.environment() : b.environment;
        this.arguments = List.copyOf(b.arguments);
        this.configFile = Optional.ofNullable(b.configFile);
        this.clock = b.clock == null ? Host.clock() : b.clock;
        this.listener = b.listener;
        this.remoteFetcher = b.remoteFetcher;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs a command. */
    public BuildResult run(Command command) {
        return execute(command, false);
    }

    /** Says, without running anything, which tasks of a command would run and why ({@code jlite list}). */
    public BuildResult plan(Command command) {
        return execute(command, true);
    }

    /**
     * One run's setup, made once for a build, a plan, a fetch or an addon command: the configuration
     * resolved as the reference does, the command's options, {@code SOURCE_DATE_EPOCH} and the clock it
     * pins, and, once opened, the services; closing it closes the sources.
     */
    private final class Session implements AutoCloseable {
        final ResolvedConfig resolved;
        /** What resolving reported: problems, and where the epoch came from. */
        final List<Diagnostic> diagnostics;
        final BuildOptions options;
        final OptionalLong epoch;
        /** Pinned to {@code SOURCE_DATE_EPOCH} when it is set, else this build's clock. */
        final Clock clock;
        private SourcesImpl sources;

        /**
         * Resolves the configuration as the reference does. When nothing sets {@code SOURCE_DATE_EPOCH} and the
         * lite dir lies in a git work tree, the time of its last commit is taken, so that two clones of one
         * commit build the same bytes (the check-out times of their files differ).
         */
        Session(Command command) {
            ConfigResolver resolver = new ConfigResolver(catalog.settings());
            ResolvedConfig config = resolver.resolve(workingDir, environment, configFile, arguments);
            List<Diagnostic> found = new ArrayList<>(resolver.diagnostics());
            Path lite = config.liteDir();
            OptionalLong commit = found.stream().anyMatch(Diagnostic::isError) || environment.containsKey("SOURCE_DATE_EPOCH")
                    || config.forClass(CoreSettings.CLASS).isSet(LiteBuildConfig.SOURCE_DATE_EPOCH) ? OptionalLong.empty()
                    : Host.lastCommitTime(lite);
            if (commit.isPresent()) {
                Map<String, String> env = new HashMap<>(environment);
                env.put("SOURCE_DATE_EPOCH", Long.toString(commit.getAsLong()));
                resolver = new ConfigResolver(catalog.settings());
                config = resolver.resolve(workingDir, env, configFile, arguments);
                found = new ArrayList<>(resolver.diagnostics());
                found.add(Diagnostic.info("config", "SOURCE_DATE_EPOCH is not set: using " + commit.getAsLong() + " ("
                        + Instant.ofEpochSecond(commit.getAsLong()) + "), the time of the last commit of the git work tree holding "
                        + lite + ", so that every clone of it builds the same bytes; set SOURCE_DATE_EPOCH to choose another time"));
            }
            resolved = config;
            diagnostics = found;
            options = new BuildOptionsImpl(command, resolved);
            epoch = options.config().find(LiteBuildConfig.SOURCE_DATE_EPOCH).map(OptionalLong::of).orElse(OptionalLong.empty());
            clock = epoch.isPresent() ? Clock.fixed(Instant.ofEpochSecond(epoch.getAsLong()), ZoneOffset.UTC) : LiteBuild.this.clock;
        }

        boolean invalid() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        /**
         * The run's services: unpacking bounded by the settings {@code unpack_max_*}, sources (fetched again
         * with {@code refetch}), files. A read-only run writes nothing, in the output or the cache.
         */
        Services open(boolean readOnly, boolean refetch) {
            ArchivesImpl archives = new ArchivesImpl(options.cacheDir(), new ArchivesImpl.Limits(
                    options.get(LiteBuildConfig.UNPACK_MAX_ENTRIES),
                    options.get(LiteBuildConfig.UNPACK_MAX_BYTES),
                    options.get(LiteBuildConfig.UNPACK_MAX_RATIO)), readOnly,
                    line -> listener.diagnostic(Diagnostic.info("cache", line)));
            sources = sources(options, resolved.environment(), archives, readOnly, refetch);
            return new Services(options, JsonSupport.instance(), new FileOpsImpl(clock, epoch, new DigestCache()), archives, sources,
                    clock, readOnly);
        }

        @Override
        public void close() {
            if (sources != null) {
                sources.close();
            }
        }
    }

    /** One line for each reference setting that is given and means nothing to jlite. */
    private static List<Diagnostic> noOps(BuildOptions options) {
        List<Diagnostic> out = new ArrayList<>();
        if (options.get(LiteBuildConfig.NO_LIBARCHIVE)) {
            out.add(Diagnostic.info(COMPAT, "LiteBuildConfig.no_libarchive changes nothing: jlite reads every archive format "
                    + "itself, with no libarchive to avoid"));
        }
        options.config().find(LiteBuildConfig.IGNORE_SYS_PREFIX).filter(v -> v.asBoolean(false) || v.isArray() && !v.isEmpty()
                || v.isString() && !v.asString().isBlank()).ifPresent(v -> out.add(Diagnostic.info(COMPAT,
                "LiteBuildConfig.ignore_sys_prefix changes nothing: jlite takes nothing from a Python environment's sys.prefix")));
        return out;
    }

    /** The reference's addons that no jlite addon stands in for, and why disabling them changes nothing. */
    private static final Map<String, String> REFERENCE_ADDONS = Map.of(
            "icons", "the reference's icons addon copies jupyter_server's favicons, which jlite's sites take from the app",
            "serve", "serving is jlite's serve command, not an addon",
            "jupyterlite-pyodide-kernel-pyodide-lock", "jlite has no counterpart of the reference's PyodideLockAddon, "
                    + "which is off unless enabled");

    /** The source of the lines about the reference's flags and settings that jlite accepts and need no doing. */
    public static final String COMPAT = "compat";

    private BuildResult execute(Command command, boolean planOnly) {
        List<Diagnostic> early = new ArrayList<>(catalog.problems());
        Session session = new Session(command);
        early.addAll(session.diagnostics);
        boolean invalid = session.invalid();
        BuildOptions options = session.options;
        if (session.epoch.isPresent() && session.epoch.getAsLong() < 1) {
            early.add(Diagnostic.error("config", "SOURCE_DATE_EPOCH must be a positive number of seconds, got "
                    + session.epoch.getAsLong()));
            invalid = true;
        }
        early.addAll(noOps(options));
        if (!invalid && !Files.isDirectory(options.liteDir())) {
            early.add(Diagnostic.error("config", "the lite dir " + options.liteDir() + " does not exist; give the folder that "
                    + "holds the site's inputs with --lite-dir (or JUPYTERLITE_DIR), or make it first").about(options.liteDir().toString()));
            invalid = true;
        }
        if (command == Command.SERVE && !invalid) {
            List<Diagnostic> serve = ServeSettings.problems(options.config());
            early.addAll(serve);
            invalid = !serve.isEmpty();
        }
        if (!invalid && !planOnly && command != Command.STATUS) {
            List<String> locations = catalog.addons().stream().map(AddonInfo::location).toList();
            for (String problem : OutputGuard.problems(options, session.resolved.environment(), Host.userHome(), locations,
                    Pipeline::isJliteOutput, Pipeline::outputContents)) {
                early.add(Diagnostic.error("config", problem).about(options.outputDir().toString()));
                invalid = true;
            }
        }
        early.forEach(listener::diagnostic);
        if (invalid) {
            return new BuildResult(command, BuildResult.Status.INVALID, early, List.of(), Optional.empty());
        }
        List<LoadedAddon> loaded = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        Set<String> named = new HashSet<>();
        for (DiscoveredAddon a : catalog.discovered()) {
            known.add(a.info().id());
            Set<String> names = new HashSet<>(a.addon().otherNames());
            names.add(a.info().id());
            names.add(a.info().module());
            named.addAll(names);
            if (options.get(LiteBuildConfig.DISABLE_ADDONS).stream().noneMatch(names::contains)) {
                loaded.add(new LoadedAddon(a.addon(), a.info(), session.resolved.forClass(a.info().configName())));
            }
        }
        for (String id : new LinkedHashSet<>(options.get(LiteBuildConfig.DISABLE_ADDONS))) {
            if (named.contains(id)) {
                continue;
            }
            Diagnostic d = Optional.ofNullable(REFERENCE_ADDONS.get(id))
                    .map(why -> Diagnostic.info(COMPAT, "--disable-addons: '" + id + "' changes nothing: " + why))
                    .orElseGet(() -> Diagnostic.warning("config", "--disable-addons: there is no addon '" + id
                            + "' (addons: " + String.join(", ", known) + ")"));
            early.add(d);
            listener.diagnostic(d);
        }
        if (early.stream().anyMatch(Diagnostic::isError)) {
            return new BuildResult(command, BuildResult.Status.FAILED, early, List.of(), Optional.of(options.outputDir()),
                    Optional.of(options));
        }
        Pipeline.Result result;
        try (session) {
            result = new Pipeline(loaded, session.open(planOnly || command == Command.STATUS, false), listener).run(command, planOnly);
        }
        List<Diagnostic> all = new ArrayList<>(early);
        all.addAll(result.diagnostics());
        return new BuildResult(command, result.failed() ? BuildResult.Status.FAILED : BuildResult.Status.OK, all,
                result.events(), Optional.of(options.outputDir()), Optional.of(options));
    }

    private SourcesImpl sources(BuildOptions options, Map<String, String> env, ArchivesImpl archives, boolean readOnly,
                                boolean refetch) {
        HttpFetcher.Options http = HttpFetcher.Options.defaults(version())
                .withTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(options.get(LiteBuildConfig.HTTP_TIMEOUT)))
                .withRetries(options.get(LiteBuildConfig.HTTP_RETRIES).intValue(), Duration.ofMillis(500))
                .withLimits(Duration.ofSeconds(options.get(LiteBuildConfig.DOWNLOAD_DEADLINE)),
                        options.get(LiteBuildConfig.DOWNLOAD_MAX_BYTES));
        SourcesImpl.Remote remote = new SourcesImpl.Remote(http,
                pip(options, env),
                Math.max(1, options.get(LiteBuildConfig.MAX_PARALLEL_DOWNLOADS).intValue()), options.get(LiteBuildConfig.OFFLINE),
                readOnly, refetch);
        return new SourcesImpl(options.liteDir(), options.cacheDir(), archives, remote,
                () -> new HttpFetcher(http, env, netrc(env), listener::progress), new NpmClient(env), remoteFetcher);
    }

    /** Where {@code pypi:} sources are looked for: pip's own configuration, with jlite's settings in its place where given. */
    private PipConfig pip(BuildOptions options, Map<String, String> env) {
        AddonConfig c = options.config();
        return PipConfig.read(workingDir.getFileSystem(), env).absolute(workingDir, env).with(c.find(LiteBuildConfig.PYPI_INDEX_URL),
                c.isSet(LiteBuildConfig.PYPI_EXTRA_INDEX_URLS) ? Optional.of(c.get(LiteBuildConfig.PYPI_EXTRA_INDEX_URLS)) : Optional.<List<String>>empty(),
                c.isSet(LiteBuildConfig.PYPI_FIND_LINKS) ? Optional.of(c.get(LiteBuildConfig.PYPI_FIND_LINKS).stream()
                        .map(l -> PipConfig.absolute(l, options.liteDir(), env)).toList()) : Optional.<List<String>>empty());
    }

    /**
     * Which task owns each file of a run's output directory, as the last run into that directory recorded
     * it: output-relative path ({@code /}-separated) to task id ({@code addon:task}), sorted by path. A file
     * of the output that no task owns was written outside every task's declared outputs. Read-only; for
     * tests and tools that check what addons write. Empty when the run failed before it knew its output.
     */
    public static Map<String, String> outputOwners(BuildResult result) {
        return result.options().map(o -> Pipeline.owners(o.outputDir())).orElse(Map.of());
    }

    /**
     * Which task owns each file outside a run's output directory that tasks wrote into it (an archive beside
     * the site, say), as that directory records it: absolute path to task id, sorted. Read-only; for tests
     * and tools that check what addons write.
     */
    public static Map<String, String> outsideOwners(BuildResult result) {
        return result.options().map(o -> Pipeline.ownersOutside(o.outputDir())).orElse(Map.of());
    }

    /** What {@link #fetch} resolved, in the order asked, and what went wrong. */
    public record FetchResult(List<Path> paths, List<Diagnostic> diagnostics, boolean invalid) {

        public FetchResult {
            paths = List.copyOf(paths);
            diagnostics = List.copyOf(diagnostics);
        }

        /** 0 when every source resolved, 1 when one failed, 2 for invalid configuration. */
        public int exitCode() {
            return invalid ? 2 : diagnostics.stream().anyMatch(Diagnostic::isError) ? 1 : 0;
        }
    }

    /**
     * Resolves source specs into the cache ({@code jlite fetch}), so that later builds can run with
     * {@code --offline}; returns the local paths.
     */
    public FetchResult fetch(List<String> specs) {
        List<Diagnostic> diagnostics = new ArrayList<>(catalog.problems());
        Session session = new Session(Command.INIT);
        diagnostics.addAll(session.diagnostics);
        diagnostics.forEach(listener::diagnostic);
        if (session.invalid()) {
            return new FetchResult(List.of(), diagnostics, true);
        }
        // --force fetches again what the cache holds
        try (session) {
            session.open(false, session.options.get(LiteBuildConfig.FORCE));
            return new FetchResult(session.sources.resolveAll(specs), diagnostics, false);
        } catch (LiteException e) {
            Diagnostic d = Diagnostic.error("core", e.getMessage()).withCause(e);
            listener.diagnostic(d);
            diagnostics.add(d);
            return new FetchResult(List.of(), diagnostics, false);
        }
    }

    /**
     * What an addon command did: its exit code (0, 1 for an error, 2 for bad usage or configuration) and
     * the problems it reported, in order.
     */
    public record CommandResult(int exitCode, List<Diagnostic> diagnostics) {

        public CommandResult {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /**
     * Runs the sub-command {@code name} of addon {@code addon} ({@code jlite <addon> <name> args...}),
     * with configuration resolved as for a build; its result lines go to {@code out}, its diagnostics to
     * the listener.
     */
    public CommandResult command(String addon, String name, List<String> args, Consumer<String> out) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Consumer<Diagnostic> report = d -> {
            diagnostics.add(d);
            listener.diagnostic(d);
        };
        catalog.problems().forEach(report);
        Optional<AddonCommand> command = catalog.command(addon, name);
        if (command.isEmpty()) {
            report.accept(Diagnostic.error("core", "there is no command '" + addon + " " + name + "' (commands: "
                    + String.join(", ", catalog.commands().stream().map(c -> c.addon() + " " + c.name()).toList()) + ")"));
            return new CommandResult(2, diagnostics);
        }
        Session session = new Session(Command.INIT);
        session.diagnostics.forEach(report);
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return new CommandResult(2, diagnostics);
        }
        DiscoveredAddon owner = catalog.discovered().stream().filter(a -> a.info().id().equals(addon)).findFirst().orElseThrow();
        boolean[] usage = {false};
        try (session) {
            Services s = session.open(false, false);
            CommandContext context = new CommandContextImpl(s.options(), session.resolved.forClass(owner.info()
                    .configName()), workingDir, s.json(), s.files(), s.archives(), s.sources(), s.clock(), out, report, addon,
                    () -> usage[0] = true);
            command.get().run(List.copyOf(args), context);
        } catch (LiteException e) {
            report.accept(Diagnostic.error(addon, e.getMessage()).withCause(e));
        } catch (RuntimeException | LinkageError e) {
            String fix = AddonFailures.isOtherSpi(e) ? AddonFailures.hint(owner.addon().getClass(), addon, e)
                    : "; fix the addon, or report it to its authors";
            report.accept(Diagnostic.error("core", "the command '" + addon + " " + name + "' of addon '" + addon + "' ("
                    + AddonFailures.where(owner.info()) + ") failed: " + AddonFailures.cause(e) + fix).withCause(e));
        }
        int code = usage[0] ? 2 : diagnostics.stream().anyMatch(Diagnostic::isError) ? 1 : 0;
        return new CommandResult(code, diagnostics);
    }

    /** The context of one addon command. */
    private record CommandContextImpl(BuildOptions options, AddonConfig config, Path workingDir, Json json,
                                      FileOps files, Archives archives,
                                      Sources sources, Clock clock, Consumer<String> out,
                                      Consumer<Diagnostic> reports, String addonId, Runnable usageError)
            implements CommandContext {

        @Override
        public Path path(String argument) {
            return workingDir.resolve(argument);
        }

        @Override
        public void print(String line) {
            out.accept(line);
        }

        @Override
        public void report(Diagnostic diagnostic) {
            reports.accept(diagnostic);
        }

        @Override
        public void usage(String message) {
            usageError.run();
            reports.accept(Diagnostic.error(addonId, message));
        }
    }

    private Netrc netrc(Map<String, String> env) {
        String explicit = env.get("NETRC");
        String home = env.get("HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Netrc.read(workingDir.getFileSystem().getPath(explicit));
        }
        return home == null || home.isBlank() ? Netrc.empty() : Netrc.read(workingDir.getFileSystem().getPath(home, ".netrc"));
    }

    /** jlite's version, from core's module descriptor. */
    public static String version() {
        Module m = LiteBuild.class.getModule();
        return m.isNamed() && m.getDescriptor().version().isPresent() ? m.getDescriptor().version().get().toString() : "dev";
    }

    /** Configures a {@link LiteBuild}. Unset parts come from the host: its working folder, environment and clock. */
    public static final class Builder {
        private AddonCatalog catalog;
        private Path workingDir;
        private Map<String, String> environment;
        private final List<ConfigArgument> arguments = new ArrayList<>();
        private Path configFile;
        private Clock clock;
        private BuildListener listener = new BuildListener() {
        };
        private RemoteFetcher remoteFetcher = RemoteFetcher.NONE;

        private Builder() {
        }

        /** The addons to use (default: {@link AddonCatalog#discover()}). */
        public Builder catalog(AddonCatalog value) {
            catalog = Objects.requireNonNull(value);
            return this;
        }

        /** The folder relative command-line paths start from; its file system is the build's. */
        public Builder workingDir(Path value) {
            workingDir = value.toAbsolutePath().normalize();
            return this;
        }

        /** The environment variables to read ({@code JUPYTERLITE_*}, {@code SOURCE_DATE_EPOCH}, ...). */
        public Builder environment(Map<String, String> value) {
            environment = Map.copyOf(value);
            return this;
        }

        /** Command-line values, in the order given. */
        public Builder arguments(List<ConfigArgument> values) {
            arguments.addAll(values);
            return this;
        }

        /** One command-line value, as {@code --Class.name=value} would give it. */
        public Builder argument(String className, String name, String value) {
            arguments.add(new ConfigArgument(className, name, value, "--" + className + "." + name));
            return this;
        }

        /** Read this configuration file instead of the lite dir's {@code jupyter_lite_config.json}. */
        public Builder configFile(Path value) {
            configFile = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        public Builder listener(BuildListener value) {
            listener = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Asked for a remote source's content before the network (for tests and embedding; see
         * {@link RemoteFetcher}); default {@link RemoteFetcher#NONE}, which changes nothing.
         */
        public Builder remoteFetcher(RemoteFetcher value) {
            remoteFetcher = Objects.requireNonNull(value);
            return this;
        }

        public LiteBuild build() {
            return new LiteBuild(this);
        }
    }
}
