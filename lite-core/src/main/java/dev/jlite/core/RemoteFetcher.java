package dev.jlite.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Stands in for the network when a build fetches a remote source ({@code http(s):}, {@code npm:} or
 * {@code pypi:}): for tests, and for embedding jlite where such content comes from elsewhere. Set it with
 * {@link LiteBuild.Builder#remoteFetcher}; without one, builds fetch as usual.
 *
 * <p>It is asked only where a download would happen: when the source is not in the cache and the build
 * is not {@code --offline}. What it writes is then treated exactly as a download: stored in the cache by
 * content, checked against a {@code #sha256=} pin (nothing is cached on a mismatch), and unpacked for a
 * {@code !/} sub-path. It may be called from several threads at once.
 */
@FunctionalInterface
public interface RemoteFetcher {

    /** A fetcher that serves nothing, so that every source is fetched as usual. */
    RemoteFetcher NONE = (location, target) -> Optional.empty();

    /**
     * Writes the content of {@code location} to {@code target} and returns the file name it is kept under
     * (as a download's name, e.g. {@code pkg-1.0.tgz}), or returns empty to let the build fetch it as usual.
     * An {@link IOException} fails the source, and the build's message names it.
     *
     * @param location the source spec without its {@code !/} sub-path and {@code #sha256=} pin, e.g.
     *                 {@code npm:pkg@1.0} or {@code https://example.test/x.whl}
     * @param target   a fresh file in the build's cache folder, on the build's file system
     * @return the file name of the content, or empty when this fetcher does not serve {@code location}
     * @throws IOException when {@code location} cannot be served
     */
    Optional<String> fetch(String location, Path target) throws IOException;
}
