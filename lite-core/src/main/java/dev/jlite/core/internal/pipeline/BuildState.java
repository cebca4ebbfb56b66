package dev.jlite.core.internal.pipeline;

import dev.jlite.core.internal.files.DigestCache;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the last runs into one output directory worked out: per task, its fingerprint, what it wrote to
 * the store and what it reported; plus the digests of input files by path, size and time. Kept in the
 * cache directory under a digest of the output path, so it never ends up in the site. Which files each
 * task owns is the output's own record ({@link OutputLedger}); a state saved with another id than the
 * output's manifest belongs to another history of the folder, and only its digests are used.
 */
final class BuildState {

    static final int FORMAT = 3;

    /** What one task left. */
    static final class TaskRecord {
        String fingerprint = "";
        final List<String> produced = new ArrayList<>();
        final Map<String, JsonNode> keys = new TreeMap<>();
        final Map<String, List<JsonNode>> lists = new TreeMap<>();
        final List<JsonNode> diagnostics = new ArrayList<>();
        /** (the base layer) What it left out because another task writes there: {@code root:<path>} or {@code file:<path>}. */
        final List<String> excluded = new ArrayList<>();
    }

    final Map<String, TaskRecord> tasks = new TreeMap<>();
    private final Map<String, DigestCache.Known> digests = new TreeMap<>();
    private final Path file;

    /** Whether a state was read from disk or written there. */
    private boolean persisted;

    /** Whether anything changed since the state was read or last saved (see {@link #touch}). */
    private boolean dirty;

    /** Whether the state was saved with the id of the output's manifest, i.e. follows the output's history. */
    private boolean trusted;

    private BuildState(Path file) {
        this.file = file;
    }

    /** The state folder of an output directory. */
    static Path folder(Path cacheDir, Path outputDir) {
        byte[] digest = FileOpsImpl.sha256().digest(outputDir.toAbsolutePath().normalize().toString()
                .getBytes(StandardCharsets.UTF_8));
        return cacheDir.resolve("builds").resolve(HexFormat.of().formatHex(digest, 0, 10));
    }

    /**
     * Reads the state of {@code outputDir}; its tasks only when it was saved with {@code id}, the id of the
     * output's manifest (an unreadable or foreign state only costs a full build).
     */
    static BuildState open(Path cacheDir, Path outputDir, String id) {
        BuildState state = new BuildState(folder(cacheDir, outputDir).resolve("state.json"));
        state.load(outputDir, id);
        return state;
    }

    /** The digests this state remembers, by absolute path. */
    Map<String, DigestCache.Known> digests() {
        return digests;
    }

    private void load(Path outputDir, String id) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        JsonNode root;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            root = JsonSupport.instance().parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
        } catch (LiteException | UncheckedIOException | IOException e) {
            return;
        }
        if (root.path("format").asInt() != FORMAT || !outputDir.toAbsolutePath().normalize().toString()
                .equals(root.path("output").asString(""))) {
            return;
        }
        root.path("digests").properties().forEach(e -> digests.put(e.getKey(), new DigestCache.Known(
                e.getValue().path(0).asLong(), e.getValue().path(1).asLong(), e.getValue().path(2).asLong(),
                e.getValue().path(3).asString(), e.getValue().path(4).asString())));
        persisted = true;
        if (id.isEmpty() || !id.equals(root.path("id").asString(""))) {
            touch(); // the output's record has moved on (or is gone): nothing of the tasks can be trusted
            return;
        }
        trusted = true;
        root.path("tasks").properties().forEach(e -> {
            JsonNode t = e.getValue();
            TaskRecord r = new TaskRecord();
            r.fingerprint = t.path("fingerprint").asString("");
            t.path("produced").forEach(p -> r.produced.add(p.asString()));
            t.path("keys").properties().forEach(k -> r.keys.put(k.getKey(), k.getValue()));
            t.path("lists").properties().forEach(k -> r.lists.put(k.getKey(), List.copyOf(k.getValue().values())));
            t.path("diagnostics").forEach(r.diagnostics::add);
            t.path("excluded").forEach(x -> r.excluded.add(x.asString()));
            tasks.put(e.getKey(), r);
        });
    }

    /**
     * Marks the state changed. Every change to {@link #tasks} must call it: a state read from disk and never
     * touched is not even serialized again when saved.
     */
    void touch() {
        dirty = true;
    }

    boolean isDirty() {
        return dirty;
    }

    /** Writes the state atomically under {@code id}, with the digests this build used. */
    void save(Path outputDir, String id, Map<String, DigestCache.Known> used) {
        JsonSupport json = JsonSupport.instance();
        ObjectNode root = json.object();
        root.put("format", FORMAT);
        root.put("id", id);
        root.put("output", outputDir.toAbsolutePath().normalize().toString());
        ObjectNode d = root.putObject("digests");
        used.forEach((path, k) -> d.putArray(path).add(k.size()).add(k.mtime()).add(k.ctime()).add(k.sha256()).add(k.md5()));
        ObjectNode t = root.putObject("tasks");
        tasks.forEach((name, r) -> {
            ObjectNode n = t.putObject(name);
            n.put("fingerprint", r.fingerprint);
            var produced = n.putArray("produced");
            r.produced.forEach(produced::add);
            ObjectNode keys = n.putObject("keys");
            r.keys.forEach(keys::set);
            ObjectNode lists = n.putObject("lists");
            r.lists.forEach((k, values) -> lists.putArray(k).addAll(values));
            n.putArray("diagnostics").addAll(r.diagnostics);
            if (!r.excluded.isEmpty()) {
                var excluded = n.putArray("excluded");
                r.excluded.forEach(excluded::add);
            }
        });
        byte[] bytes = json.bytes(root);
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling("state.json.tmp");
            Files.write(temp, bytes);
            FileOpsImpl.moveReplacing(temp, file);
            persisted = true;
            dirty = false;
        } catch (IOException e) {
            throw new LiteException("cannot save the build state in " + file + ": " + FileOpsImpl.reason(e)
                    + "; free some space, or choose another --cache-dir", file.toString(), e);
        }
    }

    /** Whether the state was saved with the id of the output's manifest (else only its digests of inputs are used). */
    boolean trusted() {
        return trusted;
    }

    /** Whether a state was read from disk. */
    boolean wasRead() {
        return persisted;
    }
}
