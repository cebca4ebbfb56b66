package dev.jlite.core.internal.pipeline;

import dev.jlite.core.spi.AddonConfig;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.ListKey;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskAction;
import dev.jlite.core.spi.TaskContext;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A declared task, as registered. */
record TaskSpec(
        LoadedAddon addon,
        String name,
        Phase phase,
        String description,
        List<String> after,
        List<Key<?>> reads,
        List<ListKey<?>> readsLists,
        List<Key<?>> writes,
        List<ListKey<?>> writesLists,
        List<Function<TaskContext, Collection<Path>>> lazyInputs,
        Optional<List<Object>> uses,
        List<String> outputs,
        List<Function<TaskContext, Collection<String>>> lazyOutputs,
        List<Path> outputFiles,
        boolean baseLayer,
        boolean always,
        TaskAction action) {

    String id() {
        return addon.id() + ":" + name;
    }

    AddonConfig config() {
        return addon.config();
    }

    /** Whether the task declares any output (in the site or outside it), or is the base layer. */
    boolean writesFiles() {
        return baseLayer || !outputs.isEmpty() || !lazyOutputs.isEmpty() || !outputFiles.isEmpty();
    }
}
