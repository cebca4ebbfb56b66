package dev.jlite.core.spi;

import java.nio.file.Path;
import java.util.Collection;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Declares one task: what it reads and writes, so that core can order it, fingerprint it, skip it when
 * nothing it depends on changed, and check that it wrote nothing else. {@link #run} ends the declaration.
 *
 * <p>A task is up to date when its fingerprint (its addon's version and configuration, the declared
 * configuration values, the contents of its input files and the values of the keys it reads) equals the
 * last successful run's, and every output it wrote then is still there, unchanged.
 *
 * <p><b>Outputs.</b> Each file of the site has one writer: the outputs tasks declare may not overlap (two
 * tasks declaring one path, or a folder and a path inside it, are refused, naming both). A task owns what
 * it writes through {@link TaskContext#files()}, and only that: when it runs again, the files it wrote
 * last time and does not write again are removed after it succeeds; a file in the output that jlite did
 * not write is never removed, and never replaced unless the user said to take the folder over.
 */
public interface TaskBuilder {

    /** One line saying what the task does, for {@code jlite list}. */
    TaskBuilder description(String text);

    /** Runs after the named task of the same addon, or after {@code addon:task} of another. */
    TaskBuilder after(String taskName);

    /** The task reads this key; it runs after the key's writer, and the value joins its fingerprint. */
    TaskBuilder reads(Key<?> key);

    /** The task reads this list; it runs after every contributor, and the values join its fingerprint. */
    TaskBuilder reads(ListKey<?> key);

    /** The task writes this key. */
    TaskBuilder writes(Key<?> key);

    /** The task contributes to this list. */
    TaskBuilder writes(ListKey<?> key);

    /** Input files and folders (a folder counts with everything under it), known when the task is about to run. */
    TaskBuilder inputs(Function<TaskContext, Collection<Path>> paths);

    /**
     * Configuration values the task depends on, replacing the default (the addon's whole configuration
     * class plus the whole {@code LiteBuildConfig}). Use only when the task provably reads nothing else.
     */
    TaskBuilder uses(Object... values);

    /** An output file or folder, relative to the output directory ({@code ""} is the whole site). */
    TaskBuilder output(String relativePath);

    /** Outputs known only when the task is about to run. */
    TaskBuilder outputs(Function<TaskContext, Collection<String>> relativePaths);

    /** Never skip this task (for tasks whose result depends on something core cannot see). */
    TaskBuilder always();

    /**
     * A value the task works out once each time it is considered (e.g. its resolved source), which its
     * inputs, outputs and action share instead of each working it out again. Declare everything else first:
     * <pre>{@code
     * r.task(Phase.BUILD, "copy").uses(spec)
     *         .prepare(ctx -> locate(ctx, spec))
     *         .inputs((ctx, found) -> List.of(found.root()))
     *         .run((ctx, found) -> copy(ctx, found));
     * }</pre>
     */
    <T> Prepared<T> prepare(Function<TaskContext, T> value);

    /** The rest of a declaration whose inputs, outputs and action share a {@linkplain #prepare prepared} value. */
    interface Prepared<T> {

        /** Inputs known once the value is prepared. */
        Prepared<T> inputs(BiFunction<TaskContext, T, Collection<Path>> paths);

        /** Outputs known once the value is prepared. */
        Prepared<T> outputs(BiFunction<TaskContext, T, Collection<String>> relativePaths);

        /** Ends the declaration. */
        void run(PreparedAction<T> action);
    }

    /** The work of a task, given its prepared value. */
    @FunctionalInterface
    interface PreparedAction<T> {
        void run(TaskContext context, T value) throws Exception;
    }

    /** Ends the declaration. */
    void run(TaskAction action);
}
