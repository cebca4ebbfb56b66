package dev.jlite.testkit;

import dev.jlite.core.BuildResult;
import dev.jlite.core.TaskEvent;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What one {@link LiteTestKit} run did, with helpers to assert on the output. */
public final class LiteRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BuildResult result;
    private final Path liteDir;

    LiteRun(BuildResult result, Path liteDir) {
        this.result = result;
        this.liteDir = liteDir;
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

    public boolean exists(String outputPath) {
        return Files.exists(output().resolve(outputPath));
    }

    public String text(String outputPath) {
        try {
            return Files.readString(output().resolve(outputPath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An output file, parsed as JSON. */
    public JsonNode json(String outputPath) {
        return JSON.readTree(text(outputPath));
    }

    /** Every output file as {@code sha256  path} lines, sorted by path, like {@code sha256sum}. */
    public List<String> tree() {
        return tree(output());
    }

    /** Every file under {@code root} as {@code sha256  path} lines, sorted by path. */
    public static List<String> tree(Path root) {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return lines;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                lines.add(sha256(p) + "  " + root.relativize(p).toString().replace('\\', '/'));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines.sort((a, b) -> a.substring(66).compareTo(b.substring(66)));
        return lines;
    }

    /** The output-relative paths of every output file, sorted. */
    public List<String> files() {
        return tree().stream().map(l -> l.substring(66)).toList();
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
