package dev.jlite.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.ConfigArgument;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.LiteBuildConfig;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where a build reads and writes, and the typed view of {@code LiteBuildConfig}. */
class BuildOptionsImplTests {

    private FileSystem fs;
    private Path work;
    private final Map<String, String> env = new HashMap<>();
    private List<Diagnostic> diagnostics;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        work = fs.getPath("/work");
        Files.createDirectories(work.resolve("site"));
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private static ConfigArgument core(String name, String value) {
        return new ConfigArgument(CoreSettings.CLASS, name, value, "--" + name.replace('_', '-'));
    }

    /** Options for a build whose lite dir is {@code /work/site}. */
    private BuildOptions options(ConfigArgument... arguments) {
        SettingsCatalog catalog = new SettingsCatalog();
        catalog.add("core", CoreSettings.CLASS, CoreSettings.SETTINGS);
        ConfigResolver resolver = new ConfigResolver(catalog);
        List<ConfigArgument> all = new ArrayList<>();
        all.add(core("lite_dir", "site"));
        all.addAll(List.of(arguments));
        ResolvedConfig resolved = resolver.resolve(work, env, Optional.empty(), all);
        diagnostics = resolver.diagnostics();
        return new BuildOptionsImpl(Command.BUILD, resolved);
    }

    private void siteConfig(String json) throws IOException {
        Files.writeString(work.resolve("site/jupyter_lite_config.json"), json);
    }

    private Path path(String p) {
        return fs.getPath(p);
    }

    @Test
    void theOutputDirIsUnderTheLiteDirByDefault() {
        BuildOptions options = options();

        assertEquals(List.of(), diagnostics);
        assertEquals(path("/work/site"), options.liteDir());
        assertEquals(path("/work/site/_output"), options.outputDir());
    }

    @Test
    void aRelativeOutputDirFromTheCommandLineIsTakenFromTheWorkingDir() {
        assertEquals(path("/work/out"), options(core("output_dir", "out")).outputDir());
        assertEquals(path("/elsewhere"), options(core("output_dir", "./out/../../elsewhere")).outputDir());
    }

    @Test
    void aRelativeOutputDirFromTheEnvironmentIsTakenFromTheWorkingDir() {
        env.put("JUPYTERLITE_OUTPUT_DIR", "env-out");

        assertEquals(path("/work/env-out"), options().outputDir());
    }

    @Test
    void aRelativeOutputDirFromTheConfigFileIsTakenFromTheLiteDir() throws IOException {
        siteConfig("""
                {"LiteBuildConfig": {"output_dir": "file-out"}}""");

        assertEquals(path("/work/site/file-out"), options().outputDir());
    }

    @Test
    void anAbsoluteOutputDirIsKept() throws IOException {
        siteConfig("""
                {"LiteBuildConfig": {"output_dir": "/srv/www/"}}""");

        assertEquals(path("/srv/www"), options().outputDir());
    }

    @Test
    void aRelativeCacheDirIsTakenFromTheWorkingDirOrFromTheLiteDirForAFile() throws IOException {
        assertEquals(path("/work/cli-cache"), options(core("cache_dir", "cli-cache")).cacheDir());

        env.put("JUPYTERLITE_CACHE_DIR", "env-cache");
        assertEquals(path("/work/env-cache"), options().cacheDir());

        siteConfig("""
                {"LiteBuildConfig": {"cache_dir": "file-cache"}}""");
        assertEquals(path("/work/site/file-cache"), options().cacheDir());
    }

    @Test
    void theDefaultCacheIsUnderXdgCacheHome() {
        env.put("XDG_CACHE_HOME", "/xdg");
        env.put("HOME", "/home/u");

        assertEquals(path("/xdg/jlite"), options().cacheDir());
    }

    @Test
    void theDefaultCacheIsUnderHomeWithoutXdgCacheHome() {
        env.put("XDG_CACHE_HOME", "  ");
        env.put("HOME", "/home/u");

        assertEquals(path("/home/u/.cache/jlite"), options().cacheDir());
    }

    @Test
    void theDefaultCacheIsInTheLiteDirWithoutHome() {
        assertEquals(path("/work/site/.cache/jlite"), options().cacheDir());
    }

    @Test
    void typedSettingsReadLiteBuildConfig() throws IOException {
        siteConfig("""
                {"LiteBuildConfig": {"apps": ["lab", "repl"], "disable_addons": ["mathjax"],
                  "no_sourcemaps": true, "source_date_epoch": 1700000000, "offline": true,
                  "app_archive": "app.tgz"}}""");

        BuildOptions options = options(core("force", "true"), core("strict", "yes"));

        assertEquals(List.of(), diagnostics);
        assertEquals(Command.BUILD, options.command());
        assertEquals(List.of("lab", "repl"), options.get(LiteBuildConfig.APPS));
        assertEquals(List.of("mathjax"), options.get(LiteBuildConfig.DISABLE_ADDONS));
        assertTrue(options.get(LiteBuildConfig.NO_SOURCEMAPS));
        assertEquals(Optional.of(1700000000L), options.config().find(LiteBuildConfig.SOURCE_DATE_EPOCH));
        assertTrue(options.get(LiteBuildConfig.OFFLINE));
        assertTrue(options.get(LiteBuildConfig.FORCE));
        assertTrue(options.get(LiteBuildConfig.STRICT));
        assertEquals(Optional.of("app.tgz"), options.config().nonBlank(LiteBuildConfig.APP_ARCHIVE));
        assertEquals(path("/work/site/files/a.txt"), options.resolve("files/./a.txt"));
    }

    @Test
    void unsetSettingsAreEmptyOrFalse() {
        BuildOptions options = options();

        assertEquals(List.of(), options.get(LiteBuildConfig.APPS));
        assertEquals(List.of(), options.get(LiteBuildConfig.DISABLE_ADDONS));
        assertFalse(options.get(LiteBuildConfig.NO_SOURCEMAPS));
        assertEquals(Optional.empty(), options.config().find(LiteBuildConfig.SOURCE_DATE_EPOCH));
        assertFalse(options.get(LiteBuildConfig.OFFLINE));
        assertFalse(options.get(LiteBuildConfig.FORCE));
        assertFalse(options.get(LiteBuildConfig.STRICT));
        assertEquals(Optional.empty(), options.config().nonBlank(LiteBuildConfig.APP_ARCHIVE));
    }

    @Test
    void aBlankAppArchiveIsNone() {
        assertEquals(Optional.empty(), options(core("app_archive", "  ")).config().nonBlank(LiteBuildConfig.APP_ARCHIVE));
    }

    @Test
    void sourceDateEpochComesFromTheEnvironment() {
        env.put("SOURCE_DATE_EPOCH", "315532800");

        assertEquals(Optional.of(315532800L), options().config().find(LiteBuildConfig.SOURCE_DATE_EPOCH));
    }
}
