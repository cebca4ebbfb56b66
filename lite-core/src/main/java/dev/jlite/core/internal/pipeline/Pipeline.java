package dev.jlite.core.internal.pipeline;

import dev.jlite.core.BuildListener;
import dev.jlite.core.TaskEvent;
import dev.jlite.core.internal.archive.ArchivesImpl;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.files.FileStat;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.ListKey;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Severity;
import dev.jlite.core.spi.TaskContext;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the phases of a command: registers every addon's tasks, orders them, and runs each task unless it
 * is up to date, in which case what it wrote and reported last time is replayed. A failing task is
 * reported once, naming its addon, phase and task; the tasks that depend on it are not run, the others
 * of its phase still are, and no later phase starts.
 */
public final class Pipeline {

    /** The folder of the output that holds jlite's bookkeeping (manifest, journal, lock); never part of the site. */
    public static final String BOOKKEEPING = OutputLedger.FOLDER;

    /** What a run produced. */
    public record Result(boolean failed, List<Diagnostic> diagnostics, List<TaskEvent> events) {
    }

    private final List<LoadedAddon> addons;
    private final Services services;
    private final BuildListener listener;
    private final JsonSupport json = JsonSupport.instance();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<TaskEvent> events = new ArrayList<>();

    public Pipeline(List<LoadedAddon> addons, Services services, BuildListener listener) {
        this.addons = List.copyOf(addons);
        this.services = services;
        this.listener = listener;
    }

    /** Runs {@code command}; with {@code planOnly}, runs nothing and says what would run. */
    public Result run(Command command, boolean planOnly) {
        List<TaskSpec> tasks = register();
        if (hasErrors()) {
            return done();
        }
        Plan plan = new Plan(tasks);
        plan.problems().forEach(this::report);
        if (hasErrors()) {
            return done();
        }
        boolean readOnly = services.readOnly();
        Path output = services.options().outputDir();
        try (OutputLedger ledger = readOnly ? OutputLedger.read(output) : OutputLedger.lock(output)) {
            BuildState state = BuildState.open(services.options().cacheDir(), output, ledger.id());
            services.files().digestCache().recall(state.digests());
            if (!state.trusted()) {
                // saved for another history of the output: what it knew of the output's own files may be stale
                services.files().digestCache().forgetUnder(output.toAbsolutePath().normalize());
            }
            new Execution(plan, state, ledger, command, planOnly, readOnly).run();
        } catch (LiteException e) {
            report(Diagnostic.error("core", e.getMessage()).withCause(e));
        } catch (UncheckedIOException e) {
            report(Diagnostic.error("core", e.getMessage() + (e.getCause() == null ? "" : ": "
                    + FileOpsImpl.reason(e.getCause()))).withCause(e));
        }
        return done();
    }

    /**
     * Which task owns each output file, as the output's manifest records it (output-relative path to task
     * id, sorted); read-only, and empty when nothing was built there.
     */
    public static Map<String, String> owners(Path outputDir) {
        return OutputLedger.read(outputDir).ownersByFile();
    }

    /** Which task owns each file outside {@code outputDir} that tasks of its builds wrote (e.g. the archive), by absolute path. */
    public static Map<String, String> ownersOutside(Path outputDir) {
        return OutputLedger.read(outputDir).ownersOutside();
    }

    /** Whether {@code output} is a folder jlite built into (it holds jlite's manifest or journal). */
    public static boolean isJliteOutput(Path output) {
        return OutputLedger.isJliteOutput(output);
    }

    /** Whether an output-relative path is jlite's bookkeeping, or inside it. */
    public static boolean isBookkeeping(String rel) {
        return OutputLedger.isBookkeeping(rel);
    }

    /** The names at the top of {@code output} besides jlite's own bookkeeping, sorted. */
    public static List<String> outputContents(Path output) {
        return OutputLedger.contents(output);
    }

    private Result done() {
        return new Result(hasErrors(), diagnostics, events);
    }

    private boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    private void report(Diagnostic d) {
        diagnostics.add(d);
        listener.diagnostic(d);
    }

