package dev.jlite.testkit;

import dev.jlite.core.BuildResult;
import dev.jlite.core.TaskEvent;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What one {@link LiteTestKit} run did, with helpers to assert on the output. */
public final class LiteRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BuildResult result;
    private final Path liteDir;
    /** The output as the run left it: later runs of the same kit do not change what this run reports. */
    private final Map<String, byte[]> snapshot;

    LiteRun(BuildResult result, Path liteDir) {
        this.result = result;
        this.liteDir = liteDir;
        this.snapshot = result.outputDir().map(LiteRun::read).orElse(Map.of());
    }

    private static Map<String, byte[]> read(Path root) {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    public BuildResult result() {
        return result;
    }

    public boolean ok() {
        return result.ok();
    }

    /** What the CLI would exit with: 0, 1 or 2. */
    public int exitCode() {
        return result.exitCode();
    }

    public List<Diagnostic> diagnostics() {
        return result.diagnostics();
    }

    public List<String> errors() {
        return messages(Severity.ERROR);
    }

    public List<String> warnings() {
        return result.diagnostics().stream().filter(d -> d.severity() == Severity.WARNING).map(Diagnostic::render).toList();
    }

    /** The information lines, as {@code -v} shows them. */
    public List<String> infos() {
        return messages(Severity.INFO);
    }

    private List<String> messages(Severity severity) {
        return result.diagnostics(severity).stream().map(Diagnostic::render).toList();
    }

    public List<TaskEvent> events() {
        return result.events();
    }

    /** Ids of the tasks that ran. */
    public List<String> ran() {
        return result.events(TaskEvent.Outcome.RAN).stream().map(TaskEvent::task).toList();
    }

    /** Ids of the tasks that were up to date. */
    public List<String> skipped() {
        return result.events(TaskEvent.Outcome.SKIPPED).stream().map(TaskEvent::task).toList();
    }

    /** Every diagnostic and task event, one per line: for assertion messages. */
    public String report() {
        StringBuilder sb = new StringBuilder("status ").append(result.status()).append('\n');
        result.diagnostics().forEach(d -> sb.append(d.severity()).append(' ').append(d.render()).append('\n'));
        result.events().forEach(e -> sb.append(e.outcome()).append(' ').append(e.task()).append(" (").append(e.reason())
                .append(")\n"));
        return sb.toString();
    }

    /** The output directory. */
    public Path output() {
        return result.outputDir().orElseThrow(() -> new IllegalStateException("the run failed before it knew its output"));
    }

    /** The lite dir. */
    public Path liteDir() {
        return liteDir;
    }

    /** Whether the run left this output file (or a folder with files under it). */
    public boolean exists(String outputPath) {
        return snapshot.containsKey(outputPath) || snapshot.keySet().stream().anyMatch(f -> f.startsWith(outputPath + "/"));
    }

    /** An output file's text, as the run left it. */
    public String text(String outputPath) {
        byte[] content = snapshot.get(outputPath);
        if (content == null) {
            throw new AssertionError("the run left no output file " + outputPath);
        }
        return new String(content, StandardCharsets.UTF_8);
    }

    /** An output file, parsed as JSON. */
    public JsonNode json(String outputPath) {
        return JSON.readTree(text(outputPath));
    }

    /** Every output file as {@code sha256  path} lines, sorted by path, like {@code sha256sum}, as the run left them. */
    public List<String> tree() {
        List<String> lines = new ArrayList<>();
        snapshot.forEach((path, content) -> lines.add(sha256(content) + "  " + path));
        return lines;
    }

    /** Every file under {@code root} as {@code sha256  path} lines, sorted by path, read now. */
    public static List<String> tree(Path root) {
        List<String> lines = new ArrayList<>();
        read(root).forEach((path, content) -> lines.add(sha256(content) + "  " + path));
        return lines;
    }

    /** The output-relative paths of every output file the run left, sorted. */
    public List<String> files() {
        return List.copyOf(snapshot.keySet());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
