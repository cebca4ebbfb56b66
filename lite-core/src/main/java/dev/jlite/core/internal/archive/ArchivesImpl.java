package dev.jlite.core.internal.archive;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.files.FileStat;
import dev.jlite.core.spi.Archives;
import dev.jlite.core.spi.LiteException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Unpacks archives with guards: every entry must land inside the target, links may not lead outside it,
 * entry count and total size are bounded, and the target appears whole (temp folder, then a rename) or
 * not at all.
 */
public final class ArchivesImpl implements Archives {

    /** Default bounds: generous for a full Pyodide (about 0.5 GB unpacked), far below a bomb. */
    public static final long DEFAULT_MAX_ENTRIES = 500_000;
    public static final long DEFAULT_MAX_BYTES = 8L << 30;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path cacheDir;
    private final long maxEntries;
    private final long maxBytes;
    private final boolean readOnly;

    public ArchivesImpl(Path cacheDir) {
        this(cacheDir, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES, false);
    }

    public ArchivesImpl(Path cacheDir, long maxEntries, long maxBytes) {
        this(cacheDir, maxEntries, maxBytes, false);
    }

    /** @param readOnly for status and planning: find what is unpacked, never unpack */
    public ArchivesImpl(Path cacheDir, long maxEntries, long maxBytes, boolean readOnly) {
        this.cacheDir = cacheDir;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.readOnly = readOnly;
    }

    @Override
    public boolean isArchive(Path file) {
        return ArchiveFormat.byName(file.getFileName().toString()).isPresent();
    }

    @Override
    public boolean isUnpacked(String sha256) {
        return Files.isDirectory(cacheDir.resolve("unpacked").resolve(sha256));
    }

    @Override
    public Path unpackCached(Path archive) {
        Memo memo = memo(archive);
        String sha = memo.known().orElseGet(() -> FileOpsImpl.sha256Of(archive));
        Path target = cacheDir.resolve("unpacked").resolve(sha);
        if (!Files.isDirectory(target)) {
            if (readOnly) {
                throw new LiteException(archive.getFileName() + " is not unpacked in the cache yet", archive.toString(), null);
            }
            unpack(archive, target);
        }
        if (memo.known().isEmpty() && !readOnly && memo.settled()) {
            memo.remember(sha);
        }
        return target;
    }

    /**
     * The sha256 of an archive, remembered in the cache under its path with its size and time, so an
     * unchanged archive is read once and not on every build; a changed size or time (to the nanosecond
     * where the file system keeps it) reads it again. Written only once the archive is unpacked, so a
     * failed run leaves the cache as it was, and only for an archive that has not changed for a moment
     * ({@link FileStat#settled}): a file rewritten within one tick of the clock keeps its time.
     */
    private record Memo(Path file, String stamp, boolean settled, Optional<String> known) {

        void remember(String sha) {
            try {
                Files.createDirectories(file.getParent());
                Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
                Files.writeString(temp, stamp + "\n" + sha + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                // only a memo: the next run reads the archive again
            }
        }
    }