    private List<TaskSpec> register() {
        List<TaskSpec> tasks = new ArrayList<>();
        for (LoadedAddon addon : addons) {
            RegistrarImpl registrar = new RegistrarImpl(addon, services.options());
            try {
                addon.addon().register(registrar);
                tasks.addAll(registrar.tasks());
            } catch (RuntimeException | LinkageError e) {
                report(Diagnostic.error(addon.id(), "addon '" + addon.id() + "' (" + AddonFailures.where(addon.info())
                        + ") failed to register its tasks: " + AddonFailures.cause(e)
                        + AddonFailures.hint(addon.addon().getClass(), addon.id(), e)).withCause(e));
            }
            registrar.diagnostics().forEach(this::report);
        }
        return tasks;
    }

    /** One pass over the phases of a command. */
    private final class Execution implements TaskContextImpl.Site {
        private final Plan plan;
        private final BuildState state;
        private final OutputLedger ledger;
        private final Command command;
        private final boolean planOnly;
        private final boolean readOnly;
        private final Store store = new Store();
        private final Fingerprints fingerprints;
        private final Path output;
        private final Map<String, Key<?>> keysByName = new HashMap<>();
        private final Map<String, ListKey<?>> listsByName = new HashMap<>();
        /** Where tasks write in this run: the outputs declared at registration, then those worked out as tasks come up. */
        private final Claims claims;
        /** Files outside the output that tasks declared, by absolute path. */
        private final Map<String, String> outsideClaims = new HashMap<>();
        /** Tasks that lost files to another task in this run: what they own is no longer all they wrote. */
        private final Set<String> lostFiles = new HashSet<>();
        private final Set<String> failed = new HashSet<>();
        /** (planning) Tasks that would run. */
        private final Set<String> wouldRun = new HashSet<>();

        Execution(Plan plan, BuildState state, OutputLedger ledger, Command command, boolean planOnly, boolean readOnly) {
            this.plan = plan;
            this.state = state;
            this.ledger = ledger;
            this.command = command;
            this.planOnly = planOnly;
            this.readOnly = readOnly;
            this.fingerprints = new Fingerprints(services.files().digestCache());
            this.output = services.options().outputDir().toAbsolutePath().normalize();
            this.claims = new Claims();
            plan.declared().all().forEach(claims::add);
            for (TaskSpec t : plan.all()) {
                t.writes().forEach(k -> keysByName.put(k.name(), k));
                t.writesLists().forEach(k -> listsByName.put(k.name(), k));
            }
        }

        /** How many tasks ran (or failed) so far: the state is saved after a phase in which some did. */
        private int worked;

        void run() {
            // Values of tasks this command does not run (e.g. the app, for `status`) come from the last run.
            for (TaskSpec t : plan.all()) {
                if (!command.phases().contains(t.phase()) && state.tasks.containsKey(t.id())) {
                    replayValues(t, state.tasks.get(t.id()));
                }
            }
            if (!readOnly) {
                ledger.dropUnowned(); // what a killed run wrote and no task came to own: each task that needs it writes it again
                removeUnregistered();
            }
            for (Phase phase : command.phases()) {
                int before = worked;
                for (TaskSpec task : plan.tasks(phase)) {
                    runOne(task);
                }
                if (!readOnly && worked > before) {
                    save(); // what the phase did survives a crash in a later one
                }
                if (!failed.isEmpty()) {
                    break;
                }
            }
            if (!readOnly) {
                if (failed.isEmpty()) {
                    ledger.finish(); // what jlite wrote and no task owns goes; the journal is emptied
                }
                save();
            }
        }

        /** Saves the state (in the cache) and then the manifest (in the output) under one fresh id. */
        private void save() {
            boolean digestsChanged = services.files().digestCache().learned();
            if (!state.isDirty() && !ledger.isDirty() && !digestsChanged && state.wasRead() && !ledger.id().isEmpty()) {
                return; // as read: a no-op build writes nothing
            }
            String id = ledger.nextId();
            state.save(output, id, services.files().digestCache().used());
            ledger.save(id);
        }

