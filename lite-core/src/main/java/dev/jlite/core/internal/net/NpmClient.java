package dev.jlite.core.internal.net;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Fetches npm package tarballs with the machine's own {@code npm} client ({@code npm pack}), so its
 * registry, proxy and authentication settings apply; jlite never names a registry itself.
 */
public final class NpmClient {

    private static final long TIMEOUT_MINUTES = 15;

    private final Map<String, String> env;

    /** @param env the environment npm runs with (its {@code PATH}, {@code HOME}, {@code NPM_CONFIG_*}) */
    public NpmClient(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** A packed tarball, on the host's default file system. */
    public record Packed(Path tarball, String name, String version, String integrity) {
    }

    /**
     * Runs {@code npm pack <packageSpec>} into a new temporary folder and returns the tarball; the
     * caller moves it away and deletes the folder ({@link #cleanUp}).
     */
    public Packed pack(String packageSpec, String shownSpec) {
        Path dir;
        try {
            dir = Files.createTempDirectory("jlite-npm-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for npm", e);
        }
        ProcessBuilder pb = new ProcessBuilder(env.getOrDefault("JLITE_NPM", "npm"), "pack", packageSpec, "--json", "--pack-destination",
                dir.toString()).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = dir.resolve(".stdout");
        Path err = dir.resolve(".stderr");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            cleanUp(dir);
            throw new LiteException(shownSpec + ": the npm client is needed for npm: sources and was not found on PATH; "
                    + "install Node.js and npm, or give the package as a file", shownSpec, e);
        }
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                cleanUp(dir);
                throw new LiteException(shownSpec + ": npm pack did not finish in " + TIMEOUT_MINUTES + " minutes", shownSpec, null);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            cleanUp(dir);
            throw new LiteException(shownSpec + ": interrupted while npm was packing it", shownSpec, e);
        }
        try {
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new LiteException(shownSpec + ": npm pack failed: " + npmError(stdout, Files.readString(err,
                        StandardCharsets.UTF_8)), shownSpec, null);
            }
            JsonNode result = JsonSupport.instance().parse(stdout, "npm pack --json");
            JsonNode first = result.isArray() ? result.path(0) : result;
            String fileName = first.path("filename").asString("");
            Path tarball = dir.resolve(fileName.replace('/', '_').replace('@', '_'));
            if (fileName.isEmpty() || !Files.isRegularFile(tarball)) {
                tarball = onlyTarball(dir).orElseThrow(() -> new LiteException(shownSpec
                        + ": npm pack reported success but wrote no tarball", shownSpec, null));
            }
            return new Packed(tarball, first.path("name").asString(""), first.path("version").asString(""),
                    first.path("integrity").asString(""));
        } catch (IOException e) {
            cleanUp(dir);
            throw new UncheckedIOException(e);
        } catch (LiteException | UncheckedIOException e) {
            cleanUp(dir);
            throw e;
        }
    }

    private static Optional<Path> onlyTarball(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst();
        }
    }

    /** npm's own words for a failure: the JSON error's code and summary, else the first error line. */
    static String npmError(String stdout, String stderr) {
        try {
            JsonNode error = JsonSupport.instance().parse(stdout, "npm output").path("error");
            if (error.isObject()) {
                return (error.path("code").asString("") + " " + error.path("summary").asString("")).trim();
            }
        } catch (LiteException e) {
            // not JSON: fall back to stderr
        }
        String text = stderr.isBlank() ? stdout : stderr;
        return stderr.lines().filter(line -> line.startsWith("npm error") || line.startsWith("npm ERR!")).findFirst()
                .map(line -> line.replaceFirst("^npm (error|ERR!)\\s*", ""))
                .orElse(text.isBlank() ? "no output" : text.lines().findFirst().orElse("").trim());
    }

    /** Deletes a folder {@link #pack} made. */
    public static void cleanUp(Path dir) {
        FileOpsImpl.deleteTree(dir);
    }
}
