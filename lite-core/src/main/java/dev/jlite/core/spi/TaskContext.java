package dev.jlite.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a running task sees: read-only options, its addon's configuration, the shared store and the
 * services. A task touches no file system, clock, stream or network except through these.
 */
public interface TaskContext extends AddonContext {

    Phase phase();

    /** The value of a key this task declared it reads; fails if the writer did not write it. */
    <T> T get(Key<T> key);

    /** The value of a key this task declared it reads, if written. */
    <T> Optional<T> find(Key<T> key);

    /** The contributions to a list this task declared it reads. */
    <T> List<T> get(ListKey<T> key);

    /** Writes a key this task declared it writes; a second write anywhere is an error. */
    <T> void put(Key<T> key, T value);

    /** Contributes to a list this task declared it writes. */
    <T> void add(ListKey<T> key, T value);

    /** Contributes a change to a runtime configuration file (the task must write {@link LiteKeys#CONFIG_PATCHES}). */
    default void patch(ConfigPatch patch) {
        add(LiteKeys.CONFIG_PATCHES, patch);
    }

    /**
     * The files of the site as it stands: every output file a task wrote (in this build or, for tasks that
     * did not run, an earlier one), as {@code /}-separated relative paths sorted by code point. Files in the
     * output that jlite did not write, and jlite's own bookkeeping, are not among them.
     */
    default List<String> siteFiles() {
        return files().walk(options().outputDir());
    }

    System.Logger logger();
}
