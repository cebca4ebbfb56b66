package dev.jlite.core.internal.files;

import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The SHA-256 and MD5 of files, by path, size and times ({@link FileStat}), for one build (and, through the
 * build state, for the next builds of the same output). A file is read once for both digests, and not again
 * while its size and times stay the same; a file changed in the last moments is not remembered
 * ({@link FileStat#settled}), and one jlite writes is forgotten ({@link #forget}).
 */
public final class DigestCache {

    /** A SHA-256 in lower-case hex, as jlite writes and expects it. */
    public static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** The digests of a file as it was, with its size and times in nanoseconds. */
    public record Known(long size, long mtime, long ctime, String sha256, String md5) {

        /** Whether the file still has this size and these times. */
        boolean fits(FileStat stat) {
            return stat.sameAs(size, mtime, ctime);
        }
    }

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private volatile boolean changed;

    /** An empty cache. */
    public DigestCache() {
    }

    /** Takes in what an earlier build remembered, by absolute path (what this build learned wins). */
    public void recall(Map<String, Known> remembered) {
        remembered.forEach(known::putIfAbsent);
    }

    /** What is worth keeping for the next build: what this build used, by path, sorted. */
    public Map<String, Known> used() {
        Map<String, Known> out = new TreeMap<>();
        for (String k : used) {
            Known v = known.get(k);
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    /**
     * Whether a digest was taken or changed since it was read, leaving aside those that were only not used:
     * a run that needs none of them anew has nothing to save (they are pruned by the next save).
     */
    public boolean learned() {
        return changed;
    }

    private static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    /** The digests of a file, from memory when its size and times still fit. */
    public Known of(Path file) {
        FileStat stat = FileStat.following(file);
        if (stat == null) {
            throw new LiteException(file + " does not exist", file.toString(), null);
        }
        return of(file, stat);
    }

    /** The digests of a file whose stat was just read, from memory when it still fits. */
    public Known of(Path file, FileStat stat) {
        String key = key(file);
        used.add(key);
        Known k = known.get(key);
        if (k != null && k.fits(stat)) {
            return k;
        }
        Map<String, String> d = read(file, "SHA-256", "MD5");
        Known fresh = new Known(stat.size(), stat.mtime(), stat.ctime(), d.get("SHA-256"), d.get("MD5"));
        remember(key, fresh, stat);
        return fresh;
    }

    /** The digests of a file, when known for its current size and times, without reading it. */
    public Optional<Known> peek(Path file, FileStat stat) {
        String key = key(file);
        Known k = known.get(key);
        if (k != null && k.fits(stat)) {
            used.add(key);
            return Optional.of(k);
        }
        return Optional.empty();
    }

    /** Digests taken while copying the file (so it was read anyway). */
    void learn(Path file, FileStat stat, String sha256, String md5) {
        String key = key(file);
        used.add(key);
        remember(key, new Known(stat.size(), stat.mtime(), stat.ctime(), sha256, md5), stat);
    }

    /** Forgets a file jlite is writing: what was known of an earlier version must not stand for the new one. */
    public void forget(Path file) {
        if (known.remove(key(file)) != null) {
            changed = true;
        }
    }

    /** Forgets every file under {@code folder} (e.g. an output whose history the state does not follow). */
    public void forgetUnder(Path folder) {
        String prefix = key(folder) + folder.getFileSystem().getSeparator();
        if (known.keySet().removeIf(k -> k.startsWith(prefix))) {
            changed = true;
        }
    }

    private void remember(String key, Known k, FileStat stat) {
        if (stat.settled()) {
            known.put(key, k);
            changed = true;
        } else if (known.remove(key) != null) {
            changed = true; // too fresh to vouch for its content by size and times: read again next time
        }
    }

    /** Reads a file once for every digest asked, as lower-case hex by algorithm name. */
    static Map<String, String> read(Path file, String... algorithms) {
        Map<String, MessageDigest> digests = new LinkedHashMap<>();
        try {
            for (String a : algorithms) {
                digests.put(a, MessageDigest.getInstance(a));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (MessageDigest d : digests.values()) {
                    d.update(buffer, 0, n);
                }
            }
        } catch (NoSuchFileException e) {
            throw new LiteException(file + " does not exist", file.toString(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + FileOpsImpl.reason(e), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        digests.forEach((a, d) -> out.put(a, HexFormat.of().formatHex(d.digest())));
        return out;
    }
}
