package dev.jlite.core.spi;

import java.nio.file.Path;
import java.util.Collection;
import java.util.function.Function;

/**
 * Declares one task: what it reads and writes, so that core can order it, fingerprint it, skip it when
 * nothing it depends on changed, and check that it wrote nothing else. {@link #run} ends the declaration.
 *
 * <p>A task is up to date when its fingerprint (its addon's version and configuration, the declared
 * configuration values, the contents of its input files and the values of the keys it reads) equals the
 * last successful run's, and every output it wrote then is still there, unchanged.
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

    /** An input file or folder (a folder counts with everything under it). */
    TaskBuilder input(Path path);

    /** Inputs known only when the task is about to run (e.g. from a key's value). */
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

    /** Ends the declaration. */
    void run(TaskAction action);
}