        /** (the base layer, while it runs) What it left out, and why: see {@link BuildState.TaskRecord#excluded}. */
        private SortedSet<String> excludedNow;

        @Override
        public boolean claimed(String task, String relativePath) {
            Optional<String> root = claims.root(relativePath);
            String reason = null;
            if (root.isPresent() && !claims.all().get(root.get()).equals(task)) {
                reason = "root:" + root.get();
            } else {
                String owner = ledger.owner(relativePath);
                if (owner != null && !owner.equals(task)) {
                    reason = "file:" + relativePath;
                }
            }
            if (reason != null && excludedNow != null) {
                excludedNow.add(reason);
            }
            return reason != null;
        }

        /** Whether what the base layer left out last time because of {@code reason} is still another task's. */
        private boolean stillExcluded(String task, String reason) {
            String name = reason.substring("root:".length()); // "root:" and "file:" are as long
            String owner = reason.startsWith("root:") ? claims.all().get(name) : ledger.owner(name);
            return owner != null && !owner.equals(task);
        }

        @Override
        public List<String> siteFiles() {
            return ledger.ownedFiles();
        }

        private void runOne(TaskSpec task) {
            long start = System.nanoTime();
            Optional<String> blocked = plan.dependencies(task).stream().filter(failed::contains).findFirst();
            if (blocked.isPresent()) {
                failed.add(task.id());
                event(task, TaskEvent.Outcome.NOT_RUN, "depends on " + blocked.get() + ", which failed", start);
                return;
            }
            BuildState.TaskRecord previous = state.tasks.get(task.id());
            int order = plan.order(task);
            TaskContextImpl ctx = new TaskContextImpl(task, order, services, store, this, readOnlyFiles(task));
            if (planOnly) {
                Optional<String> upstream = plan.dependencies(task).stream().filter(wouldRun::contains).findFirst();
                if (upstream.isPresent()) {
                    if (previous != null) {
                        replayValues(task, previous);
                    }
                    try {
                        claim(task, roots(task, ctx), List.of()); // where it would write, as far as can be told now
                    } catch (RuntimeException | LinkageError e) {
                        // its outputs depend on what the tasks before it would do
                    }
                    wouldRunBecause(task, null, "it depends on " + upstream.get() + ", which would run", start);
                    return;
                }
            }
            List<String> roots;
            List<String> outside;
            String fingerprint;
            try {
                // a declared file is a root like the others when it lies in the output (an archive packed into the site)
                List<String> fileKeys = task.outputFiles().stream().map(ledger::key).toList();
                roots = new ArrayList<>(roots(task, ctx));
                for (String key : fileKeys) {
                    if (!isAbsoluteKey(key)) {
                        roots.add(OutputPaths.normalize(key));
                    }
                }
                outside = fileKeys;
                claim(task, roots, fileKeys.stream().filter(Execution::isAbsoluteKey).toList());
                fingerprint = fingerprint(task, ctx);
            } catch (RuntimeException | LinkageError e) {
                if (planOnly) {
                    wouldRunBecause(task, previous, "its inputs cannot be read yet: " + AddonFailures.cause(e), start);
                    return;
                }
                fail(task, ctx, e, start, null);
                return;
            }
            boolean tookOver = !readOnly && !task.baseLayer() && takeOver(task, roots);
            String stale = tookOver ? "another task's files lie where it writes" : staleReason(task, fingerprint, previous);
            if (stale == null) {
                if (replayValues(task, previous)) {
                    previous.diagnostics.forEach(d -> report(fromJson(d)));
                    event(task, TaskEvent.Outcome.SKIPPED, "up to date", start);
                    return;
                }
                stale = "what it wrote last time cannot be read back";
            }
            if (planOnly) {
                wouldRunBecause(task, previous, stale, start);
                return;
            }
            listener.taskStarting(task.id());
            TaskFiles files = null;
            excludedNow = task.baseLayer() ? new TreeSet<>() : null;
            try {
                if (!task.phase().isReadOnly()) {
                    admitOutside(task, outside);
                    files = new TaskFiles(services.files(), ledger, new TaskFiles.Rules(task.id(), roots, task.baseLayer(),
                            rel -> claimed(task.id(), rel), Set.copyOf(outside), services.options().get(LiteBuildConfig.TAKE_OVER_OUTPUT),
                            services.options().get(LiteBuildConfig.FORCE)), services.options().cacheDir(), ctx::warn);
                    ctx.useFiles(files);
                }
                task.action().run(ctx);
            } catch (Exception | LinkageError e) {
                excludedNow = null;
                fail(task, ctx, e, start, files);
                return;
            }
            ctx.diagnostics.forEach(Pipeline.this::report);
            if (ctx.failed()) {
                excludedNow = null;
                keepPartial(files);
                forget(task);
                failed.add(task.id());
                event(task, TaskEvent.Outcome.FAILED, "it reported an error", start);
                return;
            }
            if (!task.phase().isReadOnly()) {
                try {
                    commit(task, files, outside, roots);
                } catch (LiteException | UncheckedIOException e) {
                    excludedNow = null;
                    fail(task, ctx, e, start, files);
                    return;
                }
                record(task, ctx, fingerprint);
                if (excludedNow != null) {
                    state.tasks.get(task.id()).excluded.addAll(excludedNow);
                }
            }
            excludedNow = null;
            event(task, TaskEvent.Outcome.RAN, stale, start);
        }

