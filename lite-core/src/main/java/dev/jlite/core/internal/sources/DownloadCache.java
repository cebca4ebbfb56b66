package dev.jlite.core.internal.sources;

import dev.jlite.core.internal.Host;
import dev.jlite.core.internal.files.CacheLock;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The download cache, shared by every build that uses the cache folder:
 * <pre>
 *   downloads/&lt;sha256&gt;/&lt;file name&gt;   content, by digest
 *   sources/&lt;key digest&gt;.json          which digest (and name) a source gave
 *   locks/&lt;key digest&gt;.lock            held while one process fetches a source
 *   tmp/                               downloads in progress (moved into place when whole)
 * </pre>
 * Entries appear by atomic rename, so a reader never sees half a file, and two builds fetching the same
 * source at once do it once (threads wait on a monitor, processes on a file lock).
 */
final class DownloadCache {

    /** What the index says of a source. */
    record Entry(String key, String sha256, String fileName, long size) {
    }

    private final Path root;

    DownloadCache(Path cacheDir) {
        this.root = cacheDir;
    }

    /** The cached file of a source, when the index knows it and the file is whole. */
    Optional<Path> lookup(String key) {
        return entry(key).flatMap(e -> {
            Path file = blob(e.sha256(), e.fileName());
            try {
                return Files.isRegularFile(file) && Files.size(file) == e.size() ? Optional.of(file) : Optional.empty();
            } catch (IOException x) {
                return Optional.empty();
            }
        });
    }

    Optional<Entry> entry(String key) {
        Path index = indexFile(key);
        if (!Files.isRegularFile(index)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JsonSupport.instance().read(index);
            if (!key.equals(n.path("key").asString(""))) {
                return Optional.empty();
            }
            return Optional.of(new Entry(key, n.path("sha256").asString(""), n.path("file").asString(""), n.path("size").asLong(-1)));
        } catch (LiteException | UncheckedIOException e) {
            return Optional.empty(); // a damaged index entry only costs a new download
        }
    }

    /** A file with this content, whatever source gave it. */
    Optional<Path> byDigest(String sha256) {
        Path dir = root.resolve("downloads").resolve(sha256);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * A download's file untouched for this long belongs to no live download: each gets a byte at least
     * every {@code http_timeout} (an hour at most), or fails and removes its file. What a killed run left
     * is removed after it.
     */
    static final Duration ABANDONED = Duration.ofHours(2);

    /** A fresh temporary file for a download, on the cache's file system; abandoned ones are removed. */
    Path newTemp() {
        try {
            Path dir = Files.createDirectories(root.resolve("tmp"));
            removeAbandoned(dir);
            return dir.resolve(UUID.randomUUID() + ".part");
        } catch (IOException e) {
            throw new LiteException("cannot write to the cache folder " + root + ": " + FileOpsImpl.reason(e)
                    + "; choose another with --cache-dir", root.toString(), e);
        }
    }

    private static void removeAbandoned(Path dir) {
        long before = Host.clock().millis() - ABANDONED.toMillis(); // the real time: file times are real
        try (Stream<Path> parts = Files.list(dir)) {
            for (Path p : parts.filter(f -> f.getFileName().toString().endsWith(".part")).toList()) {
                try {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < before) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // gone meanwhile, or not ours to judge: left
                }
            }
        } catch (IOException e) {
            // nothing to clean
        }
    }

    /**
     * Moves a finished, verified download into place and records it for {@code key}; returns the cached file.
     * Both steps are atomic renames: a reader sees the whole file or none, and a rename that lands on a
     * file another process put there replaces bytes with the same bytes (the name is their digest).
     */
    Path store(String key, Path temp, String sha256, String fileName, long size) {
        Path file = blob(sha256, fileName);
        try {
            Files.createDirectories(file.getParent());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(temp); // the same bytes arrived before
            }
            writeEntry(new Entry(key, sha256, fileName, size));
            return file;
        } catch (IOException e) {
            throw new LiteException("cannot store a download in the cache at " + file + ": " + FileOpsImpl.reason(e)
                    + "; free some space or make it writable, or choose another cache folder (--cache-dir)", file.toString(), e);
        }
    }

    /** Records that {@code key} gives an already cached file. */
    void remember(String key, Path file, String sha256) {
        try {
            writeEntry(new Entry(key, sha256, file.getFileName().toString(), Files.size(file)));
        } catch (IOException e) {
            throw new LiteException("cannot write to the cache at " + root + ": " + FileOpsImpl.reason(e)
                    + "; free some space or make it writable, or choose another cache folder (--cache-dir)", root.toString(), e);
        }
    }

    private void writeEntry(Entry e) throws IOException {
        JsonSupport json = JsonSupport.instance();
        ObjectNode n = json.object();
        n.put("key", e.key());
        n.put("sha256", e.sha256());
        n.put("file", e.fileName());
        n.put("size", e.size());
        Path index = indexFile(e.key());
        Files.createDirectories(index.getParent());
        Path temp = index.resolveSibling(index.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.write(temp, json.bytes(n));
        FileOpsImpl.moveReplacing(temp, index);
    }

    /**
     * Runs {@code fetch} while holding {@code key}'s lock: one thread of this JVM, and one process, at a
     * time. Callers check the cache again inside, since another holder may have fetched it meanwhile.
     */
    <T> T locked(String key, Supplier<T> fetch) {
        return CacheLock.holding(root.resolve("locks").resolve(digest(key) + ".lock"), fetch);
    }

    void discard(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // a leftover temp file is harmless
        }
    }

    private Path blob(String sha256, String fileName) {
        return root.resolve("downloads").resolve(sha256).resolve(fileName);
    }

    private Path indexFile(String key) {
        return root.resolve("sources").resolve(digest(key) + ".json");
    }

    static String digest(String key) {
        return HexFormat.of().formatHex(FileOpsImpl.sha256().digest(key.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }
}
