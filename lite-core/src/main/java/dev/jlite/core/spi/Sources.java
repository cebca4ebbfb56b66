package dev.jlite.core.spi;

import java.nio.file.Path;

/**
 * Resolves a source spec (where an asset comes from) to a local file or folder.
 *
 * <p>Specs: a path (relative to the lite dir) or {@code file:} URI; a {@code !/<path>} suffix selects a
 * path inside an archive or folder; a {@code #sha256=<hex>} suffix pins the content.
 */
public interface Sources {

    /** The local file or folder a spec stands for; a {@link LiteException} names the spec when it cannot. */
    Path resolve(String spec);
}