        /** The file operations for working out a task's inputs and outputs, and for tasks that only read: they write nothing in the output. */
        private TaskFiles readOnlyFiles(TaskSpec task) {
            return new TaskFiles(services.files(), ledger, new TaskFiles.Rules(task.id(), List.of(), false, rel -> true, Set.of(),
                    false, false), services.options().cacheDir(), msg -> { });
        }

        /** Notes where a task writes; a path another task writes is refused, naming both. */
        private void claim(TaskSpec task, List<String> roots, List<String> outside) {
            for (String root : roots) {
                var clash = claims.clash(root, task.id());
                if (clash.isPresent() && !planOnly) {
                    throw new LiteException(Plan.overlap(task.id(), root, clash.get().getValue(), clash.get().getKey()));
                }
            }
            for (String f : outside) {
                String other = outsideClaims.putIfAbsent(f, task.id());
                if (other != null && !other.equals(task.id()) && !planOnly) {
                    throw new LiteException("tasks " + other + " and " + task.id() + " both write " + f + "; a file has one writer");
                }
            }
            roots.forEach(r -> claims.add(r, task.id()));
        }

        /**
         * Files another task owns (from an earlier build) where this task now writes pass to nobody: this task
         * may write them, and what it does not write is deleted when the run ends.
         */
        private boolean takeOver(TaskSpec task, List<String> roots) {
            boolean any = false;
            for (String root : roots) {
                for (String key : ledger.jlitesUnder(root)) {
                    String owner = ledger.owner(key);
                    if (owner != null && !owner.equals(task.id())) {
                        ledger.release(key);
                        lostFiles.add(owner);
                        any = true;
                    }
                }
            }
            return any;
        }

        private static boolean isAbsoluteKey(String key) {
            return key.startsWith("/");
        }

        /**
         * A file the task declares ({@link CoreTasks#outputFile}), which something other than
         * the task's file operations writes (e.g. an archive packer), may be replaced only when jlite wrote it.
         */
        private void admitOutside(TaskSpec task, List<String> outside) {
            for (String key : outside) {
                String owner = ledger.owner(key);
                if (owner != null && !owner.equals(task.id())) {
                    throw new LiteException(key + " belongs to task " + owner + "; a file has one writer", key, null);
                }
                FileStat now = FileStat.of(isAbsoluteKey(key) ? output.getFileSystem().getPath(key) : output.resolve(key));
                // changed since jlite recorded it, and not by a run of jlite's killed while writing it
                boolean foreign = owner == null ? !ledger.isUnowned(key)
                        : !ledger.entry(key).matches(now) && !ledger.wasInterrupted(key);
                if (now != null && foreign) {
                    // not jlite's: never written by it, or replaced since by someone else
                    throw new LiteException(key + " is in the way: jlite did not write it" + (owner == null ? ""
                            : " (it changed since jlite wrote it)") + "; move it away, or choose another path (e.g. "
                            + "--output-archive)", key, null);
                }
                // and where a packer writes it first (see ArchivesImpl.partFile): what a killed run leaves there is jlite's
                Path file = isAbsoluteKey(key) ? output.getFileSystem().getPath(key) : output.resolve(key);
                ledger.journal(List.of(key, ledger.key(ArchivesImpl.partFile(file))));
            }
        }

