package dev.jlite.core.spi;

import java.nio.file.Path;

/**
 * Safe unpacking of {@code .tar.gz}/{@code .tgz}, {@code .tar.bz2}, {@code .tar.xz}, {@code .tar.zst},
 * {@code .tar}, {@code .zip}/{@code .whl} and {@code .conda}: no entry may land outside the target
 * ({@code ..}, absolute paths, links that escape), entry count and total size are limited, and the
 * result appears atomically or not at all. And deterministic packing.
 */
public interface Archives {

    /** Whether {@code file}'s name has an archive suffix this service unpacks. */
    boolean isArchive(Path file);

    /**
     * Unpacks {@code archive} into the cache, keyed by its sha256, and returns the folder; a second call
     * for the same bytes unpacks nothing.
     */
    Path unpackCached(Path archive);

    /** Whether {@link #unpackCached} already holds the archive with this sha256. */
    boolean isUnpacked(String sha256);

    /** Unpacks {@code archive} into {@code target}, which must not exist yet. */
    void unpack(Path archive, Path target);

    /** The entry names of a zip (or wheel), in their order, from its central directory; nothing is unpacked. */
    java.util.List<String> zipEntryNames(Path zip);

    /** The contents of the entries of a zip (or wheel) whose names pass {@code names}, by name. */
    java.util.Map<String, byte[]> readZipEntries(Path zip, java.util.function.Predicate<String> names);

    /**
     * Packs every file under {@code root} into a reproducible gzip'd tar at {@code target}: members named
     * {@code prefix + path}, files only, sorted by code point, owner 0/0 ({@code root}), mode 0644, times
     * from {@code mtimeSeconds} (given the {@code /}-separated path), gzip header time 0. The same files
     * give the same bytes.
     */
    default void packTgz(Path root, Path target, String prefix, java.util.function.ToLongFunction<String> mtimeSeconds) {
        packTgz(root, rel -> true, target, prefix, mtimeSeconds);
    }

    /** {@link #packTgz(Path, Path, String, java.util.function.ToLongFunction)} of the files whose relative path passes {@code include}. */
    void packTgz(Path root, java.util.function.Predicate<String> include, Path target, String prefix,
                 java.util.function.ToLongFunction<String> mtimeSeconds);
}
