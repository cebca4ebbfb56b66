package dev.jlite.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.ConfigArgument;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.Command;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where a site may not be built, decided before anything is written. */
class OutputGuardTests {

    private FileSystem fs;
    private Path work;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        work = fs.getPath("/work");
        Files.createDirectories(work.resolve("site"));
        Files.createDirectories(fs.getPath("/users/ann"));
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private List<String> problems(Map<String, String> env, Optional<Path> fallbackHome, String output) {
        SettingsCatalog catalog = new SettingsCatalog();
        catalog.add("core", CoreSettings.CLASS, CoreSettings.SETTINGS);
        ConfigResolver resolver = new ConfigResolver(catalog);
        ResolvedConfig resolved = resolver.resolve(work, env, Optional.empty(), List.of(
                new ConfigArgument(CoreSettings.CLASS, "lite_dir", "site", "--lite-dir"),
                new ConfigArgument(CoreSettings.CLASS, "output_dir", output, "--output-dir"),
                new ConfigArgument(CoreSettings.CLASS, "cache_dir", "/work/cache", "--cache-dir"),
                new ConfigArgument(CoreSettings.CLASS, "take_over_output", "true", "--take-over-output")));
        BuildOptions options = new BuildOptionsImpl(Command.BUILD, resolved);
        return OutputGuard.problems(options, env, fallbackHome, List.of(), p -> false, p -> List.of());
    }

    /** Without HOME, the home folder the JVM knows is protected all the same, even with --take-over-output. */
    @Test
    void theHomeFolderIsRefusedWithOrWithoutHome() {
        String refused = "the output folder /users/ann is the home folder /users/ann; choose a folder of its own with "
                + "--output-dir (the default is <lite dir>/_output)";
        assertEquals(List.of(refused), problems(Map.of("HOME", "/users/ann"), Optional.empty(), "/users/ann"));
        assertEquals(List.of(refused), problems(Map.of(), Optional.of(fs.getPath("/users/ann")), "/users/ann"));
        assertEquals(List.of("the output folder /users contains the home folder /users/ann; choose a folder of its own with "
                + "--output-dir (the default is <lite dir>/_output)"), problems(Map.of(), Optional.of(fs.getPath("/users/ann")),
                "/users"));
        assertEquals(List.of(), problems(Map.of(), Optional.of(fs.getPath("/users/ann")), "/users/ann/site"));
    }
}
