package dev.jlite.core.internal.archive;

import dev.jlite.core.internal.files.CacheLock;
import dev.jlite.core.internal.files.DigestCache;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.files.FileStat;
import dev.jlite.core.spi.Archives;
import dev.jlite.core.spi.LiteException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Unpacks archives with guards: every entry must land inside the target, links may not lead outside it,
 * entry count, total size and compression ratio are bounded (a zip's declared sizes before anything is
 * written, every archive's actual bytes as they come), names must be UTF-8, and the target appears whole
 * (temp folder, then a rename) or not at all. A bound that stops an archive names it, the bound and the
 * setting that raises it.
 */
public final class ArchivesImpl implements Archives {

    /**
     * What an archive may unpack to: fitted to the real assets (a full Pyodide is about 3,000 files and
     * 400 MB), and such that a bomb is stopped within a second or two.
     *
     * @param maxEntries the most entries ({@code LiteBuildConfig.unpack_max_entries})
     * @param maxBytes   the most bytes in all ({@code LiteBuildConfig.unpack_max_bytes})
     * @param maxRatio   how many times its packed size an archive, or an entry, may unpack to
     *                   ({@code LiteBuildConfig.unpack_max_ratio}), once past {@link #RATIO_GRACE} bytes
     */
    public record Limits(long maxEntries, long maxBytes, long maxRatio) {

        /** The defaults of the settings. */
        public static final Limits DEFAULT = new Limits(10_000, 4L << 30, 200);
    }

    /** Unpacked bytes below which no ratio is checked: small, very compressible files are common and harmless. */
    static final long RATIO_GRACE = 16L << 20;
    /** The most bytes a metadata entry read into memory (a wheel's METADATA or RECORD) may have. */
    static final int MAX_METADATA = 32 << 20;


    private final Path cacheDir;
    private final Limits limits;
    private final boolean readOnly;
    private final Consumer<String> log;

    public ArchivesImpl(Path cacheDir) {
        this(cacheDir, Limits.DEFAULT, false);
    }

    public ArchivesImpl(Path cacheDir, long maxEntries, long maxBytes) {
        this(cacheDir, new Limits(maxEntries, maxBytes, Limits.DEFAULT.maxRatio()), false);
    }

    /** @param readOnly for status and planning: find what is unpacked, never unpack */
    public ArchivesImpl(Path cacheDir, Limits limits, boolean readOnly) {
        this(cacheDir, limits, readOnly, line -> { });
    }

    /** @param log told of each archive unpacked into the cache, in a line */
    public ArchivesImpl(Path cacheDir, Limits limits, boolean readOnly, Consumer<String> log) {
        this.cacheDir = cacheDir;
        this.limits = limits;
        this.readOnly = readOnly;
        this.log = log;
    }

    @Override
    public boolean isArchive(Path file) {
        return ArchiveFormat.byName(file.getFileName().toString()).isPresent();
    }

    @Override
    public Path unpackCached(Path archive, Consumer<Path> check) {
        Memo memo = memo(archive);
        String sha = memo.known().orElseGet(() -> FileOpsImpl.sha256Of(archive));
        Path target = cacheDir.resolve("unpacked").resolve(sha);
        if (!Files.isDirectory(target)) {
            if (readOnly) {
                throw new LiteException(archive.getFileName() + " is not unpacked in the cache yet", archive.toString(), null);
            }
            // one unpacking per archive, however many builds share the cache: the others wait, then find it
            CacheLock.holding(cacheDir.resolve("locks").resolve("unpack-" + sha + ".lock"), () -> {
                if (!Files.isDirectory(target)) {
                    long[] counts = unpackCounting(archive, target, check);
                    log.accept("unpacked " + archive + " into the cache (" + counts[0] + " entries, " + counts[1] + " bytes)");
                }
                return target;
            });
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
                FileOpsImpl.moveReplacing(temp, file);
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
            if (lines.size() == 2 && lines.get(0).equals(stamp) && DigestCache.SHA256_HEX.matcher(lines.get(1)).matches()) {
                return new Memo(file, stamp, attrs.settled(), Optional.of(lines.get(1)));
            }
        } catch (IOException | UncheckedIOException e) {
            // no memo, or an unreadable one: the archive is read
        }
        return new Memo(file, stamp, attrs.settled(), Optional.empty());
    }

    /** Unpacks {@code archive} into {@code target}, which must not exist yet. */
    public void unpack(Path archive, Path target) {
        unpackCounting(archive, target, folder -> {
        });
    }

    /** Unpacks; returns how many entries and bytes the archive held. */
    private long[] unpackCounting(Path archive, Path target, Consumer<Path> check) {
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
        Unpacking run = new Unpacking(archive, temp);
        try {
            diskDo(() -> Files.createDirectories(temp));
            switch (format) {
                case ZIP -> run.zip();
                case CONDA -> run.conda();
                default -> run.tar(format);
            }
            run.finish();
        } catch (LiteException e) {
            FileOpsImpl.deleteTree(temp);
            throw e;
        } catch (WriteFailure e) {
            FileOpsImpl.deleteTree(temp);
            IOException cause = (IOException) e.getCause();
            throw new LiteException("cannot unpack " + archive + " into " + parent + ": " + FileOpsImpl.reason(cause)
                    + "; free some space or make it writable, or choose another cache folder (--cache-dir)", parent.toString(), cause);
        } catch (IOException | RuntimeException e) {
            FileOpsImpl.deleteTree(temp);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new LiteException(archive + " is not a readable " + format.name().toLowerCase(Locale.ROOT)
                    .replace('_', '.') + " archive (" + reason + "); check the file, or fetch it again",
                    archive.toString(), e);
        }
        try {
            check.accept(temp);
        } catch (RuntimeException | Error e) {
            FileOpsImpl.deleteTree(temp);
            throw e;
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (IOException e) {
            FileOpsImpl.deleteTree(temp);
            // Another process unpacked the same archive first (the rename fails with "directory not empty",
            // "file exists" or a plain FileSystemException, by platform). Its folder, renamed into place whole,
            // is named by the same digest: as good as ours.
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new LiteException("cannot move the unpacked " + archive + " into " + target + ": "
                        + FileOpsImpl.reason(e) + "; check that the folder is writable, or choose another (--cache-dir)",
                        target.toString(), e);
            }
        }
        return new long[] {run.entries, run.bytes};
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
    public void packTgz(Path root, Predicate<String> include, Path target, String prefix,
                        ToLongFunction<String> mtimeSeconds) {
        // beside the target, so that the move is atomic; a run killed while packing leaves it, and the next one,
        // under the same name, replaces it and moves it into place
        Path temp = partFile(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.deleteIfExists(temp); // (a link there is removed, not followed)
            int threads = Runtime.getRuntime().availableProcessors();
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
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
    public ZipContents readZip(Path zip, Predicate<String> read) {
        List<String> names = new ArrayList<>();
        Map<String, byte[]> out = new LinkedHashMap<>();
        withZip(zip, file -> {
            for (ZipArchiveEntry e : Collections.list(file.getEntries())) {
                names.add(e.getName());
                if (!e.isDirectory() && read.test(e.getName())) {
                    String tooLarge = zip + ": entry '" + e.getName() + "' is larger than " + (MAX_METADATA >> 20) + " MB, "
                            + "far more than metadata ever is; the file is damaged or hostile, and is not read";
                    if (e.getSize() > MAX_METADATA) {
                        throw new LiteException(tooLarge, zip.toString(), null);
                    }
                    try (InputStream in = file.getInputStream(e)) {
                        byte[] bytes = in.readNBytes(MAX_METADATA + 1); // its header may lie about its size
                        if (bytes.length > MAX_METADATA) {
                            throw new LiteException(tooLarge, zip.toString(), null);
                        }
                        out.put(e.getName(), bytes);
                    }
                }
            }
        });
        return new ZipContents(List.copyOf(names), Collections.unmodifiableMap(out));
    }

    private interface ZipReader {
        void read(ZipFile file) throws IOException;
    }

    private static void withZip(Path zip, ZipReader reader) {
        try (SeekableByteChannel channel = Files.newByteChannel(zip);
             ZipFile file = ZipFile.builder().setSeekableByteChannel(channel).get()) {
            reader.read(file);
        } catch (NoSuchFileException e) {
            throw new LiteException(zip + " does not exist", zip.toString(), e);
        } catch (IOException e) {
            throw new LiteException(zip + " is not a readable zip archive (" + e.getMessage() + "); check the file, or fetch "
                    + "it again", zip.toString(), e);
        }
    }

    private static Optional<ArchiveFormat> sniffQuietly(Path archive) {
        try {
            return ArchiveFormat.sniff(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the bytes read through it: the packed bytes an unpacking has consumed. */
    private static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }

    /**
     * A file-system failure while writing the unpacked files (a full disk, a read-only cache): reported as
     * such, never as a damaged archive.
     */
    private static final class WriteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriteFailure(IOException cause) {
            super(cause);
        }
    }

    /** One unpacking into a fresh temp folder. */
    private final class Unpacking {
        private final Path archive;
        private final Path root;
        private long entries;
        /** Bytes of the unpacked stream (a tar's headers too): what the ratio is checked on. */
        private long unpacked;
        /** Bytes written to files. */
        private long bytes;
        /** The packed bytes read so far, for the ratio of a stream (a tar); null for a zip, whose sizes are declared. */
        private Counting packed;
        /** Links by where they land, made last; a later entry of the same name replaces an earlier one. */
        private final Map<Path, String[]> links = new LinkedHashMap<>();

        Unpacking(Path archive, Path root) {
            this.archive = archive;
            this.root = root;
        }

        void tar(ArchiveFormat format) throws IOException {
            try (Counting file = new Counting(new BufferedInputStream(Files.newInputStream(archive), 1 << 16));
                 InputStream raw = switch (format) {
                     case TAR_GZ -> GzipCompressorInputStream.builder().setInputStream(file).setDecompressConcatenated(true).get();
                     case TAR_BZ2 -> new BZip2CompressorInputStream(file, true);
                     case TAR_XZ -> XZCompressorInputStream.builder().setInputStream(file).setDecompressConcatenated(true).get();
                     case TAR_ZST -> new ZstdCompressorInputStream(file);
                     default -> file;
                 }) {
                packed = file;
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
                    count(entry.getName());
                    if (!entry.isDirectory() && entry.getName().endsWith(".tar.zst") && !entry.getName().contains("/")) {
                        any = true;
                        // the ratio of each member: its tar stream against its packed bytes
                        try (Counting member = new Counting(zip.getInputStream(entry));
                             InputStream inner = new ZstdCompressorInputStream(member)) {
                            packed = member;
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
            Counting stream = new Counting(raw);
            try (TarArchiveInputStream tar = new StrictNames(stream)) {
                TarArchiveEntry entry;
                boolean any = false;
                while ((entry = tar.getNextEntry()) != null) {
                    any = true;
                    String name = entry.getName();
                    count(name);
                    unpacked = stream.count;
                    checkRatio(name);
                    if (entry.isDirectory()) {
                        directory(name);
                    } else if (entry.isSymbolicLink()) {
                        Path at = place(name);
                        checkLink(name, at.getParent().resolve(entry.getLinkName()).normalize(), entry.getLinkName());
                        link(at, name, entry.getLinkName(), "sym");
                    } else if (entry.isLink()) {
                        Path at = place(name);
                        Path source;
                        try {
                            source = place(entry.getLinkName());
                        } catch (LiteException e) {
                            // Name the entry at fault, not its link target.
                            throw refuse(name, "is a link to " + entry.getLinkName() + ", outside the archive's folder");
                        }
                        checkLink(name, source, entry.getLinkName());
                        link(at, name, entry.getLinkName(), "hard");
                    } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                        throw refuse(name, "is a device, pipe or other special file");
                    } else if (entry.isFile()) {
                        checkDeclared(name, entry.getSize());
                        write(name, tar, entry.getSize(), entry.getMode(), entry.getLastModifiedTime(), stream);
                    } else {
                        throw refuse(name, "is a device, pipe or other special file");
                    }
                }
                if (!any) {
                    throw new IOException("no entries");
                }
            }
        }

        /**
         * A tar stream whose header names must be UTF-8 (refused otherwise: decoding them with replacement
         * would let two names collapse into one). A name carried by a PAX header (UTF-8 by definition) or a
         * GNU long name stands for the truncated one in the header that follows, so that one is not checked.
         */
        private final class StrictNames extends TarArchiveInputStream {
            private boolean replaced;

            StrictNames(InputStream in) {
                super(in, StandardCharsets.UTF_8.name());
            }

            @Override
            protected byte[] readRecord() throws IOException {
                byte[] record = super.readRecord();
                if (record != null && record.length >= 512 && !isEOFRecord(record)) {
                    if (!replaced) {
                        boolean ustar = new String(record, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar");
                        String prefix = ustar ? utf8(record, 345, 155) : "";
                        String name = utf8(record, 0, 100);
                        String link = utf8(record, 157, 100);
                        if (prefix == null || name == null || link == null) {
                            String shown = new String(record, 0, field(record, 0, 100), StandardCharsets.UTF_8);
                            throw refuse(shown, (name == null || prefix == null ? "has a name" : "links to a name")
                                    + " that is not UTF-8 (the bytes that do not decode are shown as U+FFFD)");
                        }
                    }
                    byte type = record[156];
                    replaced = type == 'x' || type == 'X' || type == 'L' || type == 'K';
                }
                return record;
            }

            @Override
            protected byte[] getLongNameData() throws IOException {
                byte[] data = super.getLongNameData();
                if (data != null && utf8(data, 0, data.length) == null) {
                    throw refuse(new String(data, StandardCharsets.UTF_8), "has a long name that is not UTF-8");
                }
                return data;
            }
        }

        void zip() throws IOException {
            try (SeekableByteChannel channel = Files.newByteChannel(archive);
                 ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).setCharset(StandardCharsets.UTF_8)
                         .setUseUnicodeExtraFields(true).get()) {
                List<ZipArchiveEntry> all = Collections.list(zip.getEntriesInPhysicalOrder());
                checkZip(all, channel.size());
                for (ZipArchiveEntry entry : all) {
                    count(entry.getName());
                    String name = entry.getName();
                    if (entry.isDirectory()) {
                        directory(name);
                    } else if (entry.isUnixSymlink()) {
                        String linkName = zip.getUnixSymlink(entry);
                        Path at = place(name);
                        checkLink(name, at.getParent().resolve(linkName).normalize(), linkName);
                        link(at, name, linkName, "sym");
                    } else {
                        int mode = entry.getUnixMode();
                        try (InputStream in = zip.getInputStream(entry)) {
                            write(name, in, entry.getSize(), mode == 0 ? 0644 : mode, entry.getLastModifiedTime(), null);
                        }
                    }
                }
            }
        }

        /**
         * A zip's central directory declares every entry's sizes: its count, its total and each entry's and
         * the whole archive's ratio are checked before a byte is written (and each entry's actual bytes
         * against what it declared as they are written).
         */
        private void checkZip(List<ZipArchiveEntry> all, long archiveSize) {
            if (all.size() > limits.maxEntries()) {
                throw limit("has " + all.size() + " entries, more than the limit of " + limits.maxEntries(),
                        "unpack_max_entries");
            }
            long total = 0;
            for (ZipArchiveEntry entry : all) {
                zipName(entry);
                long size = entry.getSize();
                if (size < 0) {
                    continue; // not declared: counted as it comes
                }
                total += size;
                if (total > limits.maxBytes()) {
                    throw limit("unpacks to more than the limit of " + bytes(limits.maxBytes()) + " (its entries say so)",
                            "unpack_max_bytes");
                }
                long compressed = Math.max(1, entry.getCompressedSize());
                if (size > RATIO_GRACE && size / compressed > limits.maxRatio()) {
                    throw limit("has an entry, '" + entry.getName() + "', that unpacks to " + size / compressed
                            + " times its packed size, more than the limit of " + limits.maxRatio(), "unpack_max_ratio");
                }
            }
            if (total > RATIO_GRACE && total / Math.max(1, archiveSize) > limits.maxRatio()) {
                throw limit("unpacks to " + total / Math.max(1, archiveSize) + " times its size, more than the limit of "
                        + limits.maxRatio(), "unpack_max_ratio");
            }
        }

        /** A tar header's declared size, checked before its bytes are read. */
        private void checkDeclared(String name, long size) {
            if (size > limits.maxBytes() - bytes) {
                throw limit("unpacks to more than the limit of " + bytes(limits.maxBytes()) + " (entry '" + name
                        + "' says it has " + size + " bytes)", "unpack_max_bytes");
            }
        }

        /** The unpacked stream against the packed bytes read, once past the grace size. */
        private void checkRatio(String name) {
            if (packed != null && unpacked > RATIO_GRACE && unpacked / Math.max(1, packed.count) > limits.maxRatio()) {
                throw limit("unpacks to more than " + limits.maxRatio() + " times its packed size (at entry '" + name
                        + "'), the limit", "unpack_max_ratio");
            }
        }

        private void directory(String name) {
            Path at = place(name);
            links.remove(at);
            if (Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS)) {
                throw refuse(name, "is both a file and a folder in the archive");
            }
            diskDo(() -> Files.createDirectories(at));
        }

        /** A link for later; it replaces a file of the same name written before (a later entry wins). */
        private void link(Path at, String name, String linkName, String kind) {
            diskDo(() -> Files.deleteIfExists(at));
            links.remove(at);
            links.put(at, new String[] {name, linkName, kind});
        }

        /**
         * Links are made last, so their targets exist; a link becomes a copy of the file it names. A link to
         * another link waits for that one (chains such as {@code lib.so -> lib.so.1 -> lib.so.1.0}).
         */
        void finish() {
            List<Map.Entry<Path, String[]>> pending = new ArrayList<>(links.entrySet());
            while (!pending.isEmpty()) {
                List<Map.Entry<Path, String[]>> waiting = new ArrayList<>();
                for (Map.Entry<Path, String[]> e : pending) {
                    Path at = e.getKey();
                    String[] link = e.getValue();
                    Path source = link[2].equals("sym") ? at.getParent().resolve(link[1]).normalize() : place(link[1]);
                    if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                        throw refuse(link[0], "links to a folder (" + link[1] + "), which jlite does not unpack");
                    }
                    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                        waiting.add(e);
                        continue;
                    }
                    diskDo(() -> {
                        Files.createDirectories(at.getParent());
                        Files.copy(source, at, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    });
                }
                if (waiting.size() == pending.size()) {
                    String[] link = waiting.get(0).getValue();
                    throw refuse(link[0], "links to " + link[1] + ", which is not in the archive");
                }
                pending = waiting;
            }
        }

        private void count(String name) {
            if (++entries > limits.maxEntries()) {
                throw limit("has more entries than the limit of " + limits.maxEntries() + " (at entry '" + name + "')",
                        "unpack_max_entries");
            }
        }

        /** A zip entry's name as stored must be UTF-8, unless a Unicode extra field gives it. */
        private void zipName(ZipArchiveEntry entry) {
            if (entry.getNameSource() != ZipArchiveEntry.NameSource.UNICODE_EXTRA_FIELD
                    && utf8(entry.getRawName(), 0, entry.getRawName().length) == null) {
                throw refuse(new String(entry.getRawName(), StandardCharsets.UTF_8), "has a name that is not UTF-8 "
                        + "(the bytes that do not decode are shown as U+FFFD)");
            }
        }

        /** Refuses a name that did not decode as UTF-8: two such names could collapse into one. */
        private void name(String name) {
            if (name.indexOf('\uFFFD') >= 0) {
                throw refuse(name, "has a name that is not UTF-8 (the bytes that do not decode are shown as U+FFFD)");
            }
        }

        /** Where an entry goes; refuses names that would land outside the target. */
        private Path place(String name) {
            name(name);
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

        /**
         * Writes one entry, bounded by the total, by what it declared ({@code declared}, -1 when unknown)
         * and, for a stream, by the ratio to the packed bytes read ({@code stream} counts the unpacked ones).
         */
        private void write(String name, InputStream in, long declared, int mode, FileTime modified, Counting stream)
                throws IOException {
            Path target = place(name);
            links.remove(target);
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw refuse(name, "is both a file and a folder in the archive");
            }
            diskDo(() -> Files.createDirectories(target.getParent()));
            byte[] buffer = new byte[1 << 16];
            long written = 0;
            OutputStream out = disk(() -> Files.newOutputStream(target));
            try (out) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    written += n;
                    bytes += n;
                    if (declared >= 0 && written > declared) {
                        throw refuse(name, "holds more bytes than its header says (" + declared + ")");
                    }
                    if (bytes > limits.maxBytes()) {
                        throw limit("unpacks to more than the limit of " + bytes(limits.maxBytes()) + " (at entry '" + name
                                + "')", "unpack_max_bytes");
                    }
                    if (stream != null) {
                        unpacked = stream.count;
                        checkRatio(name);
                    }
                    int length = n;
                    diskDo(() -> out.write(buffer, 0, length));
                }
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            diskDo(() -> {
                if (posix != null) {
                    posix.setPermissions(PosixFilePermissions.fromString((mode & 0111) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                }
                if (modified != null && modified.toMillis() > 0) {
                    Files.setLastModifiedTime(target, modified);
                }
            });
        }

        private LiteException refuse(String entry, String why) {
            return new LiteException(archive + ": entry '" + entry + "' " + why + "; refusing to unpack it",
                    archive.toString(), null);
        }

        /** A bound that stops an archive: names it, the bound, and the setting that raises it. */
        private LiteException limit(String what, String setting) {
            return new LiteException(archive + " " + what + "; refusing to unpack it (raise LiteBuildConfig." + setting
                    + " if you trust it)", archive.toString(), null);
        }
    }

    private interface DiskStep<T> {
        T run() throws IOException;
    }

    private interface DiskAction {
        void run() throws IOException;
    }

    private static <T> T disk(DiskStep<T> step) {
        try {
            return step.run();
        } catch (IOException e) {
            throw new WriteFailure(e);
        }
    }

    private static void diskDo(DiskAction step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new WriteFailure(e);
        }
    }

    /** Bytes {@code off..off+len} up to the first NUL, decoded strictly as UTF-8; null when they are not UTF-8. */
    private static String utf8(byte[] b, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, field(b, off, len) )).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** How many bytes of a NUL-padded field hold its value. */
    private static int field(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && off + n < b.length && b[off + n] != 0) {
            n++;
        }
        return n;
    }

    private static String bytes(long n) {
        if (n >= 1L << 30 && n % (1L << 30) == 0) {
            return (n >> 30) + " GiB";
        }
        if (n >= 1L << 20 && n % (1L << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        return n + " bytes";
    }
}
