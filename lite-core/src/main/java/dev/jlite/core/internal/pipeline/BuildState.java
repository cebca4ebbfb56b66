package dev.jlite.core.internal.pipeline;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the last runs into one output directory left behind: per task, its fingerprint, the files it
 * owns, what it wrote to the store and what it reported; plus a cache of input digests keyed by path,
 * size and time. Kept in the cache directory under a digest of the output path, so it never ends up in
 * the site, and one output directory never sees another's state.
 */
final class BuildState implements AutoCloseable {

    static final int FORMAT = 1;

    /** What one task left. */
    static final class TaskRecord {
        String fingerprint = "";
        /** Output-relative path -> [size, mtime millis]. */
        final Map<String, long[]> outputs = new TreeMap<>();
        final java.util.List<String> produced = new java.util.ArrayList<>();
        final Map<String, JsonNode> keys = new TreeMap<>();
        final Map<String, java.util.List<JsonNode>> lists = new TreeMap<>();
        final java.util.List<JsonNode> diagnostics = new java.util.ArrayList<>();
    }

    /** A digest known for a path with a given size and time. */
    record Digest(long size, long mtime, String sha256) {
    }

    final Map<String, TaskRecord> tasks = new TreeMap<>();
    final Map<String, Digest> digests = new TreeMap<>();
    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;

    /** The state file's bytes as last read or written. */
    private byte[] persisted = new byte[0];

    /** Whether anything changed since the state was read or last saved (see {@link #touch}). */
    private boolean dirty;

    private BuildState(Path file, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** The state folder of an output directory. */
    static Path folder(Path cacheDir, Path outputDir) {
        byte[] digest = FileOpsImpl.sha256().digest(outputDir.toAbsolutePath().normalize().toString()
                .getBytes(StandardCharsets.UTF_8));
        return cacheDir.resolve("builds").resolve(HexFormat.of().formatHex(digest, 0, 10));
    }

    /** Opens (and locks, when {@code exclusive}) the state of {@code outputDir}. */
    static BuildState open(Path cacheDir, Path outputDir, boolean exclusive) {
        Path folder = folder(cacheDir, outputDir);
        Path file = folder.resolve("state.json");
        FileChannel channel = null;
        FileLock lock = null;
        if (exclusive) {
            try {
                Files.createDirectories(folder);
                channel = FileChannel.open(folder.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            } catch (IOException e) {
                throw new LiteException("cannot use the cache directory " + cacheDir + ": " + e.getMessage()
                        + "; choose another with --cache-dir", cacheDir.toString(), e);
            }
            if (lock == null) {
                close(channel);
                throw new LiteException("another jlite run is building into " + outputDir
                        + "; wait for it to finish, or choose another --output-dir", outputDir.toString(), null);
            }
        }
        BuildState state = new BuildState(file, channel, lock);
        state.load(outputDir);
        return state;
    }

    private void load(Path outputDir) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        JsonNode root;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            root = JsonSupport.instance().parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), file.toString());
        } catch (LiteException | UncheckedIOException | IOException e) {
            return; // an unreadable state only costs a full build
        }
        if (root.path("format").asInt() != FORMAT || !outputDir.toAbsolutePath().normalize().toString()
                .equals(root.path("output").asString(""))) {
            return;
        }
        root.path("digests").properties().forEach(e -> digests.put(e.getKey(), new Digest(
                e.getValue().path(0).asLong(), e.getValue().path(1).asLong(), e.getValue().path(2).asString())));
        root.path("tasks").properties().forEach(e -> {
            JsonNode t = e.getValue();
            TaskRecord r = new TaskRecord();
            r.fingerprint = t.path("fingerprint").asString("");
            t.path("outputs").properties().forEach(o -> r.outputs.put(o.getKey(),
                    new long[] {o.getValue().path(0).asLong(), o.getValue().path(1).asLong()}));
            t.path("produced").forEach(p -> r.produced.add(p.asString()));
            t.path("keys").properties().forEach(k -> r.keys.put(k.getKey(), k.getValue()));
            t.path("lists").properties().forEach(k -> {
                java.util.List<JsonNode> values = new java.util.ArrayList<>();
                k.getValue().forEach(values::add);
                r.lists.put(k.getKey(), values);
            });
            t.path("diagnostics").forEach(r.diagnostics::add);
            tasks.put(e.getKey(), r);
        });
        persisted = bytes;
    }

    /**
     * Marks the state changed. Every change to {@link #tasks} or {@link #digests} must call it: a state
     * read from disk and never touched is not even serialized again when saved.
     */
    void touch() {
        dirty = true;
    }

    /** Writes the state atomically, when it changed. */
    void save(Path outputDir) {
        if (!dirty && persisted.length > 0) {
            return; // as read: a no-op build neither writes nor re-serializes it
        }
        JsonSupport json = JsonSupport.instance();
        ObjectNode root = json.object();
        root.put("format", FORMAT);
        root.put("output", outputDir.toAbsolutePath().normalize().toString());
        ObjectNode d = root.putObject("digests");
        digests.forEach((path, digest) -> d.putArray(path).add(digest.size()).add(digest.mtime()).add(digest.sha256()));
        ObjectNode t = root.putObject("tasks");
        tasks.forEach((id, r) -> {
            ObjectNode n = t.putObject(id);
            n.put("fingerprint", r.fingerprint);
            ObjectNode outs = n.putObject("outputs");
            r.outputs.forEach((rel, v) -> outs.putArray(rel).add(v[0]).add(v[1]));
            var produced = n.putArray("produced");
            r.produced.forEach(produced::add);
            ObjectNode keys = n.putObject("keys");
            r.keys.forEach(keys::set);
            ObjectNode lists = n.putObject("lists");
            r.lists.forEach((k, values) -> {
                var array = lists.putArray(k);
                values.forEach(array::add);
            });
            var diags = n.putArray("diagnostics");
            r.diagnostics.forEach(diags::add);
        });
        byte[] bytes = json.bytes(root);
        if (java.util.Arrays.equals(bytes, persisted)) {
            dirty = false;
            return; // nothing changed since it was read or last written: a no-op build writes nothing
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling("state.json.tmp");
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            persisted = bytes;
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the build state in " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // released when the channel closes
        }
        close(lockChannel);
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }
}