        /**
         * A task that ran well owns what it wrote, and only that: the files it wrote last time and not this
         * time are deleted; a file outside the output that it no longer writes is left where it is.
         */
        private void commit(TaskSpec task, TaskFiles files, List<String> outside, List<String> roots) {
            for (String key : outside) {
                FileStat a = isAbsoluteKey(key) ? null : FileStat.of(output.resolve(key));
                if (a != null && a.regular()) {
                    files.written.put(key, OutputLedger.Entry.of(task.id(), a, "")); // written by other means, declared
                }
            }
            for (String rel : ledger.filesOf(task.id()).keySet()) {
                if (!files.written.containsKey(rel)) {
                    ledger.deleteFile(rel);
                    ledger.forget(rel);
                }
            }
            // what another task left where this one writes, and this one did not write again
            for (String rel : ledger.unownedFiles()) {
                boolean mine = task.baseLayer() ? !claimed(task.id(), rel) : roots.stream().anyMatch(r -> OutputPaths.covers(r, rel));
                if (mine && !files.written.containsKey(rel)) {
                    ledger.deleteFile(rel);
                    ledger.forget(rel);
                }
            }
            // a file outside the output that it no longer writes stays where it is, and stays known as jlite's
            files.written.forEach(ledger::own);
            for (String key : outside) {
                if (files.written.containsKey(key)) {
                    continue;
                }
                Path file = isAbsoluteKey(key) ? output.getFileSystem().getPath(key) : output.resolve(key);
                FileStat a = FileStat.of(file);
                if (a != null && a.regular()) {
                    ledger.own(key, OutputLedger.Entry.of(task.id(), a, ""));
                    services.files().digestCache().forget(file);
                }
            }
        }

        /** A task that failed while running keeps what it wrote before and what it wrote now; its next run sorts it out. */
        private void keepPartial(TaskFiles files) {
            if (files != null) {
                files.written.forEach(ledger::own);
            }
        }

        /** (planning) Notes that a task would run; what it wrote last time stands in for what it would write. */
        private void wouldRunBecause(TaskSpec task, BuildState.TaskRecord previous, String reason, long start) {
            if (previous != null) {
                replayValues(task, previous);
            }
            wouldRun.add(task.id());
            event(task, TaskEvent.Outcome.WOULD_RUN, reason, start);
        }

        /** {@code files}: the file operations of the task's action when it ran (its earlier outputs may be partly replaced). */
        private void fail(TaskSpec task, TaskContextImpl ctx, Throwable e, long start, TaskFiles files) {
            ctx.diagnostics.forEach(Pipeline.this::report);
            Throwable cause = e instanceof UncheckedIOException && e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
            Class<?> type = task.addon().addon().getClass();
            // an addon from the addon path is named with its module and jar, as is one that meets another SPI
            String who = "addon '" + task.addon().id() + "'" + (AddonFailures.namesJar(type, cause)
                    ? " (" + AddonFailures.where(task.addon().info()) + ")" : "");
            Diagnostic d = new Diagnostic(Severity.ERROR, task.addon().id(), who + " failed in " + task.phase() + ", task '"
                    + task.name() + "': " + AddonFailures.cause(cause) + AddonFailures.hint(type, task.addon().id(), cause),
                    e instanceof LiteException le ? le.subject() : Optional.empty(), Optional.of(e));
            report(d);
            if (files != null) {
                keepPartial(files);
                forget(task);
            } else {
                invalidate(task);
            }
            failed.add(task.id());
            event(task, TaskEvent.Outcome.FAILED, AddonFailures.cause(cause), start);
        }

