package dev.jlite.core.spi;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * File operations with jlite's guarantees: sorted walks, parent folders created, times clamped to
 * {@code SOURCE_DATE_EPOCH}, modes kept where the file system has them.
 */
public interface FileOps {

    /** Copies one file, replacing {@code target}; keeps the source's time (clamped) and mode. */
    void copy(Path source, Path target);

    /**
     * Copies the files under {@code source} whose {@code /}-separated relative path passes
     * {@code include}, each as {@link #copy} does; returns the relative paths copied, sorted.
     */
    default List<String> copyTree(Path source, Path target, Predicate<String> include) {
        List<String> copied = new ArrayList<>();
        for (String rel : walk(source)) {
            if (include.test(rel)) {
                copy(source.resolve(rel), target.resolve(rel));
                copied.add(rel);
            }
        }
        return copied;
    }

    /** Writes bytes, replacing {@code target}, with the build clock's time. */
    void write(Path target, byte[] content);

    /**
     * Copies one file like {@link #copy}, reading it once, and returns its digests as lower-case hex by
     * algorithm name (e.g. {@code SHA-256}, {@code MD5}).
     */
    Map<String, String> copyWithDigests(Path source, Path target, String... algorithms);

    /** Deletes a file or a folder with everything in it; nothing if it does not exist. */
    void delete(Path path);

    /** The relative paths ({@code /}-separated) of every regular file under {@code root}, sorted. */
    List<String> walk(Path root);

    /** The lower-case hex sha256 of a file. */
    String sha256(Path file);

    /** Digests of a file, reading it once, as lower-case hex by algorithm name (e.g. {@code SHA-256}, {@code MD5}). */
    Map<String, String> digests(Path file, String... algorithms);

    /** A file's modification time, clamped to {@code SOURCE_DATE_EPOCH} when that is set (as copies are). */
    Instant time(Path file);
}
