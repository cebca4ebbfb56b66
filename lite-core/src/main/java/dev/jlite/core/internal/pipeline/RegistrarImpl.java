package dev.jlite.core.internal.pipeline;

import dev.jlite.core.spi.AddonConfig;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.ListKey;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskAction;
import dev.jlite.core.spi.TaskBuilder;
import dev.jlite.core.spi.TaskContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Collects one addon's task declarations. */
final class RegistrarImpl implements AddonRegistrar {

    private static final Pattern TASK_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final LoadedAddon addon;
    private final BuildOptions options;
    private final List<TaskSpec> tasks = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    RegistrarImpl(LoadedAddon addon, BuildOptions options) {
        this.addon = addon;
        this.options = options;
    }

    List<TaskSpec> tasks() {
        return tasks;
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    @Override
    public BuildOptions options() {
        return options;
    }

    @Override
    public AddonConfig config() {
        return addon.config();
    }

    @Override
    public void report(Diagnostic diagnostic) {
        diagnostics.add(diagnostic);
    }

    @Override
    public TaskBuilder task(Phase phase, String name) {
        Objects.requireNonNull(phase, "phase");
        if (!TASK_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("task name must match " + TASK_NAME + ": " + name);
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("task '" + name + "' is registered twice");
        }
        return new Builder(phase, name);
    }

    final class Builder implements TaskBuilder {
        private final Phase phase;
        private final String name;
        private String description = "";
        private final List<String> after = new ArrayList<>();
        private final List<Key<?>> reads = new ArrayList<>();
        private final List<ListKey<?>> readsLists = new ArrayList<>();
        private final List<Key<?>> writes = new ArrayList<>();
        private final List<ListKey<?>> writesLists = new ArrayList<>();
        private final List<Function<TaskContext, Collection<Path>>> lazyInputs = new ArrayList<>();
        private Optional<List<Object>> uses = Optional.empty();
        private final List<String> outputs = new ArrayList<>();
        private final List<Function<TaskContext, Collection<String>>> lazyOutputs = new ArrayList<>();
        private final List<Path> outputFiles = new ArrayList<>();
        private boolean baseLayer;
        private boolean always;
        private boolean done;

        Builder(Phase phase, String name) {
            this.phase = phase;
            this.name = name;
        }

        @Override
        public TaskBuilder description(String text) {
            description = Objects.requireNonNull(text);
            return this;
        }

        @Override
        public TaskBuilder after(String taskName) {
            after.add(taskName.contains(":") ? taskName : addon.id() + ":" + taskName);
            return this;
        }

        @Override
        public TaskBuilder reads(Key<?> key) {
            reads.add(Objects.requireNonNull(key));
            return this;
        }

        @Override
        public TaskBuilder reads(ListKey<?> key) {
            readsLists.add(Objects.requireNonNull(key));
            return this;
        }

        @Override
        public TaskBuilder writes(Key<?> key) {
            writes.add(Objects.requireNonNull(key));
            return this;
        }

        @Override
        public TaskBuilder writes(ListKey<?> key) {
            writesLists.add(Objects.requireNonNull(key));
            return this;
        }

        @Override
        public TaskBuilder inputs(Function<TaskContext, Collection<Path>> paths) {
            lazyInputs.add(Objects.requireNonNull(paths));
            return this;
        }

        @Override
        public TaskBuilder uses(Object... values) {
            uses = Optional.of(List.copyOf(Arrays.asList(values)));
            return this;
        }

        @Override
        public TaskBuilder output(String relativePath) {
            outputs.add(OutputPaths.normalize(relativePath));
            return this;
        }

        @Override
        public TaskBuilder outputs(Function<TaskContext, Collection<String>> relativePaths) {
            lazyOutputs.add(Objects.requireNonNull(relativePaths));
            return this;
        }

        TaskBuilder outputFile(Path file) {
            outputFiles.add(file.toAbsolutePath().normalize());
            return this;
        }

        TaskBuilder baseLayer() {
            baseLayer = true;
            return this;
        }

        @Override
        public TaskBuilder always() {
            always = true;
            return this;
        }

        @Override
        public <T> Prepared<T> prepare(Function<TaskContext, T> value) {
            Objects.requireNonNull(value);
            // one value per consideration of the task: each run (and each status) gets a context of its own, which keeps it
            Object slot = new Object();
            Function<TaskContext, T> once = ctx -> ((TaskContextImpl) ctx).prepared(slot, value);
            Builder task = this;
            return new Prepared<>() {
                @Override
                public Prepared<T> inputs(BiFunction<TaskContext, T, Collection<Path>> paths) {
                    task.inputs(ctx -> paths.apply(ctx, once.apply(ctx)));
                    return this;
                }

                @Override
                public Prepared<T> outputs(BiFunction<TaskContext, T, Collection<String>> relativePaths) {
                    task.outputs(ctx -> relativePaths.apply(ctx, once.apply(ctx)));
                    return this;
                }

                @Override
                public void run(PreparedAction<T> action) {
                    task.run(ctx -> action.run(ctx, once.apply(ctx)));
                }
            };
        }

        @Override
        public void run(TaskAction action) {
            if (done) {
                throw new IllegalStateException("task '" + name + "' is already declared");
            }
            done = true;
            if (phase.isReadOnly() && (!outputs.isEmpty() || !lazyOutputs.isEmpty() || !outputFiles.isEmpty() || baseLayer)) {
                throw new IllegalArgumentException("task '" + name + "' is in " + phase
                        + ", which may not write files; declare it in a build phase");
            }
            if (baseLayer && (!outputs.isEmpty() || !lazyOutputs.isEmpty())) {
                throw new IllegalArgumentException("task '" + name + "' is the base layer, which declares no outputs of its own: "
                        + "it writes where no other task writes");
            }
            tasks.add(new TaskSpec(addon, name, phase, description, List.copyOf(after), List.copyOf(reads),
                    List.copyOf(readsLists), List.copyOf(writes), List.copyOf(writesLists),
                    List.copyOf(lazyInputs), uses, List.copyOf(outputs), List.copyOf(lazyOutputs), List.copyOf(outputFiles),
                    baseLayer, always || phase.isReadOnly(), Objects.requireNonNull(action)));
        }
    }
}
