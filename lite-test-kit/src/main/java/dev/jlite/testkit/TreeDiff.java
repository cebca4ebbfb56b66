package dev.jlite.testkit;

import dev.jlite.core.LiteBuild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How two file trees (e.g. two runs' outputs) differ, in words a person can read: the paths only one of
 * them has, and for each file both have with other bytes, where it differs. For a JSON file, that is the
 * JSON pointers whose values differ, with both values; for text, the first line that differs; otherwise
 * the sizes and the first byte that differs.
 *
 * <pre>{@code
 * TreeDiff diff = first.diff(second);           // first is "expected", second "actual"
 * assertTrue(diff.isEmpty(), diff::describe);
 * // or: TreeDiff.assertSameTree(first, second);
 * }</pre>
 *
 * @param added   paths only the actual tree has, sorted
 * @param removed paths only the expected tree has, sorted
 * @param changed files both have, with other bytes, sorted by path
 */
public record TreeDiff(List<String> added, List<String> removed, List<Change> changed) {

    /** At most this many JSON pointers or paths per list are described; the rest are counted. */
    private static final int LIMIT = 20;
    /** Values longer than this are cut in descriptions. */
    private static final int WIDTH = 160;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Copies the lists.
     *
     * @param added   paths only the actual tree has
     * @param removed paths only the expected tree has
     * @param changed files both have, with other bytes
     */
    public TreeDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /**
     * One file whose bytes differ.
     *
     * @param path    the file's path, {@code /}-separated, relative to the tree's root
     * @param details where it differs, one line each (for JSON, one per pointer)
     */
    public record Change(String path, List<String> details) {

        /**
         * Copies the details.
         *
         * @param path    the file's path
         * @param details where it differs
         */
        public Change {
            details = List.copyOf(details);
        }
    }

    /**
     * One value that differs between two JSON documents.
     *
     * @param pointer  where, as a JSON pointer ({@code ""} for the whole document)
     * @param expected the expected value as compact JSON, empty when it is absent there
     * @param actual   the actual value as compact JSON, empty when it is absent there
     */
    public record JsonChange(String pointer, Optional<String> expected, Optional<String> actual) {

        /**
         * One line: {@code /pointer: expected -> actual}, long values cut.
         *
         * @return the change, for a person
         */
        public String describe() {
            return (pointer.isEmpty() ? "(the document)" : pointer) + ": " + expected.map(TreeDiff::cut).orElse("(absent)") + " -> "
                    + actual.map(TreeDiff::cut).orElse("(absent)");
        }
    }

    /**
     * The difference between two trees given as file contents by {@code /}-separated path.
     *
     * @param expected the tree as it should be
     * @param actual   the tree as it is
     * @return how {@code actual} differs from {@code expected}
     */
    public static TreeDiff of(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(expected.keySet());
        paths.addAll(actual.keySet());
        for (String p : paths) {
            byte[] e = expected.get(p);
            byte[] a = actual.get(p);
            if (e == null) {
                added.add(p);
            } else if (a == null) {
                removed.add(p);
            } else if (!Arrays.equals(e, a)) {
                changed.add(new Change(p, details(p, e, a)));
            }
        }
        return new TreeDiff(added, removed, changed);
    }

    /**
     * The difference between the regular files under two folders, read now (on any file system).
     *
     * @param expected the folder as it should be
     * @param actual   the folder as it is
     * @return how {@code actual} differs from {@code expected}
     */
    public static TreeDiff between(Path expected, Path actual) {
        return of(read(expected), read(actual));
    }

    /**
     * The values that differ between two JSON documents, by JSON pointer, in document order (object keys
     * sorted): an object's keys and an array's items are compared one by one, anything else as a whole.
     *
     * @param expected the document as it should be
     * @param actual   the document as it is
     * @return the differing values; empty when the documents are equal
     */
    public static List<JsonChange> json(JsonNode expected, JsonNode actual) {
        List<JsonChange> out = new ArrayList<>();
        compare("", Optional.of(expected), Optional.of(actual), out);
        return out;
    }

    /**
     * Fails, describing every difference, unless two runs left the same output tree.
     *
     * @param expected the run whose output is as it should be
     * @param actual   the run to check
     * @throws AssertionError when the outputs differ
     */
    public static void assertSameTree(LiteRun expected, LiteRun actual) {
        TreeDiff diff = expected.diff(actual);
        if (!diff.isEmpty()) {
            throw new AssertionError(diff.describe());
        }
    }

    /**
     * Whether the trees are the same.
     *
     * @return true when nothing was added, removed or changed
     */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /**
     * The differences, for a person: a summary line, then one line per path (at most 20 of each kind) and,
     * indented under each changed file, where it differs.
     *
     * @return a multi-line description; {@code "the trees are the same"} when they are
     */
    public String describe() {
        if (isEmpty()) {
            return "the trees are the same";
        }
        StringBuilder sb = new StringBuilder("the trees differ: ").append(added.size()).append(" added, ").append(removed.size())
                .append(" removed, ").append(changed.size()).append(" changed");
        list(sb, "added:   ", added);
        list(sb, "removed: ", removed);
        int shown = 0;
        for (Change c : changed) {
            if (shown++ == LIMIT) {
                sb.append("\n  ... and ").append(changed.size() - LIMIT).append(" more changed");
                break;
            }
            sb.append("\n  changed: ").append(c.path());
            c.details().forEach(d -> sb.append("\n      ").append(d));
        }
        return sb.toString();
    }

    /** The same as {@link #describe()}. */
    @Override
    public String toString() {
        return describe();
    }

    private static void list(StringBuilder sb, String label, List<String> paths) {
        for (int i = 0; i < paths.size(); i++) {
            if (i == LIMIT) {
                sb.append("\n  ... and ").append(paths.size() - LIMIT).append(" more ").append(label.trim().replace(":", ""));
                return;
            }
            sb.append("\n  ").append(label).append(paths.get(i));
        }
    }

    private static List<String> details(String path, byte[] expected, byte[] actual) {
        Optional<String> e = utf8(expected);
        Optional<String> a = utf8(actual);
        if (e.isPresent() && a.isPresent()) {
            Optional<List<JsonChange>> json = jsonChanges(path, e.get(), a.get());
            if (json.isPresent()) {
                List<JsonChange> changes = json.get();
                if (changes.isEmpty()) {
                    return List.of("the same JSON values, written differently (" + firstLine(e.get(), a.get()) + ")");
                }
                List<String> lines = new ArrayList<>();
                changes.stream().limit(LIMIT).forEach(c -> lines.add(c.describe()));
                if (changes.size() > LIMIT) {
                    lines.add("... and " + (changes.size() - LIMIT) + " more JSON values");
                }
                return lines;
            }
            return List.of(firstLine(e.get(), a.get()));
        }
        int i = 0;
        while (i < expected.length && i < actual.length && expected[i] == actual[i]) {
            i++;
        }
        return List.of(expected.length + " -> " + actual.length + " bytes, first different byte at offset " + i);
    }

    private static Optional<List<JsonChange>> jsonChanges(String path, String expected, String actual) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".json") && !lower.endsWith(".ipynb") && !lower.endsWith(".map")) {
            return Optional.empty();
        }
        try {
            return Optional.of(json(JSON.readTree(expected), JSON.readTree(actual)));
        } catch (JacksonException ex) {
            return Optional.empty();
        }
    }

    private static String firstLine(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? quote(e.get(i)) : "(no line)";
            String y = i < a.size() ? quote(a.get(i)) : "(no line)";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": " + x + " -> " + y;
            }
        }
        return "only line endings differ";
    }

    private static String quote(String line) {
        return cut('"' + line.replace("\t", "\\t") + '"');
    }

    private static void compare(String pointer, Optional<JsonNode> expected, Optional<JsonNode> actual, List<JsonChange> out) {
        if (expected.isPresent() && actual.isPresent()) {
            JsonNode e = expected.get();
            JsonNode a = actual.get();
            if (e.isObject() && a.isObject()) {
                TreeSet<String> names = new TreeSet<>();
                e.properties().forEach(p -> names.add(p.getKey()));
                a.properties().forEach(p -> names.add(p.getKey()));
                for (String n : names) {
                    compare(pointer + "/" + n.replace("~", "~0").replace("/", "~1"), Optional.ofNullable(e.get(n)),
                            Optional.ofNullable(a.get(n)), out);
                }
                return;
            }
            if (e.isArray() && a.isArray()) {
                for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
                    compare(pointer + "/" + i, Optional.ofNullable(e.get(i)), Optional.ofNullable(a.get(i)), out);
                }
                return;
            }
            if (e.equals(a)) {
                return;
            }
        }
        out.add(new JsonChange(pointer, expected.map(JsonNode::toString), actual.map(JsonNode::toString)));
    }

    private static String cut(String s) {
        return s.length() <= WIDTH ? s : s.substring(0, WIDTH - 3) + "...";
    }

    private static Optional<String> utf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    static Map<String, byte[]> read(Path root) {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        Path bookkeeping = root.resolve(LiteBuild.OUTPUT_BOOKKEEPING);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(f -> Files.isRegularFile(f) && !f.startsWith(bookkeeping)).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
