package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the ports of the reference's test suites share: the app the reference would bundle (the demo's real
 * JupyterLite app without its own {@code api/} and {@code files/}), and {@code jupyter-lite ARGS} run as the
 * drop-in, in this JVM.
 */
final class ReferenceFixtures {

    private ReferenceFixtures() {
    }

    /** A real asset of {@code scripts/fetch-assets.sh}. */
    static Path asset(String rel) {
        Path file = Path.of(System.getProperty("jlite.repo.root")).resolve(".cache/assets").resolve(rel);
        assertTrue(Files.isRegularFile(file), "run scripts/fetch-assets.sh first: no " + file);
        return file;
    }

    /** The demo's app unpacked under {@code dir}, without the site files it carries; its folder. */
    static Path app(Path dir) throws Exception {
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        untar(asset("galaxy-app/galaxyproject-jupyterlite-0.0.31.tgz"), unpacked);
        Path app = unpacked.resolve("package/static/dist/_output");
        for (String own : List.of("api", "files")) {
            deleteTree(app.resolve(own));
        }
        assertTrue(Files.isRegularFile(app.resolve("index.html")));
        return app;
    }

    /**
     * {@code jupyter-lite ARGS} in {@code cwd}: the tool itself, in this JVM (the same code as the command, without
     * a JVM start per run), with {@code app} as the app and the cache under {@code home}.
     */
    static InProcess.Ran lite(Path app, Path home, Path cwd, Map<String, String> env, String... args) {
        Map<String, String> all = new TreeMap<>(env);
        all.put("HOME", home.toString()); // the cache, shared by the cases, outside every lite dir
        all.put(JliteTool.DROP_IN, "1");
        all.put("JUPYTERLITE_APP_ARCHIVE", app.toString());
        return InProcess.run(cwd, all, args);
    }

    static void untar(Path tgz, Path into) throws Exception {
        Process tar = new ProcessBuilder("tar", "xzf", tgz.toString(), "-C", into.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
