package dev.jlite.core.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * Resolves a source spec (where an asset comes from) to a local file or folder, fetching and caching
 * remote ones.
 *
 * <table>
 * <caption>Source specs</caption>
 * <tr><td>{@code path/to/x}, {@code /abs/x}, {@code file:/abs/x}</td><td>a local file or folder (relative to the lite dir)</td></tr>
 * <tr><td>{@code https://host/x.whl}</td><td>downloaded into the cache</td></tr>
 * <tr><td>{@code npm:<package>@<version>}</td><td>the package tarball, from the machine's own {@code npm} client</td></tr>
 * <tr><td>{@code pypi:<name>==<version>}</td><td>that release's wheel from the configured package index</td></tr>
 * <tr><td>{@code ...!/<path>}</td><td>a path inside the archive (for npm: inside its {@code package/} folder) or folder</td></tr>
 * <tr><td>{@code ...#sha256=<hex>}</td><td>pins the content: a mismatch is an error, and nothing is cached</td></tr>
 * </table>
 *
 * <p>Downloads are cached by content (sha256) with an index from source to digest, shared by every
 * build using the cache; {@code --offline} resolves from the cache only.
 */
public interface Sources {

    /** The local file or folder a spec stands for; a {@link LiteException} names the spec when it cannot. */
    Path resolve(String spec);

    /**
     * Resolves several specs, fetching in parallel (bounded); the result keeps their order. When some
     * fail, one {@link LiteException} names each of them.
     */
    List<Path> resolveAll(List<String> specs);
}
