package dev.jlite.core.internal.pipeline;

import dev.jlite.core.internal.archive.ArchivesImpl;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.files.FileStat;
import dev.jlite.core.spi.FileOps;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The file operations of one task run. A write into the output must lie in the task's declared outputs (a
 * base layer's, where no other task writes); the path goes into the output's journal before the file is
 * written; a file jlite did not write is never replaced unless the folder is being taken over, and never
 * deleted; no write goes through a symbolic link. A file the task wrote last time from the same bytes, and
 * that nobody touched since, is kept as it is instead of written again (not with {@code --force}).
 */
final class TaskFiles implements FileOps {

    /** What a task may write and how. */
    record Rules(String task, List<String> roots, boolean baseLayer, Predicate<String> claimedElsewhere,
                 Set<String> outsideFiles, boolean takeOver, boolean rewrite) {
    }

    private final FileOpsImpl files;
    private final OutputLedger ledger;
    private final Rules rules;
    private final Path output;
    private final Path cache;
    private final Consumer<String> warn;
    /** What the task wrote (or kept) in this run: ledger key -> entry. */
    final Map<String, OutputLedger.Entry> written = new LinkedHashMap<>();
    /** Folders known to be real folders (not links) in this run. */
    private final Set<Path> checkedFolders = new HashSet<>();
    /** The task's declared roots, for lookups. */
    private final Set<String> roots;

    TaskFiles(FileOpsImpl files, OutputLedger ledger, Rules rules, Path cache, Consumer<String> warn) {
        this.files = files;
        this.ledger = ledger;
        this.rules = rules;
        this.output = ledger.output();
        this.cache = cache.toAbsolutePath().normalize();
        this.warn = warn;
        this.roots = Set.copyOf(rules.roots());
    }

    // --- writes -----------------------------------------------------------------------------------

    @Override
    public void copy(Path source, Path target) {
        String key = admit(target);
        if (key == null) {
            files.copy(source, target);
            return;
        }
        String origin = origin(source);
        if (keep(key, target, origin)) {
            return;
        }
        replacing(key, target, "copy " + source + " to", into -> {
            files.copy(source, into);
            return null;
        });
        record(key, target, origin);
    }

    @Override
    public void write(Path target, byte[] content) {
        String key = admit(target);
        if (key == null) {
            files.write(target, content);
            return;
        }
        String origin = "=" + shortHash(content);
        if (keep(key, target, origin)) {
            return;
        }
        replacing(key, target, "write", into -> {
            files.write(into, content);
            return null;
        });
        record(key, target, origin);
    }

    @Override
    public Map<String, String> copyWithDigests(Path source, Path target, String... algorithms) {
        String key = admit(target);
        if (key == null) {
            return files.copyWithDigests(source, target, algorithms);
        }
        String origin = origin(source);
        if (keep(key, target, origin)) {
            return files.digests(source, algorithms);
        }
        Map<String, String> digests = replacing(key, target, "copy " + source + " to",
                into -> files.copyWithDigests(source, into, algorithms));
        record(key, target, origin);
        return digests;
    }

    /** The longest file name written through a part file: its part's name must stay within 255 bytes. */
    private static final int MAX_REPLACED_NAME = 200;

    /**
     * Writes a file of the output whole or not at all: into {@code .<name>.jlite-part} beside it (journaled
     * first, so that what a killed run leaves there is known as jlite's and removed), then renamed over it.
     * A write that fails (a full disk) leaves the file as it was, and no part behind.
     */
    private <T> T replacing(String key, Path target, String what, Function<Path, T> write) {
        if (ledger.isOutside(key) || target.getFileName().toString().getBytes(StandardCharsets.UTF_8).length > MAX_REPLACED_NAME) {
            return write.apply(target);
        }
        Path part = ArchivesImpl.partFile(target);
        String partKey = ledger.key(part);
        if (!ledger.isJlites(partKey) && FileStat.of(part) != null) {
            throw new LiteException(part + " is in the way: jlite did not write it, and writes " + target.getFileName()
                    + " through it; move it away", part.toString(), null);
        }
        ledger.journal(partKey);
        try {
            T result = write.apply(part);
            FileOpsImpl.moveReplacing(part, target);
            return result;
        } catch (IOException e) {
            removePart(part);
            throw new UncheckedIOException("cannot " + what + " " + target + ": " + FileOpsImpl.reason(e), e);
        } catch (UncheckedIOException e) {
            removePart(part);
            // said of the file being written, not of its part
            throw new UncheckedIOException("cannot " + what + " " + target + ": " + FileOpsImpl.reason(e.getCause()), e.getCause());
        } catch (RuntimeException e) {
            removePart(part);
            throw e;
        }
    }

