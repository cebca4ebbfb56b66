package dev.jlite.addon.pyodide;

import dev.jlite.core.spi.Json;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A Pyodide distribution on disk: its folder, entry point and package index, and what the index says
 * about it. Recognised in the folder given, in its {@code pyodide/} sub-folder (a release tarball's
 * layout, and the reference's odd "extraction parent" form), or in {@code package/} (an npm tarball).
 */
record Distribution(Path root, String entry, String index, JsonNode lock, String version, String python, String platform,
                    int packages, int present, List<String> missingStartup, List<String> missingFiles) {

    static final List<String> INDEXES = List.of("pyodide-lock.json", "repodata.json", "packages.json");

    /** Finds and reads the distribution in {@code dir}; a {@link LiteException} says what was found instead. */
    static Distribution find(Path dir, String spec, Json json) {
        List<Path> candidates = List.of(dir, dir.resolve("pyodide"), dir.resolve("package"), dir.resolve("package/pyodide"));
        for (Path c : candidates) {
            if (Files.isDirectory(c) && hasEntry(c) && indexOf(c).isPresent()) {
                return read(c, c, json);
            }
        }
        throw new LiteException(spec + " is not a Pyodide distribution: there is no pyodide.mjs or pyodide.js with a "
                + "pyodide-lock.json or repodata.json in it (found: " + summary(dir) + "); give a Pyodide release tarball, the "
                + "npm package (npm:pyodide@<version>), or the folder holding pyodide.mjs", spec, null);
    }

    private static boolean hasEntry(Path dir) {
        return Files.isRegularFile(dir.resolve("pyodide.mjs")) || Files.isRegularFile(dir.resolve("pyodide.js"));
    }

    private static Optional<String> indexOf(Path dir) {
        return INDEXES.stream().filter(i -> Files.isRegularFile(dir.resolve(i))).findFirst();
    }

    private static String summary(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "a single file";
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().toList();
            if (names.isEmpty()) {
                return "an empty folder";
            }
            return names.size() <= 8 ? String.join(", ", names) : String.join(", ", names.subList(0, 8)) + ", ...";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the distribution in {@code root}, whose lock's files may lie anywhere under {@code site} (a lock
     * entry jlite pointed at a shipped wheel names {@code ../../pypi/...}).
     */
    static Distribution read(Path root, Path site, Json json) {
        String index = indexOf(root).orElseThrow();
        JsonNode lock = json.read(root.resolve(index));
        JsonNode info = lock.path("info");
        String version = info.path("version").asString("");
        if (version.isEmpty() && Files.isRegularFile(root.resolve("package.json"))) {
            version = json.read(root.resolve("package.json")).path("version").asString("");
        }
        JsonNode packages = lock.path("packages");
        if (!packages.isObject()) {
            throw new LiteException(root.resolve(index) + " has no packages object; it is not a Pyodide package index",
                    root.resolve(index).toString(), null);
        }
        int present = 0;
        List<String> missing = new ArrayList<>();
        for (String name : new TreeSet<>(packages.propertyNames())) {
            if (hasFile(root, site, packages.get(name))) {
                present++;
            } else {
                missing.add(name);
            }
        }
        List<String> startup = new ArrayList<>();
        for (String name : closure(packages, "micropip")) {
            if (missing.contains(name)) {
                startup.add(name);
            }
        }
        int major = majorOf(version);
        String entry = major >= 314 || !Files.isRegularFile(root.resolve("pyodide.js")) ? "pyodide.mjs" : "pyodide.js";
        return new Distribution(root, entry, index, lock, version, info.path("python").asString(""), info.path("platform").asString(""),
                packages.size(), present, startup, missing);
    }

    /** Whether the file a lock entry names, relative to the lock's folder, is a file under {@code site}. */
    static boolean hasFile(Path root, Path site, JsonNode entry) {
        String file = entry.path("file_name").asString("");
        if (file.isEmpty() || file.contains("://")) {
            return false;
        }
        Path p = root.resolve(file).normalize();
        return p.startsWith(site.normalize()) && Files.isRegularFile(p);
    }

    /** A package and everything it depends on, in a stable order; names the index lacks are skipped. */
    static Set<String> closure(JsonNode packages, String start) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (!packages.has(n) || !out.add(n)) {
                continue;
            }
            packages.get(n).path("depends").forEach(d -> todo.add(d.asString()));
        }
        return out;
    }

    static int majorOf(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    boolean isFull() {
        return present == packages;
    }

    String describe() {
        return "Pyodide " + (version.isEmpty() ? "(version unknown)" : version) + ", Python " + python + ", " + platform + ": "
                + (isFull() ? "full, all " + packages + " packages present" : (present == 0 ? "core only" : "partial") + ", "
                + present + " of " + packages + " packages present");
    }
}
