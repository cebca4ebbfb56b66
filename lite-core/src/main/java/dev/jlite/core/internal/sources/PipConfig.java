package dev.jlite.core.internal.sources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The package index pip is configured with, read the way pip reads it ({@code PIP_CONFIG_FILE}, the
 * user's {@code pip.conf}, then the site-wide ones), so {@code pypi:} sources use the machine's own
 * index setting.
 */
public final class PipConfig {

    private PipConfig() {
    }

    /** {@code index-url} from the first pip configuration file that sets it. */
    public static Optional<String> indexUrl(FileSystem fs, Map<String, String> env) {
        for (Path file : files(fs, env)) {
            Optional<String> url = read(file);
            if (url.isPresent()) {
                return url;
            }
        }
        return Optional.empty();
    }

    private static List<Path> files(FileSystem fs, Map<String, String> env) {
        List<Path> out = new ArrayList<>();
        String explicit = env.get("PIP_CONFIG_FILE");
        if (explicit != null && !explicit.isBlank()) {
            out.add(fs.getPath(explicit));
        }
        String home = env.get("HOME");
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            out.add(fs.getPath(xdg, "pip", "pip.conf"));
        } else if (home != null && !home.isBlank()) {
            out.add(fs.getPath(home, ".config", "pip", "pip.conf"));
        }
        if (home != null && !home.isBlank()) {
            out.add(fs.getPath(home, ".pip", "pip.conf"));
        }
        out.add(fs.getPath("/etc/xdg/pip/pip.conf"));
        out.add(fs.getPath("/etc/pip.conf"));
        return out;
    }

    /** The {@code index-url} of the {@code [global]} (or {@code [install]}) section of an INI file. */
    static Optional<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        String section = "";
        for (String raw : lines) {
            String line = raw.trim();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).trim().toLowerCase(Locale.ROOT);
            } else if ((section.equals("global") || section.equals("install")) && !line.startsWith("#") && !line.startsWith(";")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).trim().replace('_', '-').equalsIgnoreCase("index-url")) {
                    String value = line.substring(eq + 1).trim();
                    if (!value.isEmpty()) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
