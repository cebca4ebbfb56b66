package dev.jlite.core.internal.pipeline;

import dev.jlite.core.BuildListener;
import dev.jlite.core.TaskEvent;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.ListKey;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Severity;
import dev.jlite.core.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the phases of a command: registers every addon's tasks, orders them, and runs each task unless it
 * is up to date, in which case what it wrote and reported last time is replayed. A failing task is
 * reported once, naming its addon, phase and task; the tasks that depend on it are not run, the others
 * of its phase still are, and no later phase starts.
 */
public final class Pipeline {

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
        boolean readOnly = planOnly || command == Command.STATUS;
        try (BuildState state = BuildState.open(services.options().cacheDir(), services.options().outputDir(), !readOnly)) {
            new Execution(plan, state, command, planOnly, readOnly).run();
        } catch (LiteException e) {
            report(Diagnostic.error("core", e.getMessage()).withCause(e));
        }
        return done();
    }

    /**
     * Which task owns each output file, as the state of {@code outputDir} records it (output-relative path
     * to task id, sorted); read-only, and empty when nothing was built there.
     */
    public static Map<String, String> owners(Path cacheDir, Path outputDir) {
        Map<String, String> owners = new TreeMap<>();
        try (BuildState state = BuildState.open(cacheDir, outputDir, false)) {
            state.tasks.forEach((id, r) -> r.outputs.keySet().forEach(rel -> owners.put(rel, id)));
        }
        return Collections.unmodifiableMap(owners);
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
                        + ") failed to register its tasks: " + describe(e)
                        + AddonFailures.hint(addon.addon().getClass(), addon.id(), e)).withCause(e));
            }
            registrar.diagnostics().forEach(this::report);
        }
        return tasks;
    }

    static String describe(Throwable e) {
        return AddonFailures.cause(e);
    }

    /** One pass over the phases of a command. */
    private final class Execution {
        private final Plan plan;
        private final BuildState state;
        private final Command command;
        private final boolean planOnly;
        private final boolean readOnly;
        private final Store store = new Store();
        private final Fingerprints fingerprints;
        private final Path output;
        private final Map<String, Key<?>> keysByName = new HashMap<>();
        private final Map<String, ListKey<?>> listsByName = new HashMap<>();
        /** Output roots of the tasks that ran (or would run) in this pass, by task id. */
        private final Map<String, List<String>> ranRoots = new LinkedHashMap<>();
        private final Set<String> failed = new HashSet<>();
        /** (planning) Tasks that would run. */
        private final Set<String> wouldRun = new HashSet<>();
        /** Output-relative file -> owning task id, from the state. */
        private final Map<String, String> owners = new HashMap<>();

        Execution(Plan plan, BuildState state, Command command, boolean planOnly, boolean readOnly) {
            this.plan = plan;
            this.state = state;
            this.command = command;
            this.planOnly = planOnly;
            this.readOnly = readOnly;
            this.fingerprints = new Fingerprints(state);
            this.output = services.options().outputDir();
            for (TaskSpec t : plan.all()) {
                t.writes().forEach(k -> keysByName.put(k.name(), k));
                t.writesLists().forEach(k -> listsByName.put(k.name(), k));
            }
            state.tasks.forEach((id, r) -> r.outputs.keySet().forEach(rel -> owners.put(rel, id)));
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
                removeUnregistered();
            }
            for (Phase phase : command.phases()) {
                int before = worked;
                for (TaskSpec task : plan.tasks(phase)) {
                    runOne(task);
                }
                if (!readOnly && worked > before) {
                    saveState(); // what the phase did survives a crash in a later one
                }
                if (!failed.isEmpty()) {
                    break;
                }
            }
            if (!readOnly) {
                fingerprints.prune();
                saveState();
            }
        }

        private void saveState() {
            state.save(output);
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
            if (planOnly) {
                Optional<String> upstream = plan.dependencies(task).stream().filter(wouldRun::contains).findFirst();
                if (upstream.isPresent()) {
                    wouldRunBecause(task, previous, "it depends on " + upstream.get() + ", which would run", start);
                    return;
                }
            }
            int order = plan.order(task);
            TaskContextImpl ctx = new TaskContextImpl(task, order, services, store);
            List<String> roots;
            String fingerprint;
            try {
                roots = roots(task, ctx);
                fingerprint = fingerprint(task, ctx);
            } catch (RuntimeException | LinkageError e) {
                if (planOnly) {
                    wouldRunBecause(task, previous, "its inputs cannot be read yet: " + describe(e), start);
                    return;
                }
                fail(task, ctx, e, start, false);
                return;
            }
            String stale = staleReason(task, fingerprint, previous, roots);
            if (stale == null) {
                if (replayValues(task, previous)) {
                    previous.diagnostics.forEach(d -> report(fromJson(d)));
                    event(task, TaskEvent.Outcome.SKIPPED, "up to date", start);
                    return;
                }
                stale = "what it wrote last time cannot be read back";
            }
            if (planOnly) {
                ranRoots.put(task.id(), roots);
                wouldRunBecause(task, previous, stale, start);
                return;
            }
            listener.taskStarting(task.id());
            if (!task.phase().isReadOnly()) {
                clearOwnedOutputs(task, previous);
            }
            try {
                task.action().run(ctx);
            } catch (Exception | LinkageError e) {
                fail(task, ctx, e, start, true);
                return;
            }
            ctx.diagnostics.forEach(Pipeline.this::report);
            if (ctx.failed()) {
                forget(task);
                failed.add(task.id());
                event(task, TaskEvent.Outcome.FAILED, "it reported an error", start);
                return;
            }
            if (!task.phase().isReadOnly()) {
                record(task, ctx, fingerprint, roots);
                ranRoots.put(task.id(), roots);
            }
            event(task, TaskEvent.Outcome.RAN, stale, start);
        }

        /** (planning) Notes that a task would run; what it wrote last time stands in for what it would write. */
        private void wouldRunBecause(TaskSpec task, BuildState.TaskRecord previous, String reason, long start) {
            if (previous != null) {
                replayValues(task, previous);
            }
            wouldRun.add(task.id());
            event(task, TaskEvent.Outcome.WOULD_RUN, reason, start);
        }

        /** {@code ran}: whether the task's action ran (and so its earlier outputs were cleared). */
        private void fail(TaskSpec task, TaskContextImpl ctx, Throwable e, long start, boolean ran) {
            ctx.diagnostics.forEach(Pipeline.this::report);
            Throwable cause = e instanceof UncheckedIOException && e.getCause() != null && e.getMessage() == null ? e.getCause() : e;
            Class<?> type = task.addon().addon().getClass();
            // an addon from the addon path is named with its module and jar, as is one that meets another SPI
            String who = "addon '" + task.addon().id() + "'" + (AddonFailures.namesJar(type, cause)
                    ? " (" + AddonFailures.where(task.addon().info()) + ")" : "");
            Diagnostic d = new Diagnostic(Severity.ERROR, task.addon().id(), who + " failed in " + task.phase() + ", task '"
                    + task.name() + "': " + describe(cause) + AddonFailures.hint(type, task.addon().id(), cause),
                    e instanceof LiteException le ? le.subject() : Optional.empty(), Optional.of(e));
            report(d);
            if (ran) {
                forget(task);
            } else {
                invalidate(task);
            }
            failed.add(task.id());
            event(task, TaskEvent.Outcome.FAILED, describe(cause), start);
        }

        /**
         * A task that failed before its action ran left its earlier outputs in place: it keeps owning them,
         * so that its next run clears them first, and only its fingerprint is forgotten.
         */
        private void invalidate(TaskSpec task) {
            if (!readOnly && state.tasks.containsKey(task.id())) {
                state.tasks.get(task.id()).fingerprint = "";
                state.touch();
            }
        }

        private void forget(TaskSpec task) {
            if (!readOnly) {
                BuildState.TaskRecord r = state.tasks.remove(task.id());
                if (r != null) {
                    state.touch();
                    r.outputs.keySet().forEach(rel -> owners.remove(rel, task.id()));
                }
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
                    roots.add(OutputPaths.normalize(r));
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
            List<Path> inputs = new ArrayList<>(task.inputs());
            for (var lazy : task.lazyInputs()) {
                Collection<Path> more = lazy.apply(ctx);
                more.forEach(p -> inputs.add(p.toAbsolutePath().normalize()));
            }
            d.set("inputs", fingerprints.describe(inputs));
            return Fingerprints.hash(d);
        }

        /** Settings that change how jlite runs but not what it writes. */
        private JsonNode withoutVolatile(ObjectNode core) {
            core.remove(List.of("force", "offline", "strict", "port", "base_url"));
            return core;
        }

        /** Why a task must run, or null when it is up to date. */
        private String staleReason(TaskSpec task, String fingerprint, BuildState.TaskRecord previous, List<String> roots) {
            if (task.always()) {
                return "it always runs";
            }
            if (services.options().force()) {
                return "--force";
            }
            if (previous == null) {
                return "it has not run into this output directory before";
            }
            if (!previous.fingerprint.equals(fingerprint)) {
                return "its inputs or configuration changed";
            }
            for (var ran : ranRoots.entrySet()) {
                for (String mine : roots) {
                    for (String theirs : ran.getValue()) {
                        if (OutputPaths.overlap(mine, theirs)) {
                            return "it writes where " + ran.getKey() + " wrote, which ran";
                        }
                    }
                }
            }
            for (var out : previous.outputs.entrySet()) {
                Path file = output.resolve(out.getKey());
                long[] now = stat(file);
                if (now == null) {
                    return "its output " + out.getKey() + " is missing";
                }
                if (now[0] != out.getValue()[0] || now[1] != out.getValue()[1]) {
                    return "its output " + out.getKey() + " changed";
                }
            }
            for (String p : previous.produced) {
                if (!Files.exists(output.getFileSystem().getPath(p))) {
                    return p + " is missing";
                }
            }
            return null;
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
                    List<Object> items = new ArrayList<>();
                    for (JsonNode n : e.getValue()) {
                        items.add(json.convert(n, key.type()));
                    }
                    lists.put(key, items);
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

        /** Records what a successful task owns and wrote. */
        private void record(TaskSpec task, TaskContextImpl ctx, String fingerprint, List<String> roots) {
            BuildState.TaskRecord r = new BuildState.TaskRecord();
            r.fingerprint = fingerprint;
            for (String root : roots) {
                Path p = output.resolve(root);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    r.outputs.put(root, stat(p));
                } else if (Files.isDirectory(p)) {
                    for (String rel : FileOpsImpl.walkFiles(p)) {
                        String full = root.isEmpty() ? rel : root + "/" + rel;
                        String owner = owners.get(full);
                        if (owner == null || owner.equals(task.id()) || !isRegistered(owner)) {
                            r.outputs.put(full, stat(output.resolve(full)));
                        }
                    }
                }
            }
            // What this task now owns, no other task owns any more.
            for (String rel : r.outputs.keySet()) {
                String before = owners.put(rel, task.id());
                if (before != null && !before.equals(task.id()) && state.tasks.containsKey(before)) {
                    state.tasks.get(before).outputs.remove(rel);
                }
            }
            // Its roots are its territory: files an earlier task left there (even ones this task deleted,
            // e.g. an app's copy of an extension it replaced) are no longer that task's to check.
            for (var other : state.tasks.entrySet()) {
                if (!other.getKey().equals(task.id())) {
                    other.getValue().outputs.keySet().removeIf(rel -> {
                        boolean mine = roots.stream().anyMatch(root -> OutputPaths.covers(root, rel));
                        if (mine && other.getKey().equals(owners.get(rel))) {
                            owners.remove(rel);
                        }
                        return mine;
                    });
                }
            }
            ctx.produced.forEach(p -> r.produced.add(p.toString()));
            ctx.written.forEach((k, v) -> r.keys.put(k.name(), json.tree(v)));
            ctx.contributed.forEach((k, vs) -> r.lists.put(k.name(), vs.stream().map(json::tree).toList()));
            ctx.diagnostics.stream().filter(d -> d.severity().compareTo(Severity.INFO) >= 0)
                    .forEach(d -> r.diagnostics.add(toJson(d)));
            state.tasks.put(task.id(), r);
            state.touch();
        }

        /** A task that runs starts from a clean slate: the files it wrote last time are removed first. */
        private void clearOwnedOutputs(TaskSpec task, BuildState.TaskRecord previous) {
            if (previous == null) {
                return;
            }
            state.touch();
            for (String rel : List.copyOf(previous.outputs.keySet())) {
                if (task.id().equals(owners.get(rel))) {
                    deleteOutput(rel);
                    owners.remove(rel);
                }
            }
            previous.outputs.clear();
        }

        private boolean isRegistered(String taskId) {
            return plan.all().stream().anyMatch(t -> t.id().equals(taskId));
        }

        /** Removes the outputs of tasks that are no longer registered (an addon was disabled or removed). */
        private void removeUnregistered() {
            Set<String> registered = new HashSet<>();
            plan.all().forEach(t -> registered.add(t.id()));
            for (String id : new ArrayList<>(state.tasks.keySet())) {
                if (!registered.contains(id)) {
                    BuildState.TaskRecord r = state.tasks.remove(id);
                    state.touch();
                    for (String rel : r.outputs.keySet()) {
                        if (id.equals(owners.get(rel))) {
                            deleteOutput(rel);
                            owners.remove(rel);
                        }
                    }
                }
            }
        }

        private void deleteOutput(String rel) {
            Path file = output.resolve(rel);
            try {
                Files.deleteIfExists(file);
                Path dir = file.getParent();
                while (dir != null && dir.startsWith(output) && !dir.equals(output)) {
                    try {
                        Files.delete(dir);
                    } catch (DirectoryNotEmptyException e) {
                        break;
                    } catch (java.nio.file.NoSuchFileException e) {
                        // already gone (the user deleted the output); keep climbing
                    }
                    dir = dir.getParent();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale output " + file, e);
            }
        }
    }

    private static long[] stat(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new long[] {a.size(), a.lastModifiedTime().toMillis()};
        } catch (IOException e) {
            return null;
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
