package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real npm package through the machine's npm client, unpacked as tar unpacks it. */
@Tag("e2e")
class NpmSourceIntegrationTests {

    @Test
    void pyodideFromNpmUnpacksExactlyAsTarDoes(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        String out = run(tmp, List.of(java(), "-p", BuiltJars.modulePath(), "-m", "dev.jlite.cli/dev.jlite.cli.Main", "fetch",
                "--cache-dir", cache.toString(), "npm:pyodide@0.27.7!/package.json"));
        String line = out.lines().filter(l -> l.startsWith("npm:pyodide@0.27.7!/package.json -> ")).findFirst().orElseThrow(() ->
                new AssertionError(out));
        Path packageJson = Path.of(line.substring(line.indexOf(" -> ") + 4));
        assertTrue(Files.readString(packageJson).contains("\"version\": \"0.27.7\""));
        Path unpacked = packageJson.getParent().getParent();
        assertTrue(unpacked.startsWith(cache.resolve("unpacked")), unpacked.toString());

        Path tarball;
        try (Stream<Path> s = Files.walk(cache.resolve("downloads"))) {
            tarball = s.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow();
        }
        assertEquals("pyodide-0.27.7.tgz", tarball.getFileName().toString());
        Path byTar = Files.createDirectories(tmp.resolve("tar"));
        run(tmp, List.of("tar", "xzf", tarball.toString(), "-C", byTar.toString()));
        TreeMap<String, String> ours = listing(unpacked);
        TreeMap<String, String> theirs = listing(byTar);
        assertTrue(ours.size() > 10, "files: " + ours.keySet());
        assertTrue(ours.containsKey("package/pyodide.asm.wasm"), ours.keySet().toString());
        assertEquals(theirs, ours);

        // A second fetch of the same package is a cache hit: no npm, no unpacking.
        String again = run(tmp, List.of(java(), "-p", BuiltJars.modulePath(), "-m", "dev.jlite.cli/dev.jlite.cli.Main", "fetch",
                "--cache-dir", cache.toString(), "--offline", "npm:pyodide@0.27.7!/package.json"));
        assertTrue(again.contains(" -> " + packageJson), again);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Path -> "sha256 executable?" for every regular file. */
    private static TreeMap<String, String> listing(Path root) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), sha256(p) + (Files.isExecutable(p) ? " x" : ""));
            }
        }
        return out;
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(in.readAllBytes());
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(Path dir, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }
}
