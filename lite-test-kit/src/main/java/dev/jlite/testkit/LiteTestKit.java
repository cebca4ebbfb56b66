package dev.jlite.testkit;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.AddonCatalog;
import dev.jlite.core.BuildListener;
import dev.jlite.core.BuildResult;
import dev.jlite.core.ConfigArgument;
import dev.jlite.core.LiteBuild;
import dev.jlite.core.RemoteFetcher;
import dev.jlite.core.TaskEvent;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs the real jlite pipeline on an in-memory file system, hermetic by default: offline, with a pinned
 * clock, no environment from the host, and a small generated app ({@link TestApp#standard()}).
 *
 * <pre>{@code
 * LiteRun run = LiteTestKit.addons(new MyAddon())
 *         .liteFile("files/intro.ipynb", "{}")
 *         .config("{\"MyAddon\": {\"greeting\": \"hi\"}}")
 *         .run(Command.BUILD);
 * assertTrue(run.ok(), run::report);
 * assertEquals("hi", run.json("jupyter-lite.json").at("/jupyter-config-data/greeting").asString());
 * }</pre>
 *
 * <p>Runs of one kit share its file system, so a second {@link #run} is an incremental build. Remote
 * sources come from {@link FakeSources} or a {@link TestHttpServer} on loopback, once the kit is
 * {@link #online()}; {@link AddonContractTests} checks an addon against the contracts every addon keeps.
 */
public final class LiteTestKit implements AutoCloseable {

    /** The pinned clock's time. */
    public static final Instant DEFAULT_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private final List<Addon> addons;
    private final boolean discover;
    private final boolean builtIns;
    private FileSystem fs;
    private Path work;
    private Path liteDir;
    private final Map<String, String> env = new TreeMap<>();
    private final List<ConfigArgument> arguments = new ArrayList<>();
    private Clock clock = Clock.fixed(DEFAULT_TIME, ZoneOffset.UTC);
    private TestApp app = TestApp.standard();
    private String appArchive;
    private boolean appWritten;
    private boolean useApp = true;
    private boolean offline = true;
    private BuildListener listener = new BuildListener() {
    };
    private RemoteFetcher remoteFetcher = RemoteFetcher.NONE;

    private LiteTestKit(List<Addon> addons, boolean discover, boolean builtIns) {
        this.addons = List.copyOf(addons);
        this.discover = discover;
        this.builtIns = builtIns;
        env.put("HOME", "/home/tester");
        newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "owner", "posix", "unix").build());
    }

    private void newFileSystem(Configuration configuration) {
        this.fs = Jimfs.newFileSystem(configuration);
        this.work = fs.getPath("/work");
        this.liteDir = work.resolve("site");
        try {
            Files.createDirectories(liteDir);
            Files.createDirectories(fs.getPath("/home/tester"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gives the kit a disk of this size, so that a test can see what its addon does when the disk fills:
     * a write past it fails as a full disk does ({@code IOException}). Call it first, before any file is
     * written: it starts a new, empty file system.
     *
     * @param bytes the size of the disk, in bytes (rounded down to whole blocks of 4 KiB)
     * @return this kit
     */
    public LiteTestKit diskSize(long bytes) {
        try (var entries = Files.list(liteDir)) {
            if (entries.findAny().isPresent() || appWritten) {
                throw new IllegalStateException("call diskSize first, before any file is written");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        close();
        newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "owner", "posix", "unix")
                .setBlockSize(4096).setMaxSize(bytes).build());
        return this;
    }

    /**
     * A kit running core's built-in addons plus {@code addons}.
     *
     * @param addons the addons to add to the built-in ones
     * @return a new kit
     */
    public static LiteTestKit addons(Addon... addons) {
        return new LiteTestKit(List.of(addons), false, true);
    }

    /**
     * A kit running exactly {@code addons}, without core's built-in ones: e.g. to run one of the built-in
     * addons (from {@link java.util.ServiceLoader}) in place of core's own instance.
     *
     * @param addons every addon the kit runs
     * @return a new kit
     */
    public static LiteTestKit only(Addon... addons) {
        return new LiteTestKit(List.of(addons), false, false);
    }

    /**
     * A kit running every addon found on the module path (the bundled ones, as the CLI would).
     *
     * @return a new kit
     */
    public static LiteTestKit discovered() {
        return new LiteTestKit(List.of(), true, true);
    }

    /**
     * Writes a file into the lite dir.
     *
     * @param path a path relative to the lite dir; folders are created
     * @param text the content, written as UTF-8
     * @return this kit
     */
    public LiteTestKit liteFile(String path, String text) {
        return liteFile(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a file into the lite dir.
     *
     * @param path    a path relative to the lite dir; folders are created
     * @param content the content
     * @return this kit
     */
    public LiteTestKit liteFile(String path, byte[] content) {
        write(liteDir.resolve(path), content);
        return this;
    }

    /**
     * Deletes a file from the lite dir.
     *
     * @param path a path relative to the lite dir
     * @return this kit
     */
    public LiteTestKit deleteLiteFile(String path) {
        try {
            Files.deleteIfExists(liteDir.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Writes {@code jupyter_lite_config.json} into the lite dir.
     *
     * @param json the file's content
     * @return this kit
     */
    public LiteTestKit config(String json) {
        return liteFile("jupyter_lite_config.json", json);
    }

    /**
     * A command-line value, as {@code --Class.name=value}; later values win.
     *
     * @param className the configuration class, e.g. {@code PyodideAddon}
     * @param name      the setting
     * @param value     the value, as typed on a command line
     * @return this kit
     */
    public LiteTestKit arg(String className, String name, String value) {
        arguments.add(new ConfigArgument(className, name, value, "--" + className + "." + name));
        return this;
    }

    /**
     * A {@code LiteBuildConfig} command-line value, as its alias would give it; later values win.
     *
     * @param name  the setting, e.g. {@code apps} or {@code output_dir}
     * @param value the value, as typed on a command line
     * @return this kit
     */
    public LiteTestKit option(String name, String value) {
        arguments.add(new ConfigArgument("LiteBuildConfig", name, value, "--" + name.replace('_', '-')));
        return this;
    }

    /**
     * An environment variable the build sees (the host's are never seen; {@code HOME} is {@code /home/tester}).
     *
     * @param name  the variable
     * @param value its value
     * @return this kit
     */
    public LiteTestKit env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /**
     * The app to build from (default {@link TestApp#standard()}).
     *
     * @param value the app
     * @return this kit
     */
    public LiteTestKit app(TestApp value) {
        app = Objects.requireNonNull(value);
        appWritten = false;
        return this;
    }

    /**
     * Use an archive file as the app archive: written to {@code /work/<fileName>} (e.g. {@link TestApp#tgz()}).
     *
     * @param fileName the archive's file name
     * @param content  the archive
     * @return this kit
     */
    public LiteTestKit appArchive(String fileName, byte[] content) {
        Path file = work.resolve(fileName);
        write(file, content);
        appArchive = file.toString();
        return this;
    }

    /**
     * Use this app-archive source spec as given (a path relative to the lite dir, a file: URI, a URL, ...).
     *
     * @param spec the source spec
     * @return this kit
     */
    public LiteTestKit appArchiveSpec(String spec) {
        appArchive = spec;
        return this;
    }

    /**
     * Build without an app archive configured.
     *
     * @return this kit
     */
    public LiteTestKit noApp() {
        useApp = false;
        return this;
    }

    /**
     * Let remote sources be fetched (the default is {@code --offline}): from {@link #sources fake sources},
     * or over HTTP (only ever to loopback in tests, e.g. a {@link TestHttpServer}).
     *
     * @return this kit
     */
    public LiteTestKit online() {
        offline = false;
        return this;
    }

    /**
     * Forbid fetching again ({@code --offline}, the default): remote sources come from the cache only.
     *
     * @return this kit
     */
    public LiteTestKit offline() {
        offline = true;
        return this;
    }

    /**
     * Serve remote sources ({@code https://...}, {@code npm:}, {@code pypi:}) from these fakes instead of
     * the network. They are fetched, as downloads are, only when the kit is {@link #online()}.
     *
     * @param fakes what to serve
     * @return this kit
     */
    public LiteTestKit sources(FakeSources fakes) {
        remoteFetcher = fakes.fetcher();
        return this;
    }

    /**
     * Pins the build clock to another instant (default {@link #DEFAULT_TIME}); {@code SOURCE_DATE_EPOCH}
     * still wins.
     *
     * @param instant the time the build sees
     * @return this kit
     */
    public LiteTestKit clock(Instant instant) {
        clock = Clock.fixed(instant, ZoneOffset.UTC);
        return this;
    }

    /**
     * Hears about runs as they go (diagnostics, tasks, download progress).
     *
     * @param value the listener
     * @return this kit
     */
    public LiteTestKit listener(BuildListener value) {
        listener = Objects.requireNonNull(value);
        return this;
    }

    /**
     * Clears the command-line values given so far (between runs of one kit).
     *
     * @return this kit
     */
    public LiteTestKit clearArgs() {
        arguments.clear();
        return this;
    }

    /** Releases the in-memory file system. */
    @Override
    public void close() {
        try {
            fs.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The kit's in-memory file system.
     *
     * @return the file system every run of this kit uses
     */
    public FileSystem fileSystem() {
        return fs;
    }

    /**
     * The lite dir, {@code /work/site}.
     *
     * @return the lite dir
     */
    public Path liteDir() {
        return liteDir;
    }

    /**
     * Where the generated app is written, {@code /work/app}.
     *
     * @return the app's folder
     */
    public Path appDir() {
        return work.resolve("app");
    }

    /**
     * Runs a command and returns what happened.
     *
     * @param command e.g. {@link Command#BUILD}
     * @return what the run did
     */
    public LiteRun run(Command command) {
        return execute(command, false);
    }

    /**
     * Says which tasks a command would run, running none ({@code jlite list}).
     *
     * @param command e.g. {@link Command#BUILD}
     * @return the plan, as {@link TaskEvent.Outcome#WOULD_RUN} and {@link TaskEvent.Outcome#SKIPPED} events
     */
    public LiteRun plan(Command command) {
        return execute(command, true);
    }

    /**
     * Runs an addon's sub-command, as {@code jlite <addon> <name> args...} would, with the kit's lite dir,
     * settings and environment; relative arguments start from the kit's working folder, {@code /work}.
     *
     * @param addon     the addon's id
     * @param name      the command's name
     * @param arguments its arguments
     * @return what the command did
     */
    public CommandRun command(String addon, String name, String... arguments) {
        List<ConfigArgument> args = new ArrayList<>();
        args.add(new ConfigArgument("LiteBuildConfig", "lite_dir", liteDir.toString(), "--lite-dir"));
        if (offline) {
            args.add(new ConfigArgument("LiteBuildConfig", "offline", "true", "--offline"));
        }
        args.addAll(this.arguments);
        LiteBuild build = builder(args).build();
        List<String> out = new ArrayList<>();
        LiteBuild.CommandResult result = build.command(addon, name, List.of(arguments), out::add);
        return new CommandRun(result.exitCode(), out, result.diagnostics());
    }

    /** (contract checks) Runs a command, noting what it changed outside its output and the cache. */
    LiteRun runWatched(Command command) {
        return execute(command, false, true);
    }

    private LiteRun execute(Command command, boolean planOnly) {
        return execute(command, planOnly, false);
    }

    private LiteBuild.Builder builder(List<ConfigArgument> args) {
        return LiteBuild.builder()
                .catalog(discover ? AddonCatalog.discover() : builtIns ? AddonCatalog.withBuiltIns(addons) : AddonCatalog.of(addons))
                .workingDir(work)
                .environment(env)
                .arguments(args)
                .clock(clock)
                .listener(listener)
                .remoteFetcher(remoteFetcher);
    }

    private LiteRun execute(Command command, boolean planOnly, boolean watch) {
        List<ConfigArgument> args = new ArrayList<>();
        args.add(new ConfigArgument("LiteBuildConfig", "lite_dir", liteDir.toString(), "--lite-dir"));
        if (appArchive != null) {
            args.add(new ConfigArgument("LiteBuildConfig", "app_archive", appArchive, "--app-archive"));
        } else if (useApp) {
            writeApp();
            args.add(new ConfigArgument("LiteBuildConfig", "app_archive", appDir().toString(), "--app-archive"));
        }
        if (offline) {
            args.add(new ConfigArgument("LiteBuildConfig", "offline", "true", "--offline"));
        }
        args.addAll(arguments);
        LiteBuild build = builder(args).build();
        if (!watch) {
            return new LiteRun(planOnly ? build.plan(command) : build.run(command), liteDir);
        }
        Map<String, String> before = FileSystemSnapshot.of(fs);
        BuildResult result = build.run(command);
        Map<String, String> after = FileSystemSnapshot.of(fs);
        List<Path> allowed = new ArrayList<>();
        result.outputDir().ifPresent(allowed::add);
        result.options().ifPresent(o -> allowed.add(o.cacheDir()));
        LiteBuild.outsideOwners(result).keySet().forEach(abs -> allowed.add(fs.getPath(abs))); // declared outputs beside the site
        return new LiteRun(result, liteDir, FileSystemSnapshot.changes(before, after, fs, allowed));
    }

    private void writeApp() {
        if (appWritten) {
            return;
        }
        try {
            if (Files.exists(appDir())) {
                try (var walk = Files.walk(appDir())) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        app.files().forEach((path, bytes) -> write(appDir().resolve(path), bytes));
        appWritten = true;
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
