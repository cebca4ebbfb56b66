package dev.jlite.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.ConfigArgument;
import dev.jlite.core.spi.Diagnostic;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The serve settings that make {@code jlite serve} a usage error before anything is built. */
class ServeSettingsTests {

    private FileSystem fs;
    private Path work;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        work = Files.createDirectories(fs.getPath("/work/site")).getParent();
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private List<String> problems(String... nameValues) {
        SettingsCatalog catalog = new SettingsCatalog();
        catalog.add("core", CoreSettings.CLASS, CoreSettings.SETTINGS);
        ConfigResolver resolver = new ConfigResolver(catalog);
        List<ConfigArgument> args = new ArrayList<>();
        args.add(new ConfigArgument(CoreSettings.CLASS, "lite_dir", "site", "--lite-dir"));
        for (int i = 0; i < nameValues.length; i += 2) {
            args.add(new ConfigArgument(CoreSettings.CLASS, nameValues[i], nameValues[i + 1], "--" + nameValues[i]));
        }
        ResolvedConfig resolved = resolver.resolve(work, Map.of(), Optional.empty(), args);
        assertEquals(List.of(), resolver.diagnostics());
        return ServeSettings.problems(resolved.forClass(CoreSettings.CLASS)).stream().map(Diagnostic::message).toList();
    }

    @Test
    void theDefaultsAndUsualValuesAreFine() {
        assertEquals(List.of(), problems());
        assertEquals(List.of(), problems("port", "0", "base_url", "/@foo/"));
        assertEquals(List.of(), problems("port", "65535", "base_url", "lite", "http_headers",
                "{\"Cross-Origin-Resource-Policy\": \"same-site\", \"X-Unset\": null}"));
    }

    @Test
    void aPortOutOfRangeIsNamed() {
        SettingsCatalog catalog = new SettingsCatalog();
        catalog.add("core", CoreSettings.CLASS, CoreSettings.SETTINGS);
        ConfigResolver resolver = new ConfigResolver(catalog);
        resolver.resolve(work, Map.of(), Optional.empty(), List.of(new ConfigArgument(CoreSettings.CLASS, "port", "-1", "--port")));
        assertEquals(List.of("--port: expected a whole number from 0 to 65535, got -1"),
                resolver.diagnostics().stream().map(Diagnostic::message).toList());
    }

    @Test
    void aBaseUrlMustBeAPlainPath() {
        assertEquals(List.of("LiteBuildConfig.base_url (--base-url) must be a plain path, without ?, got \"/a?b/\"; give a "
                + "path such as / or /@foo/"), problems("base_url", "/a?b/"));
        assertEquals(List.of("LiteBuildConfig.base_url (--base-url) must not contain empty, . or .. segments, got \"/a//b/\"; "
                + "give a path such as / or /@foo/"), problems("base_url", "/a//b/"));
        assertEquals(List.of("LiteBuildConfig.base_url (--base-url) must not contain spaces or control characters, got "
                + "\"/a b/\"; give a path such as / or /@foo/"), problems("base_url", "/a b/"));
    }

    @Test
    void headersNeedATokenNameAndOneLineOfText() {
        assertEquals(List.of(
                        "LiteBuildConfig.http_headers: \"Bad Name\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)",
                        "LiteBuildConfig.http_headers: the value of X-Number must be a string (or null to leave it out), got 3"),
                problems("http_headers", "{\"Bad Name\": \"x\", \"X-Number\": 3}"));
        assertEquals(List.of("LiteBuildConfig.extra_http_headers: the value of X-Split must be one line of text"),
                problems("extra_http_headers", "{\"X-Split\": \"a\\r\\nInjected: yes\"}"));
    }
}