    private static void removePart(Path part) {
        FileStat s = FileStat.of(part);
        if (s != null && s.regular()) {
            try {
                Files.delete(part);
            } catch (IOException e) {
                // left for the next run, which knows it from the journal
            }
        }
    }

    @Override
    public void delete(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (p.equals(output)) {
            throw new IllegalStateException("task " + rules.task() + " deletes the whole output folder; a task deletes only "
                    + "what it wrote");
        }
        if (p.startsWith(output)) {
            String rel = ledger.key(p);
            for (String key : ledger.jlitesUnder(rel)) {
                String owner = ledger.owner(key);
                if (owner == null || owner.equals(rules.task())) {
                    ledger.deleteFile(key);
                    ledger.forget(key);
                }
            }
            for (String key : new ArrayList<>(written.keySet())) {
                if (key.equals(rel) || rel.isEmpty() || key.startsWith(rel + "/")) {
                    ledger.deleteFile(key);
                    written.remove(key);
                }
            }
            return; // what is left there is another task's or not jlite's: it stays
        }
        if (p.startsWith(cache)) {
            files.delete(p);
            return;
        }
        throw new IllegalStateException("task " + rules.task() + " deletes " + p + ", outside the output folder and the cache");
    }

    /**
     * Checks a write and notes it in the journal. Returns the ledger key of a path in the output or of a
     * declared file outside it, or null for the cache.
     */
    private String admit(Path target) {
        Path t = target.toAbsolutePath().normalize();
        if (!t.startsWith(output) || t.equals(output)) {
            String key = t.toString();
            if (rules.outsideFiles().contains(key)) {
                return key; // journaled by the pipeline before the task ran
            }
            if (t.startsWith(cache)) {
                return null;
            }
            throw new IllegalStateException("task " + rules.task() + " writes " + t + ", outside the output folder, the cache "
                    + "and its declared outputs; write in the site, declared with output(...) or outputs(...)");
        }
        String rel = ledger.key(t);
        if (OutputLedger.isBookkeeping(rel)) {
            throw new IllegalStateException("task " + rules.task() + " writes " + rel + ", jlite's own bookkeeping");
        }
        if (rules.baseLayer() ? rules.claimedElsewhere().test(rel) : !covered(rel)) {
            throw new IllegalStateException("task " + rules.task() + " writes " + rel + ", which is "
                    + (rules.baseLayer() ? "another task's output (a base layer leaves out what CoreTasks.claimed names)"
                    : "outside its declared outputs " + rules.roots() + "; declare it with output(...) or outputs(...)"));
        }
        String owner = ledger.owner(rel);
        if (owner != null && !owner.equals(rules.task())) {
            // left by a task that no longer writes here (declared outputs never overlap in one run)
            ledger.release(rel);
        }
        checkFolders(t);
        if (!ledger.isJlites(rel)) {
            FileStat a = FileStat.of(t);
            if (a != null) {
                if (!rules.takeOver() || a.directory()) {
                    throw new LiteException(t + " is in the way: jlite did not write it (it was in the output folder before "
                            + "jlite built there); move it away" + (a.directory() ? "" : ", or build with --take-over-output to "
                            + "let jlite replace it"), t.toString(), null);
                }
                warn.accept("replacing " + rel + ", which jlite did not write (--take-over-output)");
                if (!a.regular()) {
                    deleteLink(t);
                }
            }
            ledger.journal(rel);
        } else {
            FileStat a = FileStat.of(t);
            if (a != null && a.link()) {
                deleteLink(t); // someone put a link where jlite's file was: jlite writes the file, not through the link
            }
        }
        return rel;
    }

