package dev.jlite.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

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
    default Path unpackCached(Path archive) {
        return unpackCached(archive, folder -> {
        });
    }

    /**
     * {@link #unpackCached(Path)}, where a fresh unpacking joins the cache only once {@code check} accepts
     * the folder: what {@code check} throws is thrown, and the cache is left as it was (an archive that is
     * not what the caller wanted stays out of it).
     */
    Path unpackCached(Path archive, Consumer<Path> check);

    /**
     * A zip (or wheel) read through its central directory, nothing unpacked: every entry's name, in their
     * order, and the contents of the files whose names pass {@code read} (each at most a few MB, as
     * metadata is; a larger one is refused as damaged or hostile).
     */
    ZipContents readZip(Path zip, Predicate<String> read);

    /**
     * What {@link #readZip} found.
     *
     * @param names    every entry's name, in the zip's order
     * @param contents the bytes of the files that were read, by name, in the same order
     */
    record ZipContents(List<String> names, Map<String, byte[]> contents) {
    }

    /**
     * Packs every file under {@code root} into a reproducible gzip'd tar at {@code target}: members named
     * {@code prefix + path}, files only, sorted by code point, owner 0/0 ({@code root}), mode 0644, times
     * from {@code mtimeSeconds} (given the {@code /}-separated path), gzip header time 0. The same files
     * give the same bytes.
     */
    default void packTgz(Path root, Path target, String prefix, ToLongFunction<String> mtimeSeconds) {
        packTgz(root, rel -> true, target, prefix, mtimeSeconds);
    }

    /** {@link #packTgz(Path, Path, String, java.util.function.ToLongFunction)} of the files whose relative path passes {@code include}. */
    void packTgz(Path root, Predicate<String> include, Path target, String prefix,
                 ToLongFunction<String> mtimeSeconds);
}