    private Memo memo(Path archive) {
        FileStat attrs = FileStat.following(archive);
        if (attrs == null) {
            throw new LiteException(archive + " does not exist", archive.toString(), null);
        }
        String path = archive.toAbsolutePath().normalize().toString();
        // the change time too: a copy that keeps the size and the modification time (cp -p) is another file
        String stamp = attrs.size() + " " + attrs.mtime() + " " + attrs.ctime() + " " + path;
        Path file = cacheDir.resolve("digests").resolve(HexFormat.of().formatHex(
                FileOpsImpl.sha256().digest(path.getBytes(StandardCharsets.UTF_8)), 0, 16));
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() == 2 && lines.get(0).equals(stamp) && SHA256.matcher(lines.get(1)).matches()) {
                return new Memo(file, stamp, attrs.settled(), Optional.of(lines.get(1)));
            }
        } catch (IOException | UncheckedIOException e) {
            // no memo, or an unreadable one: the archive is read
        }
        return new Memo(file, stamp, attrs.settled(), Optional.empty());
    }

    @Override
    public void unpack(Path archive, Path target) {
        if (!Files.isRegularFile(archive)) {
            throw new LiteException(archive + " does not exist or is not a file", archive.toString(), null);
        }
        ArchiveFormat format;
        try {
            format = ArchiveFormat.byName(archive.getFileName().toString()).or(() -> sniffQuietly(archive))
                    .orElseThrow(() -> new LiteException(archive + " is not an archive jlite can unpack (expected "
                            + ArchiveFormat.known() + ")", archive.toString(), null));
        } catch (UncheckedIOException e) {
            throw new LiteException("cannot read " + archive + ": " + e.getCause().getMessage(), archive.toString(), e);
        }
        Path parent = target.toAbsolutePath().getParent();
        Path temp = parent.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(temp);
            Unpacking run = new Unpacking(archive, temp);
            switch (format) {
                case ZIP -> run.zip();
                case CONDA -> run.conda();
                default -> run.tar(format);
            }
            run.finish();
        } catch (LiteException e) {
            FileOpsImpl.deleteTree(temp);
            throw e;
        } catch (IOException | RuntimeException e) {
            FileOpsImpl.deleteTree(temp);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new LiteException(archive + " is not a readable " + format.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '.') + " archive (" + reason + "); check the file, or fetch it again",
                    archive.toString(), e);
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // Another build unpacked the same archive first; its result is as good as ours.
            FileOpsImpl.deleteTree(temp);
            if (!Files.isDirectory(target)) {
                throw new UncheckedIOException(e);
            }
        } catch (IOException e) {
            FileOpsImpl.deleteTree(temp);
            throw new UncheckedIOException("cannot move the unpacked " + archive + " into " + target, e);
        }
    }

    /** How the name of an archive being written ends (it starts with a dot and the archive's name). */
    public static final String PART = ".jlite-part";

    /**
     * Where an archive is written before it is moved into place: beside it (so that the move is atomic),
     * {@code .<name>.jlite-part}. A build journals it before packing, so that what a killed run leaves there
     * is known as jlite's and removed by the next run.
     */
    public static Path partFile(Path target) {
        return target.resolveSibling("." + target.getFileName() + PART);
    }

    @Override
    public void packTgz(Path root, java.util.function.Predicate<String> include, Path target, String prefix,
                        java.util.function.ToLongFunction<String> mtimeSeconds) {
        // beside the target, so that the move is atomic; a run killed while packing leaves it, and the next one,
        // under the same name, replaces it and moves it into place
        Path temp = partFile(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.deleteIfExists(temp); // (a link there is removed, not followed)
            int threads = Runtime.getRuntime().availableProcessors();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "jlite-gzip");
                t.setDaemon(true);
                return t;
            });
            // gzip on every core (the level of `gzip` and `tar czf`); the bytes do not depend on the number of cores
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
                 OutputStream gz = new BufferedOutputStream(new ParallelGzipOutputStream(file, pool, threads, 6), 1 << 16);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (String rel : FileOpsImpl.walkSite(root, rel -> true)) {
                    if (!include.test(rel)) {
                        continue;
                    }
                    Path file1 = root.resolve(rel);
                    TarArchiveEntry entry = new TarArchiveEntry(prefix + rel, true);
                    entry.setSize(Files.size(file1));
                    entry.setMode(0100644);
                    entry.setUserId(0);
                    entry.setGroupId(0);
                    entry.setUserName("root");
                    entry.setGroupName("root");
                    entry.setModTime(FileTime.fromMillis(mtimeSeconds.applyAsLong(rel) * 1000));
                    tar.putArchiveEntry(entry);
                    Files.copy(file1, tar);
                    tar.closeArchiveEntry();
                }
            } finally {
                pool.shutdownNow();
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            FileOpsImpl.deleteTree(temp);
            throw new UncheckedIOException("cannot write the archive " + target + ": " + FileOpsImpl.reason(e), e);
        }
    }

    @Override
    public List<String> zipEntryNames(Path zip) {
        List<String> names = new ArrayList<>();
        readZip(zip, file -> Collections.list(file.getEntries()).forEach(e -> names.add(e.getName())));
        return names;
    }

    @Override
    public java.util.Map<String, byte[]> readZipEntries(Path zip, java.util.function.Predicate<String> names) {
        java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        readZip(zip, file -> {
            for (ZipArchiveEntry e : Collections.list(file.getEntries())) {
                if (!e.isDirectory() && names.test(e.getName())) {
                    if (e.getSize() > maxBytes) {
                        throw new LiteException(zip + ": entry '" + e.getName() + "' is past the limit of " + maxBytes + " bytes",
                                zip.toString(), null);
                    }
                    try (InputStream in = file.getInputStream(e)) {
                        out.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        });
        return out;
    }

    private interface ZipReader {
        void read(ZipFile file) throws IOException;
    }

    private static void readZip(Path zip, ZipReader reader) {
        try (SeekableByteChannel channel = Files.newByteChannel(zip);
             ZipFile file = ZipFile.builder().setSeekableByteChannel(channel).get()) {
            reader.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LiteException(zip + " does not exist", zip.toString(), e);
        } catch (IOException e) {
            throw new LiteException(zip + " is not a readable zip archive (" + e.getMessage() + "); check the file, or fetch "
                    + "it again", zip.toString(), e);
        }
    }

    private static java.util.Optional<ArchiveFormat> sniffQuietly(Path archive) {
        try {
            return ArchiveFormat.sniff(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One unpacking into a fresh temp folder. */
    private final class Unpacking {
        private final Path archive;
        private final Path root;
        private long entries;
        private long bytes;
        private final List<String[]> links = new ArrayList<>();

        Unpacking(Path archive, Path root) {
            this.archive = archive;
            this.root = root;
        }

        void tar(ArchiveFormat format) throws IOException {
            try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                 InputStream raw = switch (format) {
                     case TAR_GZ -> GzipCompressorInputStream.builder().setInputStream(file).setDecompressConcatenated(true).get();
                     case TAR_BZ2 -> new BZip2CompressorInputStream(file, true);
                     case TAR_XZ -> XZCompressorInputStream.builder().setInputStream(file).setDecompressConcatenated(true).get();
                     case TAR_ZST -> new ZstdCompressorInputStream(file);
                     default -> file;
                 }) {
                tarStream(raw);
            }
        }

        /**
         * A conda package: a zip whose {@code pkg-*.tar.zst} and {@code info-*.tar.zst} members hold the
         * files (the package's own and its {@code info/} folder); both land in the target.
         */
        void conda() throws IOException {
            try (SeekableByteChannel channel = Files.newByteChannel(archive);
                 ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get()) {
                boolean any = false;
                for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                    count(entry);
                    if (!entry.isDirectory() && entry.getName().endsWith(".tar.zst") && !entry.getName().contains("/")) {
                        any = true;
                        try (InputStream inner = new ZstdCompressorInputStream(zip.getInputStream(entry))) {
                            tarStream(inner);
                        }
                    }
                }
                if (!any) {
                    throw new IOException("no pkg-*.tar.zst inside; not a .conda package");
                }
            }
        }

        private void tarStream(InputStream raw) throws IOException {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
                TarArchiveEntry entry;
                boolean any = false;
                while ((entry = tar.getNextEntry()) != null) {
                    any = true;
                    count(entry);
                    String name = entry.getName();
                    if (entry.isDirectory()) {
                        Files.createDirectories(place(name));
                    } else if (entry.isSymbolicLink()) {
                        Path at = place(name);
                        checkLink(name, at.getParent().resolve(entry.getLinkName()).normalize(), entry.getLinkName());
                        links.add(new String[] {name, entry.getLinkName(), "sym"});
                    } else if (entry.isLink()) {
                        place(name);
                        Path source;
                        try {
                            source = place(entry.getLinkName());
                        } catch (LiteException e) {
                            // Name the entry at fault, not its link target.
                            throw refuse(name, "is a link to " + entry.getLinkName() + ", outside the archive's folder");
                        }
                        checkLink(name, source, entry.getLinkName());
                        links.add(new String[] {name, entry.getLinkName(), "hard"});
                    } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                        throw refuse(name, "is a device, pipe or other special file");
                    } else if (entry.isFile()) {
                        write(place(name), tar, entry.getMode(), entry.getLastModifiedTime());
                    } else {
                        throw refuse(name, "is a device, pipe or other special file");
                    }
                }
                if (!any) {
                    throw new IOException("no entries");
                }
            }
        }

        void zip() throws IOException {
            try (SeekableByteChannel channel = Files.newByteChannel(archive);
                 ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get()) {
                List<ZipArchiveEntry> all = Collections.list(zip.getEntriesInPhysicalOrder());
                for (ZipArchiveEntry entry : all) {
                    count(entry);
                    String name = entry.getName();
                    if (entry.isDirectory()) {
                        Files.createDirectories(place(name));
                    } else if (entry.isUnixSymlink()) {
                        String linkName = zip.getUnixSymlink(entry);
                        Path at = place(name);
                        checkLink(name, at.getParent().resolve(linkName).normalize(), linkName);
                        links.add(new String[] {name, linkName, "sym"});
                    } else {
                        int mode = entry.getUnixMode();
                        try (InputStream in = zip.getInputStream(entry)) {
                            write(place(name), in, mode == 0 ? 0644 : mode, entry.getLastModifiedTime());
                        }
                    }
                }
            }
        }

        /**
         * Links are made last, so their targets exist; a link becomes a copy of the file it names. A link to
         * another link waits for that one (chains such as {@code lib.so -> lib.so.1 -> lib.so.1.0}).
         */
        void finish() throws IOException {
            List<String[]> pending = links;
            while (!pending.isEmpty()) {
                List<String[]> waiting = new ArrayList<>();
                for (String[] link : pending) {
                    Path at = place(link[0]);
                    Path source = link[2].equals("sym") ? at.getParent().resolve(link[1]).normalize() : place(link[1]);
                    if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                        throw refuse(link[0], "links to a folder (" + link[1] + "), which jlite does not unpack");
                    }
                    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                        waiting.add(link);
                        continue;
                    }
                    Files.createDirectories(at.getParent());
                    Files.copy(source, at, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
                if (waiting.size() == pending.size()) {
                    String[] link = waiting.get(0);
                    throw refuse(link[0], "links to " + link[1] + ", which is not in the archive");
                }
                pending = waiting;
            }
        }

        private void count(ArchiveEntry entry) {
            if (++entries > maxEntries) {
                throw refuse(entry.getName(), "is past the limit of " + maxEntries + " entries");
            }
        }

        /** Where an entry goes; refuses names that would land outside the target. */
        private Path place(String name) {
            if (name.indexOf('\0') >= 0) {
                throw refuse(name, "has a NUL character in its name");
            }
            String clean = name.replace('\\', '/');
            if (clean.startsWith("/") || clean.matches("^[A-Za-z]:.*")) {
                throw refuse(name, "has an absolute path");
            }
            Path resolved = root.resolve(clean).normalize();
            if (!resolved.startsWith(root)) {
                throw refuse(name, "points outside the archive's folder (..)");
            }
            for (String segment : clean.split("/")) {
                if (segment.equals("..")) {
                    throw refuse(name, "points outside the archive's folder (..)");
                }
            }
            return resolved;
        }

        private void checkLink(String name, Path target, String linkName) {
            if (linkName.startsWith("/") || !target.normalize().startsWith(root)) {
                throw refuse(name, "is a link to " + linkName + ", outside the archive's folder");
            }
        }

        private void write(Path target, InputStream in, int mode, FileTime modified) throws IOException {
            Files.createDirectories(target.getParent());
            byte[] buffer = new byte[1 << 16];
            try (var out = Files.newOutputStream(target)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    bytes += n;
                    if (bytes > maxBytes) {
                        throw refuse(root.relativize(target).toString(), "takes the unpacked size past the limit of "
                                + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (posix != null) {
                posix.setPermissions(PosixFilePermissions.fromString((mode & 0111) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
            }
            if (modified != null && modified.toMillis() > 0) {
                Files.setLastModifiedTime(target, modified);
            }
        }

        private LiteException refuse(String entry, String why) {
            return new LiteException(archive + ": entry '" + entry + "' " + why + "; refusing to unpack it",
                    archive.toString(), null);
        }
    }
}
