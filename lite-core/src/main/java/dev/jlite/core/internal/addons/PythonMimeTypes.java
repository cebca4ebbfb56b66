package dev.jlite.core.internal.addons;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The MIME type Python's {@code mimetypes.guess_type} gives a file name, as jupyter_server puts it in a
 * Contents API model, from Python's built-in table only ({@code python-mime.types}): the machine's own
 * {@code /etc/mime.types}, which Python also reads, would make listings differ from machine to machine.
 */
final class PythonMimeTypes {

    private static final Map<String, String> TYPES = load();

    /** Python's {@code suffix_map}: shorthands for compressed archives. Looked up in lower case. */
    private static final Map<String, String> SUFFIXES = Map.of(".svgz", ".svg.gz", ".tgz", ".tar.gz", ".taz", ".tar.gz",
            ".tz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz");

    /** Python's {@code encodings_map}: a suffix that says how a file is compressed, not what it is. Case-sensitive. */
    private static final Set<String> ENCODINGS = Set.of(".gz", ".Z", ".bz2", ".xz", ".br");

    private PythonMimeTypes() {
    }

    /** The type of a file name, e.g. {@code text/markdown} for {@code README.md}; empty when Python knows none. */
    static Optional<String> guess(String name) {
        String[] split = splitext(name);
        String mapped;
        while ((mapped = SUFFIXES.get(split[1].toLowerCase(Locale.ROOT))) != null) {
            split = splitext(split[0] + mapped);
        }
        if (ENCODINGS.contains(split[1])) {
            split = splitext(split[0]);
        }
        return Optional.ofNullable(TYPES.get(split[1].toLowerCase(Locale.ROOT)));
    }

    /**
     * Python's {@code posixpath.splitext}: {@code [root, ext]} split at the last dot of the last segment,
     * where leading dots do not start an extension ({@code .bashrc} has none).
     */
    static String[] splitext(String path) {
        int sep = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot > sep) {
            for (int i = sep + 1; i < dot; i++) {
                if (path.charAt(i) != '.') {
                    return new String[] {path.substring(0, dot), path.substring(dot)};
                }
            }
        }
        return new String[] {path, ""};
    }

    private static Map<String, String> load() {
        Map<String, String> types = new HashMap<>();
        try (InputStream in = PythonMimeTypes.class.getResourceAsStream("/dev/jlite/core/internal/addons/python-mime.types")) {
            if (in == null) {
                throw new IllegalStateException("python-mime.types is missing from lite-core");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String[] words = line.strip().split("\\s+");
                if (words[0].isEmpty() || words[0].startsWith("#")) {
                    continue;
                }
                for (int i = 1; i < words.length; i++) {
                    types.put("." + words[i], words[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(types);
    }
}