        /** A task that failed before its action ran left its earlier outputs as they were; only its fingerprint is forgotten. */
        private void invalidate(TaskSpec task) {
            if (!readOnly && state.tasks.containsKey(task.id())) {
                state.tasks.get(task.id()).fingerprint = "";
                state.touch();
            }
        }

        private void forget(TaskSpec task) {
            if (!readOnly && state.tasks.remove(task.id()) != null) {
                state.touch();
            }
        }

        private void event(TaskSpec task, TaskEvent.Outcome outcome, String reason, long start) {
            if (outcome == TaskEvent.Outcome.RAN || outcome == TaskEvent.Outcome.FAILED) {
                worked++;
            }
            TaskEvent e = new TaskEvent(task.id(), task.phase(), outcome, reason, (System.nanoTime() - start) / 1_000_000);
            events.add(e);
            listener.taskFinished(e);
        }

        private List<String> roots(TaskSpec task, TaskContext ctx) {
            List<String> roots = new ArrayList<>(task.outputs());
            for (var lazy : task.lazyOutputs()) {
                for (String r : lazy.apply(ctx)) {
                    try {
                        roots.add(OutputPaths.normalize(r));
                    } catch (IllegalArgumentException e) {
                        throw new LiteException("task " + task.id() + " declares an output that is not a path inside the site ("
                                + r + "): " + e.getMessage(), r, e);
                    }
                }
            }
            return roots;
        }

        private String fingerprint(TaskSpec task, TaskContext ctx) {
            ObjectNode d = json.object();
            d.put("task", task.id());
            d.put("version", task.addon().info().version());
            if (task.uses().isPresent()) {
                d.set("uses", json.tree(task.uses().get()));
            } else {
                d.set("config", task.config().values());
                d.set("core", withoutVolatile(services.options().config().values()));
            }
            ObjectNode reads = d.putObject("reads");
            for (Key<?> k : task.reads()) {
                store.find(k).ifPresent(v -> reads.set(k.name(), json.tree(v)));
            }
            for (ListKey<?> k : task.readsLists()) {
                reads.set(k.name(), json.tree(store.get(k)));
            }
            List<Path> inputs = new ArrayList<>();
            for (var lazy : task.lazyInputs()) {
                Collection<Path> more = lazy.apply(ctx);
                more.forEach(p -> inputs.add(p.toAbsolutePath().normalize()));
            }
            d.set("inputs", fingerprints.describe(inputs));
            return Fingerprints.hash(d);
        }

        /** Settings that change how jlite runs but not what it writes. */
        private JsonNode withoutVolatile(ObjectNode core) {
            core.remove(List.of("force", "offline", "strict", "port", "base_url", "take_over_output"));
            return core;
        }

        /** Why a task must run, or null when it is up to date. */
        private String staleReason(TaskSpec task, String fingerprint, BuildState.TaskRecord previous) {
            if (task.always()) {
                return "it always runs";
            }
            if (services.options().get(LiteBuildConfig.FORCE)) {
                return "--force";
            }
            if (previous == null) {
                return "it has not run into this output directory before";
            }
            if (!previous.fingerprint.equals(fingerprint)) {
                return "its inputs or configuration changed";
            }
            if (lostFiles.contains(task.id())) {
                return "another task now writes where it wrote";
            }
            for (String reason : previous.excluded) {
                if (!stillExcluded(task.id(), reason)) {
                    return "another task no longer writes " + reason.substring(reason.indexOf(':') + 1) + ", which it left out";
                }
            }
            for (var out : ledger.filesOf(task.id()).entrySet()) {
                String why = changed(out.getKey(), output.resolve(out.getKey()), out.getValue());
                if (why != null) {
                    return why;
                }
            }
            for (Path declared : task.outputFiles()) {
                String key = ledger.key(declared);
                OutputLedger.Entry entry = ledger.entry(key);
                if (entry == null || !entry.task().equals(task.id())) {
                    return "it has not written " + key + " yet";
                }
                String why = changed(key, declared, entry);
                if (why != null) {
                    return why;
                }
            }
            for (String p : previous.produced) {
                if (!Files.exists(output.getFileSystem().getPath(p))) {
                    return p + " is missing";
                }
            }
            return null;
        }

