package dev.jlite.core.spi;

import java.nio.file.Path;

/**
 * Safe unpacking of {@code .tar.gz}/{@code .tgz}, {@code .tar.bz2}, {@code .tar}, {@code .zip} and
 * {@code .whl}: no entry may land outside the target ({@code ..}, absolute paths, links that escape),
 * entry count and total size are limited, and the result appears atomically or not at all.
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
}
