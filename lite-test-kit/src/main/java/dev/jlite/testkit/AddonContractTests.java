package dev.jlite.testkit;

import dev.jlite.core.TaskEvent;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonCommand;
import dev.jlite.core.spi.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contracts every addon keeps, as JUnit tests to inherit: extend this class in your addon's tests,
 * give it a way to make your addon and, if the default is not enough, a configuration under which it does
 * real work.
 *
 * <pre>{@code
 * class MyAddonContractTests extends AddonContractTests {
 *     MyAddonContractTests() {
 *         super(MyAddon::new);
 *     }
 *
 *     @Override
 *     protected void configure(LiteTestKit kit) {
 *         kit.liteFile("my/data.txt", "hello").arg("MyAddon", "enabled", "true");
 *     }
 *
 *     @Override
 *     protected Optional<String> remoteSource(LiteTestKit kit) {
 *         kit.arg("MyAddon", "source", "https://example.test/data-1.0.tgz");
 *         return Optional.of("https://example.test/data-1.0.tgz");
 *     }
 * }
 * }</pre>
 *
 * <p>The contracts, one test each:
 * <ul>
 * <li>the constructor has no side effects: it starts no thread, creates or deletes nothing in the working
 *     folder or the user's home (two levels deep) or in {@code java.io.tmpdir} (which every process of the
 *     machine shares, so there only what a second construction makes again counts), changes no system
 *     property, default locale or time zone, and prints nothing;</li>
 * <li>construction is deterministic: two instances give the same id, description, configuration name,
 *     ordering, settings and commands;</li>
 * <li>nothing is written outside declared outputs: after a run, every output file belongs to an output
 *     some task declared, and nothing else of the kit's file system changed but the output, the cache and
 *     the files beside the site that core's tasks declare (the site archive);</li>
 * <li>a second run is a no-op: no task runs (but those that only check), and the output and the files
 *     beside it stay byte for byte the same;</li>
 * <li>two fresh runs are byte-identical: two kits with different clocks and the same
 *     {@code SOURCE_DATE_EPOCH} write the same tree (the difference, if any, is described file by file) and
 *     the same files beside it;</li>
 * <li>offline failures name the source: given a configuration that needs a remote source
 *     ({@link #remoteSource}), a build with {@code --offline} and an empty cache fails naming that source.
 *     Skipped (as a JUnit assumption) when no such configuration is given.</li>
 * </ul>
 *
 * <p>The build contracts run each command the addon takes part in ({@link Command#BUILD} when it has
 * tasks in the build phases, {@link Command#CHECK} and {@link Command#ARCHIVE} when it has tasks in theirs)
 * on a kit made by {@link #newKit} and configured by {@link #configure}; each of those runs must succeed.
 * They are skipped (as an assumption, with the reason) only when the addon takes part in none of them.
 */
public abstract class AddonContractTests {

    /** The {@code SOURCE_DATE_EPOCH} of the byte-identical check: 2001-09-09, earlier than any file the kit writes. */
    static final long CONTRACT_EPOCH = 1_000_000_000L;

    private static final String NOTEBOOK = """
            {
              "cells": [{"cell_type": "markdown", "id": "intro", "metadata": {}, "source": ["# A notebook"]}],
              "metadata": {},
              "nbformat": 4,
              "nbformat_minor": 5
            }
            """;

    private final Supplier<? extends Addon> addon;

    /**
     * A suite for the addon that {@code addon} makes.
     *
     * @param addon makes a fresh instance each time it is called (e.g. {@code MyAddon::new}), so that the
     *              constructor can be watched
     */
    protected AddonContractTests(Supplier<? extends Addon> addon) {
        this.addon = Objects.requireNonNull(addon);
    }

    /**
     * Makes the kit a contract runs the addon in. The default, {@code LiteTestKit.addons(addon)}, runs it
     * beside core's built-in addons; override to add the addons it works with, or to use
     * {@link LiteTestKit#only} (e.g. for one of core's own addons).
     *
     * @param addon a fresh instance of the addon under test
     * @return a new kit, not yet configured
     */
    protected LiteTestKit newKit(Addon addon) {
        return LiteTestKit.addons(addon);
    }

    /**
     * Configures a kit for a build in which the addon does real work: its settings, lite files, app. The
     * default writes a notebook and a text file under {@code files/} and leaves the rest as the kit has it
     * (the standard test app, offline). The kit comes with {@code SOURCE_DATE_EPOCH} set (to 2001-09-09),
     * since the in-memory file system stamps files with the wall clock; set another here if needed.
     *
     * @param kit a fresh kit from {@link #newKit}
     */
    protected void configure(LiteTestKit kit) {
        kit.liteFile("files/notebook.ipynb", NOTEBOOK).liteFile("files/README.md", "# Contract\n");
    }

    /**
     * Configures a kit so that the addon needs a remote source ({@code https://...}, {@code npm:},
     * {@code pypi:}), and says which. The kit is fresh (not {@link #configure configured}; call it here if
     * that is needed), and the build runs with {@code --offline} and an empty cache. The default gives
     * none, which skips the offline contract.
     *
     * @param kit a fresh kit from {@link #newKit}
     * @return the source spec the offline failure must name, as the configuration gives it
     */
    protected Optional<String> remoteSource(LiteTestKit kit) {
        return Optional.empty();
    }

    // --- the constructor --------------------------------------------------------------------------

    /** The constructor starts no thread, touches no file, property, locale or time zone, and prints nothing. */
    @Test
    public final void constructorHasNoSideEffects() {
        // Read first: the first read of the default time zone sets user.timezone.
        Locale.getDefault();
        TimeZone.getDefault();
        Observation first = observe();
        List<String> effects = new ArrayList<>(first.effects());
        if (!first.temporary().isEmpty()) {
            // java.io.tmpdir is shared by every process of the machine: what appeared there counts only when
            // making the addon again makes something again (as a temporary file or folder would).
            Observation again = observe();
            if (!again.temporary().isEmpty()) {
                effects.addAll(first.temporary());
            }
        }
        if (!effects.isEmpty()) {
            Assertions.fail("constructing " + first.made().getClass().getName() + " had side effects (an addon is made whenever "
                    + "the command line is put together; work belongs in tasks):\n  " + String.join("\n  ", effects));
        }
    }

    /** What making the addon once did; {@code temporary} lists what appeared in java.io.tmpdir. */
    private record Observation(Addon made, List<String> effects, List<String> temporary) {
    }

    private Observation observe() {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        List<Path> folders = folders("user.dir", "user.home");
        List<Path> tmp = folders("java.io.tmpdir");
        Map<Path, Set<String>> filesBefore = listings(folders, 2);
        Map<Path, Set<String>> tmpBefore = listings(tmp, 1);
        Set<Thread> threadsBefore = liveThreads();
        Map<String, String> propertiesBefore = properties();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Addon made;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            made = addon.get();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        Assertions.assertNotNull(made, "the supplier gave no addon");
        List<String> effects = new ArrayList<>();
        Set<Thread> started = liveThreads();
        started.removeAll(threadsBefore);
        if (!started.isEmpty()) {
            effects.add("it started threads: " + started.stream().map(Thread::getName).sorted().collect(Collectors.joining(", ")));
        }
        Map<String, String> propertiesAfter = properties();
        if (!propertiesAfter.equals(propertiesBefore)) {
            TreeSet<String> keys = new TreeSet<>(propertiesBefore.keySet());
            keys.addAll(propertiesAfter.keySet());
            keys.removeIf(k -> Objects.equals(propertiesBefore.get(k), propertiesAfter.get(k)));
            effects.add("it changed system properties: " + String.join(", ", keys));
        }
        if (!Locale.getDefault().equals(locale)) {
            effects.add("it changed the default locale from " + locale + " to " + Locale.getDefault());
            Locale.setDefault(locale);
        }
        if (!TimeZone.getDefault().equals(zone)) {
            effects.add("it changed the default time zone from " + zone.getID() + " to " + TimeZone.getDefault().getID());
            TimeZone.setDefault(zone);
        }
        effects.addAll(changes(filesBefore, listings(folders, 2)));
        if (printed.size() > 0) {
            effects.add("it printed: " + printed.toString(StandardCharsets.UTF_8).strip());
        }
        return new Observation(made, effects, changes(tmpBefore, listings(tmp, 1)));
    }

    private static List<String> changes(Map<Path, Set<String>> before, Map<Path, Set<String>> after) {
        List<String> out = new ArrayList<>();
        for (Path folder : before.keySet()) {
            Set<String> created = new TreeSet<>(after.get(folder));
            created.removeAll(before.get(folder));
            Set<String> deleted = new TreeSet<>(before.get(folder));
            deleted.removeAll(after.get(folder));
            created.forEach(p -> out.add("it created " + folder.resolve(p)));
            deleted.forEach(p -> out.add("it deleted " + folder.resolve(p)));
        }
        return out;
    }

    /** Two instances describe themselves the same way. */
    @Test
    public final void constructionIsDeterministic() {
        Addon a = addon.get();
        Addon b = addon.get();
        Assertions.assertNotSame(a, b, "the supplier must make a new instance each time it is called");
        List<String> differences = new ArrayList<>();
        compare(differences, "id()", a.id(), b.id());
        compare(differences, "description()", a.description(), b.description());
        compare(differences, "configName()", a.configName(), b.configName());
        compare(differences, "after()", new TreeSet<>(a.after()), new TreeSet<>(b.after()));
        compare(differences, "settings()", a.settings(), b.settings());
        compare(differences, "commands()", commands(a), commands(b));
        if (!differences.isEmpty()) {
            Assertions.fail("two instances of " + a.getClass().getName() + " describe themselves differently (the CLI, the "
                    + "configuration and every build read these):\n  " + String.join("\n  ", differences));
        }
    }

    // --- builds -----------------------------------------------------------------------------------

    /**
     * After each command the addon takes part in, every output file is in a declared output, and nothing
     * else changed but the output, the cache and the files beside the site that tasks declared.
     */
    @Test
    public final void writesOnlyDeclaredOutputs() {
        for (Command command : commandsOf()) {
            Addon under = addon.get();
            try (LiteTestKit kit = configured(under, LiteTestKit.DEFAULT_TIME)) {
                LiteRun run = kit.runWatched(command);
                List<String> refused = run.errors().stream().filter(e -> e.contains("outside its declared outputs")
                        || e.contains("outside the output folder")).toList();
                if (!refused.isEmpty()) {
                    Assertions.fail(an(command) + " with addon '" + under.id() + "' wrote outside the declared "
                            + "outputs, and jlite refused it:\n  " + String.join("\n  ", refused));
                }
                requireRan(run, under, command);
                Map<String, String> owners = run.owners();
                List<String> undeclared = run.files().stream().filter(f -> !owners.containsKey(f)).toList();
                List<String> problems = new ArrayList<>();
                if (!undeclared.isEmpty()) {
                    problems.add("output files no task declared as an output (declare them with output(...) or outputs(...) of "
                            + "the task that writes them, and write them through TaskContext.files()):\n    "
                            + String.join("\n    ", limit(undeclared)));
                }
                if (!run.changedOutside().isEmpty()) {
                    problems.add("paths outside the output (" + run.output() + ") and the cache that the " + command.cliName()
                            + " changed (a task writes only its declared outputs):\n    "
                            + String.join("\n    ", limit(run.changedOutside())));
                }
                if (!problems.isEmpty()) {
                    Assertions.fail(an(command) + " with addon '" + under.id() + "' wrote outside the declared "
                            + "outputs:\n  " + String.join("\n  ", problems));
                }
            }
        }
    }

    /** Run again with nothing changed, each command the addon takes part in runs no task and leaves the output as it was. */
    @Test
    public final void aSecondBuildIsANoOp() {
        for (Command command : commandsOf()) {
            Addon under = addon.get();
            try (LiteTestKit kit = configured(under, LiteTestKit.DEFAULT_TIME)) {
                LiteRun first = kit.run(command);
                requireRan(first, under, command);
                LiteRun second = kit.run(command);
                Assertions.assertTrue(second.ok(), () -> "the second " + command.cliName() + " failed:\n" + second.report());
                // tasks that only check run every time; they write nothing
                List<String> ran = second.events().stream().filter(e -> e.outcome() == TaskEvent.Outcome.RAN
                                && !e.phase().isReadOnly())
                        .map(e -> e.task() + " (" + e.reason() + ")").toList();
                if (!ran.isEmpty()) {
                    Assertions.fail("a second " + command.cliName() + " with nothing changed ran tasks (a task is skipped when "
                            + "its declared inputs, configuration and read keys are the same and its outputs are untouched; "
                            + "always() tasks rerun):\n    " + String.join("\n    ", ran));
                }
                TreeDiff diff = first.diff(second);
                if (!diff.isEmpty()) {
                    Assertions.fail("a second " + command.cliName() + " with nothing changed changed the output:\n" + diff.describe());
                }
                Assertions.assertEquals(first.outsideFiles(), second.outsideFiles(), () -> "a second " + command.cliName()
                        + " with nothing changed changed the files it wrote beside the site");
            }
        }
    }

    /** Two fresh kits with different clocks and the same SOURCE_DATE_EPOCH give the same bytes, in each command the addon takes part in. */
    @Test
    public final void freshBuildsAreByteIdentical() {
        for (Command command : commandsOf()) {
            Addon under = addon.get();
            try (LiteTestKit one = configured(under, LiteTestKit.DEFAULT_TIME);
                 LiteTestKit two = configured(addon.get(), LiteTestKit.DEFAULT_TIME.plus(Duration.ofDays(400).plusSeconds(7)))) {
                LiteRun a = one.run(command);
                requireRan(a, under, command);
                LiteRun b = two.run(command);
                Assertions.assertTrue(b.ok(), () -> "the second fresh " + command.cliName() + " failed:\n" + b.report());
                TreeDiff diff = a.diff(b);
                if (!diff.isEmpty()) {
                    Assertions.fail("two fresh " + command.cliName() + "s with the same inputs and SOURCE_DATE_EPOCH, at "
                            + "different times, differ (an output may depend on nothing but the inputs: no wall clock, random "
                            + "values or hash order):\n" + diff.describe());
                }
                Assertions.assertEquals(a.outsideFiles(), b.outsideFiles(), () -> "two fresh " + command.cliName() + "s"
                        + " wrote different files beside the site (sha256 by path)");
            }
        }
    }

    /** Offline, with an empty cache, a build that needs a remote source fails and names it. */
    @Test
    public final void offlineFailuresNameTheSource() {
        Addon made = addon.get();
        try (LiteTestKit kit = newKit(made)) {
            Optional<String> spec = remoteSource(kit);
            Assumptions.assumeTrue(spec.isPresent(), "no configuration that needs a remote source was given: override "
                    + "remoteSource(LiteTestKit) to check that offline failures name the source");
            LiteRun run = kit.option("offline", "true").run(Command.BUILD);
            Assertions.assertFalse(run.ok(), () -> "with --offline and an empty cache the build succeeded, so it needed no remote "
                    + "source; remoteSource(LiteTestKit) must configure the kit so that addon '" + made.id() + "' needs "
                    + spec.get() + ":\n" + run.report());
            Assertions.assertEquals(1, run.exitCode(), () -> "the configuration of remoteSource(LiteTestKit) is invalid (exit code "
                    + run.exitCode() + "), so nothing was fetched or refused:\n" + run.report());
            Assertions.assertTrue(run.errors().stream().anyMatch(e -> e.contains(spec.get())), () -> "the offline failure does not "
                    + "name the source " + spec.get() + "; a user must learn what to fetch (or cache with jlite fetch). Errors:\n    "
                    + String.join("\n    ", run.errors()));
        }
    }

    // --- helpers ----------------------------------------------------------------------------------

    /**
     * A kit around {@code under}, configured. {@code SOURCE_DATE_EPOCH} is set first (configure may change it),
     * so that file times from the kit's file system, which follow the wall clock, do not reach the output.
     */
    private LiteTestKit configured(Addon under, Instant clock) {
        LiteTestKit kit = newKit(under).clock(clock).env("SOURCE_DATE_EPOCH", Long.toString(CONTRACT_EPOCH));
        configure(kit);
        return kit;
    }

    /**
     * The commands the addon takes part in: a build when it has tasks in the build phases, {@code check} and
     * {@code archive} when it has tasks in theirs, as {@code jlite list} plans them (nothing runs). A suite of
     * an addon that takes part in none is skipped, as an assumption.
     */
    private List<Command> commandsOf() {
        List<Command> out = new ArrayList<>();
        Addon under = addon.get();
        String prefix = under.id() + ":";
        try (LiteTestKit kit = configured(under, LiteTestKit.DEFAULT_TIME)) {
            for (Command command : List.of(Command.BUILD, Command.CHECK, Command.ARCHIVE)) {
                LiteRun plan = kit.plan(command);
                boolean own = plan.events().stream().anyMatch(e -> e.task().startsWith(prefix)
                        && (command == Command.BUILD || !Command.BUILD.phases().contains(e.phase())));
                if (own) {
                    out.add(command);
                }
            }
        }
        Assumptions.assumeFalse(out.isEmpty(), () -> "addon '" + under.id() + "' has no task in a build, check or archive "
                + "configured by configure(LiteTestKit), so the build contracts have nothing to check");
        return out;
    }

    /** "a build", "a check", "an archive". */
    private static String an(Command command) {
        return (command == Command.ARCHIVE ? "an " : "a ") + command.cliName();
    }

    /** The run the contracts start from succeeded, and the addon took part in it. */
    private static void requireRan(LiteRun run, Addon under, Command command) {
        Assertions.assertTrue(run.ok(), () -> "the " + command.cliName() + " the contracts start from failed; override "
                + "configure(LiteTestKit) so that it succeeds:\n" + run.report());
        String prefix = under.id() + ":";
        Assertions.assertTrue(run.events().stream().anyMatch(e -> e.task().startsWith(prefix)), () -> "addon '" + under.id()
                + "' ran no task in a " + command.cliName() + " that its plan said it takes part in:\n" + run.report());
    }

    private static List<String> limit(List<String> lines) {
        if (lines.size() <= 30) {
            return lines;
        }
        List<String> out = new ArrayList<>(lines.subList(0, 30));
        out.add("... and " + (lines.size() - 30) + " more");
        return out;
    }

    private static void compare(List<String> differences, String what, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            differences.add(what + ": " + a + " / " + b);
        }
    }

    private static List<String> commands(Addon a) {
        List<String> out = new ArrayList<>();
        for (AddonCommand c : a.commands()) {
            out.add(c.name() + " [" + c.arguments() + "] " + c.description());
        }
        return out;
    }

    /** Live threads of this thread's group: the JDK's own, started lazily (e.g. the Common-Cleaner), are in others. */
    private static Set<Thread> liveThreads() {
        ThreadGroup mine = Thread.currentThread().getThreadGroup();
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ThreadGroup g = t.getThreadGroup();
            if (t.isAlive() && g != null && mine.parentOf(g)) {
                threads.add(t);
            }
        }
        return threads;
    }

    private static Map<String, String> properties() {
        Map<String, String> copy = new TreeMap<>();
        System.getProperties().forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
        return copy;
    }

    private static List<Path> folders(String... properties) {
        List<Path> folders = new ArrayList<>();
        for (String property : properties) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                Path p = Path.of(value).toAbsolutePath().normalize();
                if (Files.isDirectory(p) && !folders.contains(p)) {
                    folders.add(p);
                }
            }
        }
        return folders;
    }

    /** The names {@code depth} levels deep in each folder: enough to see a file or a folder made in it. */
    private static Map<Path, Set<String>> listings(List<Path> folders, int depth) {
        Map<Path, Set<String>> out = new TreeMap<>();
        for (Path folder : folders) {
            Set<String> names = new TreeSet<>();
            try (Stream<Path> walk = Files.walk(folder, depth)) {
                walk.forEach(p -> names.add(folder.relativize(p).toString()));
            } catch (IOException | UncheckedIOException e) {
                // an unreadable corner of a shared folder (e.g. another user's files) proves nothing
                names.clear();
                names.addAll(shallow(folder, depth));
            }
            out.put(folder, names);
        }
        return out;
    }

    private static Set<String> shallow(Path folder, int depth) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> list = Files.list(folder)) {
            list.forEach(p -> {
                names.add(folder.relativize(p).toString());
                if (depth > 1 && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && Files.isReadable(p)) {
                    try (Stream<Path> inner = Files.list(p)) {
                        inner.forEach(q -> names.add(folder.relativize(q).toString()));
                    } catch (IOException | UncheckedIOException e) {
                        // unreadable: its names are not watched
                    }
                }
            });
        } catch (IOException e) {
            // unreadable: not watched
        }
        return names;
    }
}
