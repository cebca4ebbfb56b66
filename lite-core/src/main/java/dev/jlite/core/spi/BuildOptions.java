package dev.jlite.core.spi;

import java.nio.file.Path;

/**
 * The resolved {@code LiteBuildConfig}: the command, the locations worked out from the settings (absolute, on
 * the build's file system), and every setting, read with the {@link LiteBuildConfig} constants:
 * {@code options.get(LiteBuildConfig.OFFLINE)}.
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

    /** Every {@code LiteBuildConfig} value, declared or not. */
    AddonConfig config();

    /** One {@code LiteBuildConfig} setting: {@code config().get(setting)}. */
    default <T> T get(Setting<T> setting) {
        return config().get(setting);
    }

    /** Resolves a path setting: absolute as it is, relative against the lite dir. */
    default Path resolve(String path) {
        return liteDir().resolve(path).normalize();
    }
}