        private String changed(String name, Path file, OutputLedger.Entry entry) {
            FileStat now = FileStat.of(file);
            if (now == null) {
                return "its output " + name + " is missing";
            }
            return entry.matches(now) ? null : "its output " + name + " changed";
        }

        /** Puts what a task wrote last time back into the store; false if it cannot be read back. */
        private boolean replayValues(TaskSpec task, BuildState.TaskRecord r) {
            try {
                Map<Key<?>, Object> values = new LinkedHashMap<>();
                for (var e : r.keys.entrySet()) {
                    Key<?> key = keysByName.get(e.getKey());
                    if (key == null || !task.writes().contains(key)) {
                        return false;
                    }
                    values.put(key, json.convert(e.getValue(), key.type()));
                }
                Map<ListKey<?>, List<Object>> lists = new LinkedHashMap<>();
                for (var e : r.lists.entrySet()) {
                    ListKey<?> key = listsByName.get(e.getKey());
                    if (key == null || !task.writesLists().contains(key)) {
                        return false;
                    }
                    lists.put(key, e.getValue().stream().<Object>map(n -> json.convert(n, key.type())).toList());
                }
                values.forEach((k, v) -> putRaw(k, v, task.id()));
                int order = plan.order(task);
                lists.forEach((k, items) -> {
                    int seq = 0;
                    for (Object item : items) {
                        addRaw(k, item, task.phase().ordinal(), order, seq++);
                    }
                });
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        @SuppressWarnings("unchecked")
        private <T> void putRaw(Key<T> key, Object value, String writer) {
            store.put(key, (T) value, writer);
        }

        @SuppressWarnings("unchecked")
        private <T> void addRaw(ListKey<T> key, Object value, int phase, int order, int seq) {
            store.add(key, (T) value, phase, order, seq);
        }

        /** Records a successful task's fingerprint and what it put in the store and reported. */
        private void record(TaskSpec task, TaskContextImpl ctx, String fingerprint) {
            BuildState.TaskRecord r = new BuildState.TaskRecord();
            r.fingerprint = fingerprint;
            ctx.produced.forEach(p -> r.produced.add(p.toString()));
            ctx.written.forEach((k, v) -> r.keys.put(k.name(), json.tree(v)));
            ctx.contributed.forEach((k, vs) -> r.lists.put(k.name(), vs.stream().map(json::tree).toList()));
            ctx.diagnostics.stream().filter(d -> d.severity().compareTo(Severity.INFO) >= 0)
                    .forEach(d -> r.diagnostics.add(toJson(d)));
            state.tasks.put(task.id(), r);
            state.touch();
            lostFiles.remove(task.id());
        }

        /** Removes the outputs of tasks that are no longer registered (an addon was disabled or removed). */
        private void removeUnregistered() {
            Set<String> registered = new HashSet<>();
            plan.all().forEach(t -> registered.add(t.id()));
            for (String id : ledger.owners()) {
                if (!registered.contains(id)) {
                    for (String rel : ledger.filesOf(id).keySet()) {
                        ledger.deleteFile(rel);
                        ledger.forget(rel);
                    }
                }
            }
            if (state.tasks.keySet().removeIf(id -> !registered.contains(id))) {
                state.touch();
            }
        }
    }

    private JsonNode toJson(Diagnostic d) {
        ObjectNode n = json.object();
        n.put("severity", d.severity().name());
        n.put("source", d.source());
        n.put("message", d.message());
        d.subject().ifPresent(s -> n.put("subject", s));
        return n;
    }

    private static Diagnostic fromJson(JsonNode n) {
        return new Diagnostic(Severity.valueOf(n.path("severity").asString("INFO")), n.path("source").asString(""),
                n.path("message").asString(""), Optional.ofNullable(n.get("subject")).map(JsonNode::asString),
                Optional.empty());
    }
}
