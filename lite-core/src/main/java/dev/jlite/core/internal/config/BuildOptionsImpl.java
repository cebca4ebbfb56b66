package dev.jlite.core.internal.config;

import dev.jlite.core.spi.AddonConfig;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.Setting;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** {@link BuildOptions} over a {@link ResolvedConfig}. */
public final class BuildOptionsImpl implements BuildOptions {

    private final Command command;
    private final AddonConfig config;
    private final Path liteDir;
    private final Path outputDir;
    private final Path cacheDir;
    private final Path outputArchive;

    public BuildOptionsImpl(Command command, ResolvedConfig resolved) {
        this.command = command;
        this.config = resolved.forClass(CoreSettings.CLASS);
        this.liteDir = resolved.liteDir();
        this.outputDir = location(resolved, LiteBuildConfig.OUTPUT_DIR).orElse(liteDir.resolve("_output"));
        this.cacheDir = location(resolved, LiteBuildConfig.CACHE_DIR).orElse(defaultCache(resolved.environment(), liteDir));
        String name = liteDir.getFileName() == null ? "site" : liteDir.getFileName().toString();
        Path beside = outputDir.getParent() == null ? outputDir : outputDir.getParent();
        this.outputArchive = location(resolved, LiteBuildConfig.OUTPUT_ARCHIVE).orElse(beside.resolve(name + "-jupyterlite.tgz"));
    }

    /**
     * A location setting: relative values from the command line or environment are taken from the
     * working folder (as a shell user expects); from a configuration file, from the lite dir.
     */
    private Optional<Path> location(ResolvedConfig resolved, Setting<String> setting) {
        return config.find(setting).map(value -> {
            Origin origin = resolved.origin(CoreSettings.CLASS, setting.name());
            Path base = origin == Origin.FILE ? liteDir : resolved.workingDir();
            return base.resolve(value).normalize();
        });
    }

    /**
     * A per-user cache shared by every site: {@code $XDG_CACHE_HOME/jlite}, else {@code ~/.cache/jlite}. A
     * relative {@code XDG_CACHE_HOME} is ignored, as the XDG specification says.
     */
    private static Path defaultCache(Map<String, String> env, Path liteDir) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && liteDir.getFileSystem().getPath(xdg).isAbsolute()) {
            return liteDir.getFileSystem().getPath(xdg, "jlite");
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            return liteDir.getFileSystem().getPath(home, ".cache", "jlite");
        }
        return liteDir.resolve(".cache").resolve("jlite");
    }

    @Override
    public Command command() {
        return command;
    }

    @Override
    public Path liteDir() {
        return liteDir;
    }

    @Override
    public Path outputDir() {
        return outputDir;
    }

    @Override
    public Path cacheDir() {
        return cacheDir;
    }

    @Override
    public Path outputArchive() {
        return outputArchive;
    }

    @Override
    public AddonConfig config() {
        return config;
    }
}
