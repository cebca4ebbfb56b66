package dev.jlite.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The resolved {@code LiteBuildConfig}: where the site comes from and goes to, and how it is built.
 * Paths are absolute, on the build's file system. Settings without an accessor here are read from
 * {@link #config()}.
 */
public interface BuildOptions {

    /** The command being run. */
    Command command();

    /** The folder holding the site's inputs ({@code --lite-dir}, {@code JUPYTERLITE_DIR}, else the working folder). */
    Path liteDir();

    /** Where the site is written ({@code --output-dir}, else {@code <lite dir>/_output}). */
    Path outputDir();

    /** The download and unpack cache ({@code --cache-dir}, {@code JUPYTERLITE_CACHE_DIR}). */
    Path cacheDir();

    /**
     * Where {@code jlite archive} writes the site archive ({@code --output-archive},
     * {@code JUPYTERLITE_OUTPUT_ARCHIVE}), by default beside the output: {@code <lite dir name>-jupyterlite.tgz}
     * in the output's parent folder.
     */
    Path outputArchive();

    /** The app archive source spec, when one is configured. */
    Optional<String> appArchive();

    /** The apps to keep; empty means every app of the archive. */
    List<String> apps();

    /** Addon ids that are switched off. */
    List<String> disableAddons();

    /** Leave out {@code *.js.map}, {@code *.mjs.map} and {@code *.css.map} files. */
    boolean noSourcemaps();

    /** {@code SOURCE_DATE_EPOCH}: the time every written file and listing is clamped to. */
    OptionalLong sourceDateEpoch();

    /** Resolve sources from the cache only; never download. */
    boolean offline();

    /** Run every task, even those that are up to date. */
    boolean force();

    /** Turn warnings that are about compatibility into errors. */
    boolean strict();

    /** Every {@code LiteBuildConfig} value, declared or not. */
    AddonConfig config();

    /** Resolves a path setting: absolute as it is, relative against the lite dir. */
    default Path resolve(String path) {
        return liteDir().resolve(path).normalize();
    }
}
