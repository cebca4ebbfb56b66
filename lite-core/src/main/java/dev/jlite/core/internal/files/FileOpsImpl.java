package dev.jlite.core.internal.files;

import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.FileOps;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** {@link FileOps} with times clamped to {@code SOURCE_DATE_EPOCH} and sorted walks. */
public final class FileOpsImpl implements FileOps {

    private final Clock clock;
    private final OptionalLong sourceDateEpoch;
    private final DigestCache digests;

    public FileOpsImpl(Clock clock, OptionalLong sourceDateEpoch) {
        this(clock, sourceDateEpoch, new DigestCache());
    }

    public FileOpsImpl(Clock clock, OptionalLong sourceDateEpoch, DigestCache digests) {
        this.clock = clock;
        this.sourceDateEpoch = sourceDateEpoch;
        this.digests = digests;
    }

    /**
     * Why an I/O operation failed, in a few words a user can act on: the disk is full, the file system is
     * read-only, permission was denied, or else the exception's own message.
     */
    public static String reason(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("out of disk space")) {
            return "the disk is full (no space left on device)";
        }
        if (lower.contains("read-only file system")) {
            return "the file system is read-only";
        }
        if (e instanceof AccessDeniedException || lower.contains("permission denied")) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way (" + m + ")";
        }
        if (e instanceof NotDirectoryException || lower.contains("not a directory")) {
            return "a file stands where a folder is needed (" + m + ")";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file (" + m + ")";
        }
        return m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void copy(Path source, Path target) {
        try {
            createParents(target);
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            copyMode(source, target);
            Files.setLastModifiedTime(target, clamp(Files.getLastModifiedTime(source)));
        } catch (NoSuchFileException e) {
            throw new LiteException(source + " does not exist", source.toString(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target + ": " + reason(e), e);
        }
    }

    @Override
    public Map<String, String> copyWithDigests(Path source, Path target, String... algorithms) {
        FileStat attrs = FileStat.following(source);
        if (attrs == null) {
            throw new LiteException(source + " does not exist", source.toString(), null);
        }
        Optional<DigestCache.Known> known = digests.peek(source, attrs);
        if (known.isPresent() && attrs.settled()) {
            copy(source, target); // read and hashed before, unchanged since: only copied
            return pick(known.get(), algorithms);
        }
        MessageDigest sha = sha256();
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try {
            createParents(target);
            try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(target)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    sha.update(buffer, 0, n);
                    md5.update(buffer, 0, n);
                }
            }
            copyMode(source, target);
            Files.setLastModifiedTime(target, clamp(FileTime.from(attrs.mtime(), TimeUnit.NANOSECONDS)));
        } catch (NoSuchFileException e) {
            throw new LiteException(source + " does not exist", source.toString(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target + ": " + reason(e), e);
        }
        DigestCache.Known taken = new DigestCache.Known(attrs.size(), 0, 0, HexFormat.of().formatHex(sha.digest()),
                HexFormat.of().formatHex(md5.digest()));
        digests.learn(source, attrs, taken.sha256(), taken.md5());
        return pick(taken, algorithms);
    }

    private static Map<String, String> pick(DigestCache.Known known, String... algorithms) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : algorithms) {
            switch (a) {
                case "SHA-256" -> out.put(a, known.sha256());
                case "MD5" -> out.put(a, known.md5());
                default -> throw new IllegalArgumentException("unknown digest " + a + " (known: SHA-256, MD5)");
            }
        }
        return out;
    }

    @Override
    public Map<String, String> digests(Path file, String... algorithms) {
        if (Set.of("SHA-256", "MD5").containsAll(List.of(algorithms))) {
            return pick(digests.of(file), algorithms);
        }
        return DigestCache.read(file, algorithms);
    }

    /** The build's digests. */
    public DigestCache digestCache() {
        return digests;
    }

    @Override
    public Instant time(Path file) {
        try {
            return clamp(Files.getLastModifiedTime(file)).toInstant();
        } catch (NoSuchFileException e) {
            throw new LiteException(file + " does not exist", file.toString(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + reason(e), e);
        }
    }

    @Override
    public void write(Path target, byte[] content) {
        try {
            createParents(target);
            Files.write(target, content);
            Files.setLastModifiedTime(target, clamp(FileTime.from(clock.instant())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    @Override
    public void delete(Path path) {
        deleteTree(path);
    }

    /** Deletes a file or a folder with everything in it, without following links. */
    public static void deleteTree(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** Moves {@code from} over {@code to}, atomically where the file system can. */
    public static void moveReplacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public List<String> walk(Path root) {
        return walkFiles(root);
    }

    /**
     * Every regular file under {@code root} as a {@code /}-separated relative path, sorted by code point.
     * A symbolic link is followed when its target lies inside {@code root}; one that leads outside is refused.
     */
    public static List<String> walkFiles(Path root) {
        return walkFiles(root, rel -> true);
    }

    /**
     * Like {@link #walkFiles(Path)}, but {@code include} is asked about every file and folder (its
     * {@code /}-separated relative path) before it is visited: a file it refuses is left out, a folder it
     * refuses is not entered, and a link it refuses is neither followed nor checked.
     */
    public static List<String> walkFiles(Path root, Predicate<String> include) {
        return walkFiles(root, include, Set.of());
    }

    /**
     * Like {@link #walkFiles(Path, Predicate)}, but a folder whose real path (links followed) is one of
     * {@code skipped} is not entered, however it is reached: e.g. the output inside a contents root, even
     * through a link or under another name.
     */
    public static List<String> walkFiles(Path root, Predicate<String> include, Set<Path> skipped) {
        return walkFiles(root, include, skipped, false);
    }

    /**
     * Like {@link #walkFiles(Path, Predicate)}, but a symbolic link that leads outside {@code root} (or nowhere)
     * is left out instead of refused: for walking a built site, where such a link is someone else's, no file
     * of the site.
     */
    public static List<String> walkSite(Path root, Predicate<String> include) {
        return walkFiles(root, include, Set.of(), true);
    }

    private static List<String> walkFiles(Path root, Predicate<String> include, Set<Path> skipped, boolean lenient) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (skipped.contains(realRoot)) {
            return out;
        }
        walkInto(root, realRoot, realRoot, "", include, out, new HashSet<>(Set.of(realRoot)), skipped, lenient);
        // By code point, as the reference's sorted() orders str; String.compareTo orders by UTF-16 unit.
        out.sort(JsonSupport.CODE_POINT_ORDER);
        return out;
    }

    /** {@code open}: the real paths of the folders being walked, from the root down to {@code dir}. */
    private static void walkInto(Path dir, Path realDir, Path realRoot, String prefix, Predicate<String> include,
                                 List<String> out, Set<Path> open, Set<Path> skipped, boolean lenient) {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            // Sorted, so that with several bad links the same one is reported on every file system.
            children = list.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path child : children) {
            String rel = prefix + child.getFileName().toString();
            if (!include.test(rel)) {
                continue;
            }
            Path realChild = realDir.resolve(child.getFileName().toString());
            BasicFileAttributes attrs = attributesOrNull(child, LinkOption.NOFOLLOW_LINKS); // one lstat per entry
            if (attrs == null) {
                continue; // gone while walking
            }
            if (attrs.isSymbolicLink()) {
                Path real;
                try {
                    real = child.toRealPath();
                } catch (IOException e) {
                    if (lenient) {
                        continue;
                    }
                    throw new LiteException(child + " is a broken symbolic link; remove it or fix its target",
                            child.toString(), e);
                }
                if (!real.startsWith(realRoot)) {
                    if (lenient) {
                        continue;
                    }
                    throw new LiteException(child + " is a symbolic link to " + real + ", outside " + realRoot
                            + "; copy the file in instead of linking to it", child.toString(), null);
                }
                realChild = real;
                attrs = attributesOrNull(child);
                if (attrs == null) {
                    continue;
                }
            }
            if (attrs.isDirectory()) {
                if (skipped.contains(realChild)) {
                    continue;
                }
                if (!open.add(realChild)) {
                    throw new LiteException(child + " leads back into " + realChild + ", which contains it (a loop of "
                            + "symbolic links); remove the link", child.toString(), null);
                }
                walkInto(child, realChild, realRoot, rel + "/", include, out, open, skipped, lenient);
                open.remove(realChild);
            } else if (attrs.isRegularFile()) {
                out.add(rel);
            }
        }
    }

    private static BasicFileAttributes attributesOrNull(Path path, LinkOption... options) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, options);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String sha256(Path file) {
        return digests.of(file).sha256();
    }

    /**
     * How long a file must have been left alone before a digest remembered by its size and times is trusted
     * ({@link FileStat#settled}): file times advance in clock ticks, so a file rewritten just after it was
     * read, at the same size, can keep the very same times (git calls such a file "racily clean").
     */
    public static final Duration SETTLE = Duration.ofSeconds(2);

    public static String sha256Of(Path file) {
        return DigestCache.read(file, "SHA-256").get("SHA-256");
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The real path of a file or folder (links followed), or of its nearest existing parent followed by the rest. */
    public static Path realPath(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Path existing = p;
        List<String> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing)) {
            rest.add(0, existing.getFileName().toString());
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        Path resolved;
        try {
            resolved = existing.toRealPath();
        } catch (IOException e) {
            return p;
        }
        for (String name : rest) {
            resolved = resolved.resolve(name);
        }
        return resolved;
    }

    /** {@code time}, or {@code SOURCE_DATE_EPOCH} when that is earlier. */
    public FileTime clamp(FileTime time) {
        if (sourceDateEpoch.isPresent() && time.toMillis() > sourceDateEpoch.getAsLong() * 1000) {
            return FileTime.fromMillis(sourceDateEpoch.getAsLong() * 1000);
        }
        return time;
    }

    private static void createParents(Path target) throws IOException {
        Path parent = target.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
    }

    private static void copyMode(Path source, Path target) throws IOException {
        PosixFileAttributeView from = Files.getFileAttributeView(source, PosixFileAttributeView.class);
        PosixFileAttributeView to = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (from != null && to != null) {
            to.setPermissions(from.readAttributes().permissions());
        }
    }
}
