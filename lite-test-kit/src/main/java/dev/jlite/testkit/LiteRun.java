package dev.jlite.testkit;

import dev.jlite.core.BuildResult;
import dev.jlite.core.LiteBuild;
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
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one {@link LiteTestKit} run did, with helpers to assert on the output. The output is read when
 * the run ends, so later runs of the same kit do not change what this one reports.
 */
public final class LiteRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BuildResult result;
    private final Path liteDir;
    /** The output as the run left it: later runs of the same kit do not change what this run reports. */
    private final Map<String, byte[]> snapshot;
    /** Which task owns each output file, as the run recorded it. */
    private final Map<String, String> owners;
    /** The sha256 of each file outside the output that a task owns (an archive beside the site), by absolute path. */
    private final Map<String, String> outside;
    /** (contract checks) What the run changed in the kit's file system outside its output and cache. */
    private final List<String> changedOutside;

    LiteRun(BuildResult result, Path liteDir) {
        this(result, liteDir, List.of());
    }

    LiteRun(BuildResult result, Path liteDir, List<String> changedOutside) {
        this.result = result;
        this.liteDir = liteDir;
        this.snapshot = result.outputDir().map(TreeDiff::read).orElse(Map.of());
        this.owners = LiteBuild.outputOwners(result);
        Map<String, String> outsideDigests = new TreeMap<>();
        result.outputDir().ifPresent(out -> LiteBuild.outsideOwners(result).keySet().forEach(abs -> {
            Path file = out.getFileSystem().getPath(abs);
            if (Files.isRegularFile(file)) {
                try {
                    outsideDigests.put(abs, sha256(Files.readAllBytes(file)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }));
        this.outside = Collections.unmodifiableMap(outsideDigests);
        this.changedOutside = List.copyOf(changedOutside);
    }

    /**
     * What core returned.
     *
     * @return the run's result
     */
    public BuildResult result() {
        return result;
    }

    /**
     * Whether the run succeeded.
     *
     * @return true when the status is OK
     */
    public boolean ok() {
        return result.ok();
    }

    /**
     * What the CLI would exit with.
     *
     * @return 0 (ok), 1 (failed) or 2 (invalid configuration or usage)
     */
    public int exitCode() {
        return result.exitCode();
    }

    /**
     * Everything reported, in order.
     *
     * @return the run's diagnostics
     */
    public List<Diagnostic> diagnostics() {
        return result.diagnostics();
    }

    /**
     * The errors, rendered as the CLI prints them.
     *
     * @return one line per error
     */
    public List<String> errors() {
        return messages(Severity.ERROR);
    }

    /**
     * The warnings, rendered as the CLI prints them.
     *
     * @return one line per warning
     */
    public List<String> warnings() {
        return result.diagnostics().stream().filter(d -> d.severity() == Severity.WARNING).map(Diagnostic::render).toList();
    }

    /**
     * The information lines and everything more severe, as {@code -v} shows them.
     *
     * @return one line per diagnostic of at least INFO
     */
    public List<String> infos() {
        return messages(Severity.INFO);
    }

    private List<String> messages(Severity severity) {
        return result.diagnostics(severity).stream().map(Diagnostic::render).toList();
    }

    /**
     * What happened to each task, in execution order.
     *
     * @return the task events
     */
    public List<TaskEvent> events() {
        return result.events();
    }

    /**
     * Ids of the tasks that ran.
     *
     * @return {@code addon:task} ids, in execution order
     */
    public List<String> ran() {
        return result.events(TaskEvent.Outcome.RAN).stream().map(TaskEvent::task).toList();
    }

    /**
     * Ids of the tasks that were up to date.
     *
     * @return {@code addon:task} ids, in execution order
     */
    public List<String> skipped() {
        return result.events(TaskEvent.Outcome.SKIPPED).stream().map(TaskEvent::task).toList();
    }

    /**
     * Every diagnostic and task event, one per line: for assertion messages.
     *
     * @return the report
     */
    public String report() {
        StringBuilder sb = new StringBuilder("status ").append(result.status()).append('\n');
        result.diagnostics().forEach(d -> sb.append(d.severity()).append(' ').append(d.render()).append('\n'));
        result.events().forEach(e -> sb.append(e.outcome()).append(' ').append(e.task()).append(" (").append(e.reason())
                .append(")\n"));
        return sb.toString();
    }

    /**
     * The output directory.
     *
     * @return the output directory, on the kit's file system
     * @throws IllegalStateException when the run failed before it knew its output
     */
    public Path output() {
        return result.outputDir().orElseThrow(() -> new IllegalStateException("the run failed before it knew its output"));
    }

    /**
     * The lite dir.
     *
     * @return the lite dir, on the kit's file system
     */
    public Path liteDir() {
        return liteDir;
    }

    /**
     * Whether the run left this output file (or a folder with files under it).
     *
     * @param outputPath a {@code /}-separated path relative to the output
     * @return true when it exists
     */
    public boolean exists(String outputPath) {
        return snapshot.containsKey(outputPath) || snapshot.keySet().stream().anyMatch(f -> f.startsWith(outputPath + "/"));
    }

    /**
     * An output file's text, as the run left it.
     *
     * @param outputPath a {@code /}-separated path relative to the output
     * @return its content, decoded as UTF-8
     * @throws AssertionError when the run left no such file
     */
    public String text(String outputPath) {
        byte[] content = snapshot.get(outputPath);
        if (content == null) {
            throw new AssertionError("the run left no output file " + outputPath);
        }
        return new String(content, StandardCharsets.UTF_8);
    }

    /**
     * An output file, parsed as JSON.
     *
     * @param outputPath a {@code /}-separated path relative to the output
     * @return the parsed document
     * @throws AssertionError when the run left no such file
     */
    public JsonNode json(String outputPath) {
        return JSON.readTree(text(outputPath));
    }

    /**
     * Every output file as {@code sha256  path} lines, sorted by path, like {@code sha256sum}, as the run left them.
     *
     * @return one line per file
     */
    public List<String> tree() {
        List<String> lines = new ArrayList<>();
        snapshot.forEach((path, content) -> lines.add(sha256(content) + "  " + path));
        return lines;
    }

    /**
     * Every file under {@code root} as {@code sha256  path} lines, sorted by path, read now.
     *
     * @param root a folder, on any file system
     * @return one line per file
     */
    public static List<String> tree(Path root) {
        List<String> lines = new ArrayList<>();
        TreeDiff.read(root).forEach((path, content) -> lines.add(sha256(content) + "  " + path));
        return lines;
    }

    /**
     * The output-relative paths of every output file the run left, sorted.
     *
     * @return {@code /}-separated paths
     */
    public List<String> files() {
        return List.copyOf(snapshot.keySet());
    }

    /**
     * Which task owns each output file, as the run recorded it for incremental builds: the files of the
     * outputs each task declared. An output file missing here was written outside every declared output.
     *
     * @return output-relative path to task id ({@code addon:task}), sorted by path
     */
    public Map<String, String> owners() {
        return owners;
    }

    /**
     * The files outside the output that tasks of the run wrote and own (an archive beside the site), as
     * {@code sha256} by absolute path, read when the run ended.
     *
     * @return absolute path to sha256, sorted by path
     */
    public Map<String, String> outsideFiles() {
        return outside;
    }

    /**
     * How another run's output differs from this one's, as a person can read it ({@link TreeDiff#describe()}).
     *
     * @param other the run to compare with; this run is the expected side
     * @return the difference; {@link TreeDiff#isEmpty() empty} when both left the same files with the same bytes
     */
    public TreeDiff diff(LiteRun other) {
        return TreeDiff.of(snapshot, other.snapshot);
    }

    /** (contract checks) Paths of the kit's file system, outside the output and the cache, that the run changed. */
    List<String> changedOutside() {
        return changedOutside;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
