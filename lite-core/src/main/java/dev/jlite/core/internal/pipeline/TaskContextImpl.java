package dev.jlite.core.internal.pipeline;

import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.AddonConfig;
import dev.jlite.core.spi.Archives;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.FileOps;
import dev.jlite.core.spi.Json;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.ListKey;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Sources;
import dev.jlite.core.spi.TaskBuilder;
import dev.jlite.core.spi.TaskContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** The context of one task run; collects what the task writes and reports. */
final class TaskContextImpl implements TaskContext {

    /** What a task sees of the site: where others write, and what is there. */
    interface Site {
        boolean claimed(String task, String relativePath);

        List<String> siteFiles();
    }

    private final TaskSpec task;
    private final int order;
    private final Services services;
    private final Store store;
    private final Site site;
    private FileOps files;
    final Map<Key<?>, Object> written = new LinkedHashMap<>();
    final Map<ListKey<?>, List<Object>> contributed = new LinkedHashMap<>();
    final List<Diagnostic> diagnostics = new ArrayList<>();
    final List<Path> produced = new ArrayList<>();
    private int seq;

    TaskContextImpl(TaskSpec task, int order, Services services, Store store, Site site, FileOps files) {
        this.task = task;
        this.order = order;
        this.services = services;
        this.store = store;
        this.site = site;
        this.files = files;
    }

    /** The file operations the task's action uses (those for working out inputs and outputs write nothing). */
    void useFiles(FileOps value) {
        files = value;
    }

    @Override
    public String addonId() {
        return task.addon().id();
    }

    @Override
    public Phase phase() {
        return task.phase();
    }

    @Override
    public BuildOptions options() {
        return services.options();
    }

    @Override
    public AddonConfig config() {
        return task.config();
    }

    @Override
    public <T> T get(Key<T> key) {
        return find(key).orElseThrow(() -> new IllegalStateException("task " + task.id() + " reads " + key.name()
                + ", which no task wrote"));
    }

    @Override
    public <T> Optional<T> find(Key<T> key) {
        if (!task.reads().contains(key) && !task.writes().contains(key)) {
            throw new IllegalStateException("task " + task.id() + " reads " + key.name() + " without declaring it");
        }
        return store.find(key);
    }

    @Override
    public <T> List<T> get(ListKey<T> key) {
        if (!task.readsLists().contains(key)) {
            throw new IllegalStateException("task " + task.id() + " reads " + key.name() + " without declaring it");
        }
        return store.get(key);
    }

    @Override
    public <T> void put(Key<T> key, T value) {
        if (!task.writes().contains(key)) {
            throw new IllegalStateException("task " + task.id() + " writes " + key.name() + " without declaring it");
        }
        store.put(key, value, task.id());
        written.put(key, value);
    }

    @Override
    public <T> void add(ListKey<T> key, T value) {
        if (!task.writesLists().contains(key)) {
            throw new IllegalStateException("task " + task.id() + " contributes to " + key.name() + " without declaring it");
        }
        store.add(key, value, task.phase().ordinal(), order, seq++);
        contributed.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    @Override
    public void report(Diagnostic diagnostic) {
        diagnostics.add(diagnostic);
    }

    /** The values this task prepared ({@link TaskBuilder#prepare}), by declaration. */
    private final Map<Object, Object> prepared = new HashMap<>();

    /** The value {@code slot} names, worked out on first use in this context; never null. */
    @SuppressWarnings("unchecked")
    synchronized <T> T prepared(Object slot, Function<TaskContext, T> value) {
        Object v = prepared.get(slot);
        if (v == null) {
            v = Objects.requireNonNull(value.apply(this), () -> "task " + task.id() + " prepared null; prepare an Optional instead");
            prepared.put(slot, v);
        }
        return (T) v;
    }

    /** See {@link CoreTasks#produced}. */
    void produced(Path path) {
        produced.add(path.toAbsolutePath().normalize());
    }

    /** See {@link CoreTasks#claimed}. */
    boolean claimed(String relativePath) {
        return site.claimed(task.id(), OutputPaths.normalize(relativePath));
    }

    @Override
    public List<String> siteFiles() {
        return site.siteFiles();
    }

    /** The build's JSON, with writes going through the task's file operations, like every write. */
    private final Json json = JsonSupport.writingThrough((file, bytes) -> files().write(file, bytes));

    @Override
    public Json json() {
        return json;
    }

    @Override
    public FileOps files() {
        return files;
    }

    @Override
    public Archives archives() {
        return services.archives();
    }

    @Override
    public Sources sources() {
        return services.sources();
    }

    @Override
    public Clock clock() {
        return services.clock();
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("jlite." + task.addon().id());
    }

    boolean failed() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
