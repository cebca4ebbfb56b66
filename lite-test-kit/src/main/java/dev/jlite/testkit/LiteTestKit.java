package dev.jlite.testkit;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.AddonCatalog;
import dev.jlite.core.BuildListener;
import dev.jlite.core.ConfigArgument;
import dev.jlite.core.LiteBuild;
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
 * <p>Runs of one kit share its file system, so a second {@link #run} is an incremental build.
 */
public final class LiteTestKit implements AutoCloseable {

    /** The pinned clock's time. */
    public static final Instant DEFAULT_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private final List<Addon> addons;
    private final boolean discover;
    private final FileSystem fs;
    private final Path work;
    private final Path liteDir;
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

    private LiteTestKit(List<Addon> addons, boolean discover) {
        this.addons = List.copyOf(addons);
        this.discover = discover;
        this.fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
        this.work = fs.getPath("/work");
        this.liteDir = work.resolve("site");
        env.put("HOME", "/home/tester");
        try {
            Files.createDirectories(liteDir);
            Files.createDirectories(fs.getPath("/home/tester"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kit running core's built-in addons plus {@code addons}. */
    public static LiteTestKit addons(Addon... addons) {
        return new LiteTestKit(List.of(addons), false);
    }

    /** A kit running every addon found on the module path (the bundled ones, as the CLI would). */
    public static LiteTestKit discovered() {
        return new LiteTestKit(List.of(), true);
    }

    /** Writes a file into the lite dir. */
    public LiteTestKit liteFile(String path, String text) {
        return liteFile(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file into the lite dir. */
    public LiteTestKit liteFile(String path, byte[] content) {
        write(liteDir.resolve(path), content);
        return this;
    }

    /** Deletes a file from the lite dir. */
    public LiteTestKit deleteLiteFile(String path) {
        try {
            Files.deleteIfExists(liteDir.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes {@code jupyter_lite_config.json} into the lite dir. */
    public LiteTestKit config(String json) {
        return liteFile("jupyter_lite_config.json", json);
    }

    /** A command-line value, as {@code --Class.name=value}. */
    public LiteTestKit arg(String className, String name, String value) {
        arguments.add(new ConfigArgument(className, name, value, "--" + className + "." + name));
        return this;
    }

    /** A {@code LiteBuildConfig} command-line value, as its alias would give it (e.g. {@code apps}). */
    public LiteTestKit option(String name, String value) {
        arguments.add(new ConfigArgument("LiteBuildConfig", name, value, "--" + name.replace('_', '-')));
        return this;
    }

    /** An environment variable the build sees (the host's are never seen). */
    public LiteTestKit env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The app to build from (default {@link TestApp#standard()}). */
    public LiteTestKit app(TestApp value) {
        app = Objects.requireNonNull(value);
        appWritten = false;
        return this;
    }

    /** Use an archive file as the app archive: written to {@code /work/<fileName>} (e.g. {@link TestApp#tgz()}). */
    public LiteTestKit appArchive(String fileName, byte[] content) {
        Path file = work.resolve(fileName);
        write(file, content);
        appArchive = file.toString();
        return this;
    }

    /** Use this app-archive source spec as given (a path relative to the lite dir, a file: URI, ...). */
    public LiteTestKit appArchiveSpec(String spec) {
        appArchive = spec;
        return this;
    }

    /** Build without an app archive configured. */
    public LiteTestKit noApp() {
        useApp = false;
        return this;
    }

    /** Let sources be fetched (the default is offline). */
    public LiteTestKit online() {
        offline = false;
        return this;
    }

    /** Pins the build clock to another instant. */
    public LiteTestKit clock(Instant instant) {
        clock = Clock.fixed(instant, ZoneOffset.UTC);
        return this;
    }

    public LiteTestKit listener(BuildListener value) {
        listener = Objects.requireNonNull(value);
        return this;
    }

    /** Clears the command-line values given so far (between runs of one kit). */
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

    /** The kit's in-memory file system. */
    public FileSystem fileSystem() {
        return fs;
    }

    /** The lite dir, {@code /work/site}. */
    public Path liteDir() {
        return liteDir;
    }

    /** Where the generated app is written, {@code /work/app}. */
    public Path appDir() {
        return work.resolve("app");
    }

    /** Runs a command and returns what happened. */
    public LiteRun run(Command command) {
        return execute(command, false);
    }

    /** Says which tasks a command would run, running none ({@code jlite list}). */
    public LiteRun plan(Command command) {
        return execute(command, true);
    }

    /**
     * Runs an addon's sub-command, as {@code jlite <addon> <name> args...} would, with the kit's lite dir,
     * settings and environment; relative arguments start from the kit's working folder, {@code /work}.
     */
    public CommandRun command(String addon, String name, String... arguments) {
        List<ConfigArgument> args = new ArrayList<>();
        args.add(new ConfigArgument("LiteBuildConfig", "lite_dir", liteDir.toString(), "--lite-dir"));
        if (offline) {
            args.add(new ConfigArgument("LiteBuildConfig", "offline", "true", "--offline"));
        }
        args.addAll(this.arguments);
        LiteBuild build = LiteBuild.builder()
                .catalog(discover ? AddonCatalog.discover() : AddonCatalog.withBuiltIns(addons))
                .workingDir(work)
                .environment(env)
                .arguments(args)
                .clock(clock)
                .listener(listener)
                .build();
        List<String> out = new ArrayList<>();
        LiteBuild.CommandResult result = build.command(addon, name, List.of(arguments), out::add);
        return new CommandRun(result.exitCode(), out, result.diagnostics());
    }

    private LiteRun execute(Command command, boolean planOnly) {
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
        LiteBuild build = LiteBuild.builder()
                .catalog(discover ? AddonCatalog.discover() : AddonCatalog.withBuiltIns(addons))
                .workingDir(work)
                .environment(env)
                .arguments(args)
                .clock(clock)
                .listener(listener)
                .build();
        return new LiteRun(planOnly ? build.plan(command) : build.run(command), liteDir);
    }

    private void writeApp() {
        if (appWritten) {
            return;
        }
        try {
            if (Files.exists(appDir())) {
                try (var walk = Files.walk(appDir())) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
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