    /** Whether {@code rel} is one of the task's roots or lies under one: its parent folders looked up, not every root. */
    private boolean covered(String rel) {
        return roots.contains(rel) || roots.contains("") || OutputPaths.parents(rel).stream().anyMatch(roots::contains);
    }

    /** The folders between the output and {@code target} are real folders, or missing (they are then created). */
    private void checkFolders(Path target) {
        List<Path> chain = new ArrayList<>();
        for (Path dir = target.getParent(); dir != null && !dir.equals(output) && dir.startsWith(output); dir = dir.getParent()) {
            if (checkedFolders.contains(dir)) {
                break;
            }
            chain.add(dir);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Path dir = chain.get(i);
            FileStat a = FileStat.of(dir);
            if (a == null) {
                checkedFolders.add(dir);
                continue; // created by the write
            }
            if (a.link()) {
                throw new LiteException(dir + " is a symbolic link inside the output folder; jlite does not write through links: "
                        + "remove it (the next build writes a folder there)", dir.toString(), null);
            }
            if (!a.directory()) {
                String key = ledger.key(dir);
                String owner = ledger.owner(key);
                if (ledger.isJlites(key) && (owner == null || owner.equals(rules.task()))) {
                    ledger.deleteFile(key); // a file jlite wrote where the site now has a folder
                    ledger.forget(key);
                    written.remove(key);
                    checkedFolders.add(dir);
                    continue;
                }
                throw new LiteException(dir + " is a file where jlite needs a folder (for " + output.relativize(target)
                        + "); move it away", dir.toString(), null);
            }
            checkedFolders.add(dir);
        }
    }

    private static void deleteLink(Path t) {
        try {
            Files.deleteIfExists(t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + t + ": " + FileOpsImpl.reason(e), e);
        }
    }

    /** Whether the file the task wrote last time from the same origin is still there untouched (then it is kept). */
    private boolean keep(String key, Path target, String origin) {
        if (rules.rewrite() || origin.isEmpty()) {
            return false;
        }
        OutputLedger.Entry e = ledger.entry(key);
        if (e == null || !e.task().equals(rules.task()) || !e.origin().equals(origin) || !e.matches(FileStat.of(target))) {
            return false;
        }
        written.put(key, e);
        return true;
    }

    private void record(String key, Path target, String origin) {
        FileStat a = FileStat.of(target);
        if (a == null) {
            throw new IllegalStateException(target + " is missing right after it was written");
        }
        files.digestCache().forget(target); // what was known of the file before stands for nothing now
        written.put(key, OutputLedger.Entry.of(rules.task(), a, origin));
    }

    /**
     * Where a copy's bytes come from: the source's path, size, times and mode, which stand for its content
     * once it has been left alone for a moment ({@link FileStat#settled}); empty (never kept) before that.
     */
    private static String origin(Path source) {
        FileStat a = FileStat.following(source);
        if (a == null || !a.settled()) {
            return ""; // unreadable (the copy that follows names the problem), or too fresh to vouch for its content
        }
        String id = source.toAbsolutePath().normalize() + "\0" + a.size() + "\0" + a.mtime() + "\0" + a.ctime() + "\0"
                + a.permissions();
        return shortHash(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String shortHash(byte[] bytes) {
        return HexFormat.of().formatHex(FileOpsImpl.sha256().digest(bytes), 0, 16);
    }

    // --- reads ------------------------------------------------------------------------------------

    @Override
    public List<String> walk(Path root) {
        Path r = root.toAbsolutePath().normalize();
        return r.equals(output) ? OutputLedger.walk(r) : files.walk(root);
    }

    @Override
    public String sha256(Path file) {
        return files.sha256(file);
    }

    @Override
    public Map<String, String> digests(Path file, String... algorithms) {
        return files.digests(file, algorithms);
    }

    @Override
    public Instant time(Path file) {
        return files.time(file);
    }
}
