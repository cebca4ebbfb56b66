package dev.jlite.core.internal.pipeline;

import dev.jlite.core.internal.archive.ArchivesImpl;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.files.FileStat;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What jlite knows of one output folder, kept in the folder itself, under {@value #FOLDER}: which task
 * wrote each file (the manifest), what runs wrote that the manifest does not name yet (the journal), and
 * the lock that keeps two runs out of one output.
 *
 * <p>A path goes into the journal before the file is written, so a run killed at any instant leaves no
 * file of jlite's that jlite cannot tell from a user's. A file that neither the manifest nor the journal
 * names is not jlite's: it is never deleted, and replaced only when the user said to take the folder over.
 * The manifest is replaced atomically; the journal only grows during a run and is emptied when a run ends
 * well, once every file it names is owned by a task or deleted.
 */
final class OutputLedger implements AutoCloseable {

    /** The bookkeeping folder inside the output. */
    static final String FOLDER = ".jlite";
    static final int FORMAT = 2;
    private static final String MANIFEST = "manifest.json";
    private static final String JOURNAL = "journal";
    private static final String LOCK = "lock";

    /** A file jlite wrote: the task that owns it, its size and times then, and where its bytes came from. */
    record Entry(String task, long size, long mtime, long ctime, String origin) {

        /** Whether {@code stat} still describes the file as it was written. */
        boolean matches(FileStat stat) {
            return stat != null && stat.regular() && stat.sameAs(size, mtime, ctime);
        }

        /** The entry of a file just written. */
        static Entry of(String task, FileStat stat, String origin) {
            return new Entry(task, stat.size(), stat.mtime(), stat.ctime(), origin);
        }
    }

    private final Path output;
    private final Path folder;
    private final boolean writable;
    /** Output-relative path -> entry, by path. */
    private final TreeMap<String, Entry> files = new TreeMap<>();
    /** Absolute path of a file outside the output (an archive beside it) -> entry. */
    private final Map<String, Entry> outside = new TreeMap<>();
    /** Paths jlite wrote that no task owns now (from the journal, or released by their owner): jlite's to replace or delete. */
    private final Set<String> unowned = new HashSet<>();
    /**
     * Every path the journal of a run that did not end names, owned or not: such a run may have replaced
     * the file after the manifest last recorded it (an archive renamed into place, then a kill).
     */
    private final Set<String> interrupted = new HashSet<>();
    /** Journal keys written in this run, so each goes in once. */
    private final Set<String> journaled = new HashSet<>();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel journal;
    private String id = "";
    private boolean dirty;

    private OutputLedger(Path output, boolean writable, FileChannel lockChannel, FileLock lock) {
        this.output = output;
        this.folder = output.resolve(FOLDER);
        this.writable = writable;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Reads what is known of {@code output} without changing anything (for status, list and the test kit). */
    static OutputLedger read(Path output) {
        OutputLedger ledger = new OutputLedger(output, false, null, null);
        ledger.load();
        return ledger;
    }

    /**
     * Opens {@code output} for a run that writes: creates it and its bookkeeping folder when needed, takes the
     * lock, and reads the manifest and journal. The caller has checked that the folder may be built into.
     */
    static OutputLedger lock(Path output) {
        Path folder = output.resolve(FOLDER);
        FileChannel channel = null;
        FileLock lock;
        try {
            Files.createDirectories(output);
            FileStat at = FileStat.of(folder);
            if (at != null && !at.directory()) {
                throw new LiteException(folder + " is not a folder jlite made (it is " + (at.link() ? "a symbolic link" : "a file")
                        + "); jlite keeps its bookkeeping there and writes through no link: remove it", folder.toString(), null);
            }
            Files.createDirectories(folder);
            channel = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            close(channel);
            throw new LiteException("cannot write to the output folder " + output + ": " + FileOpsImpl.reason(e)
                    + "; choose another with --output-dir", output.toString(), e);
        }
        if (lock == null) {
            close(channel);
            throw new LiteException("another jlite run is building into " + output + " (it holds " + folder.resolve(LOCK)
                    + "); wait for it to finish, or choose another --output-dir", output.toString(), null);
        }
        OutputLedger ledger = new OutputLedger(output, true, channel, lock);
        ledger.load();
        return ledger;
    }

    /** Whether {@code output} holds a manifest or journal, i.e. jlite built (or began to build) there. */
    static boolean isJliteOutput(Path output) {
        Path folder = output.resolve(FOLDER);
        return Files.isRegularFile(folder.resolve(MANIFEST)) || Files.isRegularFile(folder.resolve(JOURNAL));
    }

    /**
     * What lies in {@code output} besides jlite's bookkeeping: the top-level names, sorted (empty when the
     * folder is missing or empty).
     */
    static List<String> contents(Path output) {
        if (!Files.isDirectory(output)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(output)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(FOLDER)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + output, e);
        }
    }

    /**
     * Every file of the output but jlite's bookkeeping, sorted by code point; a link someone put there that
     * leads out of the output is no file of the site and is left out.
     */
    static List<String> walk(Path output) {
        return FileOpsImpl.walkSite(output, rel -> !rel.equals(FOLDER));
    }

    static boolean isBookkeeping(String rel) {
        return rel.equals(FOLDER) || rel.startsWith(FOLDER + "/");
    }

    private void load() {
        Path manifest = folder.resolve(MANIFEST);
        Path journalFile = folder.resolve(JOURNAL);
        if (isPlainFile(manifest)) {
            try {
                JsonNode root = JsonSupport.instance().parse(Files.readString(manifest, StandardCharsets.UTF_8), manifest.toString());
                if (root.path("format").asInt() == FORMAT) {
                    id = root.path("id").asString("");
                    readEntries(root.path("files"), files);
                    readEntries(root.path("outside"), outside);
                }
            } catch (IOException | LiteException | UncheckedIOException e) {
                // an unreadable manifest names no file: every file of the folder then counts as not jlite's
                files.clear();
                outside.clear();
                id = "";
            }
        }
        if (isPlainFile(journalFile)) {
            // line by line, bytes decoded leniently: a journal cut short by a crash still names what it holds
            try {
                String text = new String(Files.readAllBytes(journalFile), StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    String key = journalKey(line);
                    if (key != null) {
                        interrupted.add(key);
                        if (!owned(key)) {
                            unowned.add(key);
                        }
                    }
                }
            } catch (IOException e) {
                throw new LiteException("cannot read " + journalFile + ": " + FileOpsImpl.reason(e), journalFile.toString(), e);
            }
        }
    }

    /** A journal line is a JSON string; a line cut short by a crash, or naming no path jlite could have written, is skipped. */
    private String journalKey(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JsonSupport.instance().parse(line, "journal");
            return n.isString() && validKey(n.asString()) ? n.asString() : null;
        } catch (LiteException e) {
            return null;
        }
    }

    /**
     * Whether a key read from the bookkeeping names a path jlite could have written: a plain path inside the
     * output, or an absolute, normalized path outside it (which jlite never deletes). Anything else (a
     * {@code ..}, an absolute path among the site's files) is ignored: the bookkeeping may have come with
     * the folder from elsewhere.
     */
    private boolean validKey(String key) {
        if (isOutside(key)) {
            try {
                Path p = output.getFileSystem().getPath(key);
                return p.isAbsolute() && p.normalize().equals(p) && !p.startsWith(output);
            } catch (RuntimeException e) {
                return false;
            }
        }
        try {
            return OutputPaths.normalize(key).equals(key) && !key.isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A regular file, not a link or anything else. */
    private static boolean isPlainFile(Path p) {
        FileStat s = FileStat.of(p);
        return s != null && s.regular();
    }

    private void readEntries(JsonNode node, Map<String, Entry> into) {
        node.properties().forEach(e -> {
            if (!validKey(e.getKey()) || (into == files) == isOutside(e.getKey())) {
                return; // no path jlite writes: ignored
            }
            JsonNode v = e.getValue();
            into.put(e.getKey(), new Entry(v.path(0).asString(""), v.path(1).asLong(), v.path(2).asLong(), v.path(3).asLong(),
                    v.path(4).asString("")));
        });
    }

    /** The manifest's id: a state in the cache that carries another was saved for another history of the folder. */
    String id() {
        return id;
    }

    Path output() {
        return output;
    }

    // --- ownership --------------------------------------------------------------------------------

    /** The key of a path: output-relative for files inside the output, absolute for others. */
    String key(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (p.startsWith(output) && !p.equals(output)) {
            return output.relativize(p).toString().replace('\\', '/');
        }
        return p.toString();
    }

    boolean isOutside(String key) {
        return key.startsWith("/") || output.getFileSystem().getPath(key).isAbsolute();
    }

    private Map<String, Entry> map(String key) {
        return isOutside(key) ? outside : files;
    }

    private boolean owned(String key) {
        return map(key).containsKey(key);
    }

    /** The entry of a path, when a task owns it. */
    Entry entry(String key) {
        return map(key).get(key);
    }

    /** The task owning a path, or null. */
    String owner(String key) {
        Entry e = entry(key);
        return e == null ? null : e.task();
    }

    /** Whether jlite wrote the path but no task owns it now. */
    boolean isUnowned(String key) {
        return unowned.contains(key) && !owned(key);
    }

    /** Whether a run that did not end journaled {@code key}, i.e. was writing it when it stopped. */
    boolean wasInterrupted(String key) {
        return interrupted.contains(key);
    }

    /** Whether a path is jlite's: owned by a task, or written by jlite and owned by none. */
    boolean isJlites(String key) {
        return owned(key) || unowned.contains(key);
    }

    /** {@link #filesOf} by task, made when first asked and dropped at every change. */
    private Map<String, TreeMap<String, Entry>> byTask;

    /** The files inside the output that {@code task} owns, by output-relative path. */
    Map<String, Entry> filesOf(String task) {
        if (byTask == null) {
            byTask = new HashMap<>();
            files.forEach((k, e) -> byTask.computeIfAbsent(e.task(), t -> new TreeMap<>()).put(k, e));
        }
        return new TreeMap<>(byTask.getOrDefault(task, new TreeMap<>()));
    }

    /** jlite's paths in the output (owned or not) that are {@code rel} or lie under it. */
    List<String> jlitesUnder(String rel) {
        List<String> out = new ArrayList<>();
        if (files.containsKey(rel)) {
            out.add(rel);
        }
        Map<String, Entry> under = rel.isEmpty() ? files : files.subMap(rel + "/", rel + "0");
        out.addAll(under.keySet());
        for (String k : unowned) {
            if (!isOutside(k) && !files.containsKey(k) && (k.equals(rel) || rel.isEmpty() || k.startsWith(rel + "/"))) {
                out.add(k);
            }
        }
        return out;
    }

    /** Every task that owns something. */
    Set<String> owners() {
        Set<String> out = new TreeSet<>();
        files.values().forEach(e -> out.add(e.task()));
        outside.values().forEach(e -> out.add(e.task()));
        return out;
    }

    /** Output-relative path -> owning task, sorted. */
    Map<String, String> ownersByFile() {
        Map<String, String> out = new TreeMap<>();
        files.forEach((k, e) -> out.put(k, e.task()));
        return Collections.unmodifiableMap(out);
    }

    /** Absolute path of a file outside the output -> owning task, sorted. */
    Map<String, String> ownersOutside() {
        Map<String, String> out = new TreeMap<>();
        outside.forEach((k, e) -> out.put(k, e.task()));
        return Collections.unmodifiableMap(out);
    }

    /** Every file inside the output that a task owns, sorted by code point. */
    List<String> ownedFiles() {
        List<String> out = new ArrayList<>(files.keySet());
        out.sort(JsonSupport.CODE_POINT_ORDER);
        return out;
    }

    /** Records that {@code key} is owned by {@code entry.task()}. */
    void own(String key, Entry entry) {
        byTask = null;
        Entry before = map(key).put(key, entry);
        unowned.remove(key);
        // the same record again (an archive found as the last run left it) changes nothing to save
        dirty |= !entry.equals(before);
    }

    /** Takes a path from its owner: it stays jlite's (another task may write it; if none does, it is deleted at the end). */
    void release(String key) {
        byTask = null;
        if (map(key).remove(key) != null) {
            markUnowned(key);
            dirty = true;
        }
    }

    /** A path jlite deleted: nobody's any more. */
    void forget(String key) {
        byTask = null;
        if (map(key).remove(key) != null) {
            dirty = true;
        }
        unowned.remove(key);
    }

    /** Whether the manifest changed since it was read or saved. */
    boolean isDirty() {
        return dirty;
    }

    // --- the journal ------------------------------------------------------------------------------

    /** Notes, before it is written, that jlite is about to write {@code key} (once per run). */
    void journal(String key) {
        journal(List.of(key));
    }

    /** {@link #journal(String)} for many paths, in one write. */
    synchronized void journal(List<String> keys) {
        if (!writable) {
            throw new IllegalStateException("the output ledger of " + output + " is read-only");
        }
        StringBuilder lines = new StringBuilder();
        for (String key : keys) {
            if (!owned(key)) {
                unowned.add(key); // jlite's from now on, even if the write that follows fails half-way
            }
            if (journaled.add(key)) {
                lines.append(JsonSupport.instance().format(JsonSupport.instance().tree(key))).append('\n');
            }
        }
        if (lines.length() == 0) {
            return;
        }
        try {
            if (journal == null) {
                journal = FileChannel.open(folder.resolve(JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
            }
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                journal.write(bytes);
            }
        } catch (IOException e) {
            throw new LiteException("cannot write to the output folder " + output + ": " + FileOpsImpl.reason(e),
                    output.toString(), e);
        }
    }

    private void markUnowned(String key) {
        unowned.add(key);
        journal(key); // so that it stays known as jlite's once the manifest no longer names it
    }

    /** Paths jlite wrote that no task owns now, inside the output. */
    List<String> unownedFiles() {
        return unowned.stream().filter(key -> !owned(key) && !isOutside(key)).sorted().toList();
    }

    /**
     * Deletes what jlite wrote and no task owns (what a killed run left, what a task handed over and nobody
     * wrote again). Outside the output, only a file being written before it is moved into place (an
     * archive's {@code .jlite-part}) is deleted: a file there that jlite wrote whole is left where it is.
     */
    void dropUnowned() {
        for (String key : new ArrayList<>(unowned)) {
            if (!owned(key)) {
                if (!isOutside(key)) {
                    deleteFile(key);
                } else if (key.endsWith(ArchivesImpl.PART)) {
                    deletePart(output.getFileSystem().getPath(key));
                }
                unowned.remove(key);
            }
        }
    }

    private static void deletePart(Path part) {
        FileStat s = FileStat.of(part);
        if (s != null && s.regular()) {
            try {
                Files.delete(part);
            } catch (IOException e) {
                throw new LiteException("cannot remove " + part + ", a half-written file a killed run left: "
                        + FileOpsImpl.reason(e), part.toString(), e);
            }
        }
    }

    /** {@link #dropUnowned}, then removes the journal: every file it named is now owned or gone. */
    void finish() {
        dropUnowned();
        try {
            close(journal);
            journal = null;
            Files.deleteIfExists(folder.resolve(JOURNAL));
            journaled.clear();
        } catch (IOException e) {
            throw new LiteException("cannot remove the journal of " + output + ": " + FileOpsImpl.reason(e), output.toString(), e);
        }
    }

    /**
     * Deletes one of jlite's files inside the output, and the folders it leaves empty; never through a
     * symbolic link: when one stands between the output and the file, nothing is deleted and the build
     * fails, naming the link.
     */
    void deleteFile(String rel) {
        Path file = output.resolve(rel);
        for (Path dir = output.resolve(rel).getParent(); dir != null && dir.startsWith(output) && !dir.equals(output);
                dir = dir.getParent()) {
            FileStat d = FileStat.of(dir);
            if (d == null) {
                return; // a folder on the way is gone, and the file with it
            }
            if (!d.directory()) {
                throw new LiteException(dir + (d.link() ? " is a symbolic link" : " is no longer a folder") + " inside the output "
                        + "folder, where jlite wrote " + rel + "; jlite deletes nothing through it: remove it", dir.toString(), null);
            }
        }
        try {
            FileStat a = FileStat.of(file);
            if (a != null && !a.directory()) {
                Files.delete(file);
            }
            Path dir = file.getParent();
            while (dir != null && dir.startsWith(output) && !dir.equals(output)) {
                try {
                    Files.delete(dir);
                } catch (DirectoryNotEmptyException e) {
                    break;
                } catch (NoSuchFileException e) {
                    // already gone; keep climbing
                } catch (IOException e) {
                    break; // not a folder, or not ours to remove: leave it
                }
                dir = dir.getParent();
            }
        } catch (IOException e) {
            throw new LiteException("cannot remove " + file + ", which jlite wrote and no longer writes: "
                    + FileOpsImpl.reason(e), file.toString(), e);
        }
    }

    // --- saving -----------------------------------------------------------------------------------

    /** A fresh id for the next save; the state in the cache is saved with it first. */
    String nextId() {
        return UUID.randomUUID().toString();
    }

    /** Writes the manifest atomically under {@code newId}. */
    void save(String newId) {
        JsonSupport json = JsonSupport.instance();
        ObjectNode root = json.object();
        root.put("format", FORMAT);
        root.put("id", newId);
        write(root.putObject("files"), files);
        write(root.putObject("outside"), outside);
        Path target = folder.resolve(MANIFEST);
        Path temp = folder.resolve(MANIFEST + ".tmp");
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(temp); // a link there is removed, not written through
            Files.write(temp, json.bytes(root), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileOpsImpl.moveReplacing(temp, target);
        } catch (IOException e) {
            throw new LiteException("cannot save the manifest of " + output + ": " + FileOpsImpl.reason(e), output.toString(), e);
        }
        id = newId;
        dirty = false;
    }

    private static void write(ObjectNode into, Map<String, Entry> entries) {
        entries.forEach((k, e) -> {
            ArrayNode a = into.putArray(k);
            a.add(e.task()).add(e.size()).add(e.mtime()).add(e.ctime()).add(e.origin());
        });
    }

    @Override
    public void close() {
        close(journal);
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
