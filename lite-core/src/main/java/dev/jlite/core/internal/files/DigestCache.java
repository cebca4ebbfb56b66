package dev.jlite.core.internal.files;

import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The SHA-256 and MD5 of files, by path, size and time, for one build (and, through the build state, for
 * the next builds of the same output). A file is read once for both digests, and not again while its size
 * and time stay the same; a file changed in the last moments is not remembered ({@link FileOpsImpl#settled}).
 */
public final class DigestCache {

    /** The digests of a file as it was, with its size and time in nanoseconds. */
    public record Known(long size, long mtime, String sha256, String md5) {

        /** Whether the file still has this size and time. */
        boolean fits(BasicFileAttributes attrs) {
            return attrs.size() == size && attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS) == mtime;
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

    /** Whether the cache learned or forgot anything, or holds entries this build did not use. */
    public boolean changed() {
        return changed || used.size() != known.size();
    }

    private static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    /** The digests of a file whose attributes were just read, from memory when they still fit. */
    public Known of(Path file, BasicFileAttributes attrs) {
        String key = key(file);
        used.add(key);
        Known k = known.get(key);
        if (k != null && k.fits(attrs)) {
            return k;
        }
        Map<String, String> d = read(file, "SHA-256", "MD5");
        Known fresh = new Known(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), d.get("SHA-256"), d.get("MD5"));
        remember(key, fresh, attrs);
        return fresh;
    }

    /** The digests of a file, when known for its current size and time, without reading it. */
    public Optional<Known> peek(Path file, BasicFileAttributes attrs) {
        String key = key(file);
        Known k = known.get(key);
        if (k != null && k.fits(attrs)) {
            used.add(key);
            return Optional.of(k);
        }
        return Optional.empty();
    }

    /** Digests taken while copying the file (so it was read anyway). */
    void learn(Path file, BasicFileAttributes attrs, String sha256, String md5) {
        String key = key(file);
        used.add(key);
        remember(key, new Known(attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), sha256, md5), attrs);
    }

    private void remember(String key, Known k, BasicFileAttributes attrs) {
        if (FileOpsImpl.settled(attrs.lastModifiedTime())) {
            known.put(key, k);
            changed = true;
        } else if (known.remove(key) != null) {
            changed = true; // too fresh to vouch for its content by size and time: read again next time
        }
    }

    /** Reads a file once for every digest asked, as lower-case hex by algorithm name. */
    static Map<String, String> read(Path file, String... algorithms) {
        Map<String, MessageDigest> digests = new java.util.LinkedHashMap<>();
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
        Map<String, String> out = new java.util.LinkedHashMap<>();
        digests.forEach((a, d) -> out.put(a, HexFormat.of().formatHex(d.digest())));
        return out;
    }
}
