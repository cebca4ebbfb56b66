package dev.jlite.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * Archives made in memory for tests: npm-style {@code .tgz} (owner 0/0, npm's fixed date), {@code .zip},
 * and archives with entries a safe unpacker must refuse.
 */
public final class TestArchives {

    /** npm's fixed member time, 1985-10-26T08:15:00Z. */
    public static final long NPM_EPOCH = 499162500L;

    /**
     * One member of a tar archive.
     *
     * @param name       the member's name, kept exactly as given
     * @param content    a file's bytes (empty for other kinds)
     * @param kind       what the member is
     * @param linkTarget a link's target (empty for other kinds)
     */
    public record Entry(String name, byte[] content, Kind kind, String linkTarget) {

        /** What a member is. */
        public enum Kind {
            /** A regular file. */
            FILE,
            /** A folder. */
            DIRECTORY,
            /** A symbolic link. */
            SYMLINK,
            /** A hard link to an earlier member. */
            HARDLINK,
            /** A named pipe, which no unpacker should create. */
            FIFO
        }

        /**
         * A regular file.
         *
         * @param name    the member's name
         * @param content its bytes
         * @return the entry
         */
        public static Entry file(String name, byte[] content) {
            return new Entry(name, content, Kind.FILE, "");
        }

        /**
         * A symbolic link.
         *
         * @param name   the member's name
         * @param target where it points, as written
         * @return the entry
         */
        public static Entry symlink(String name, String target) {
            return new Entry(name, new byte[0], Kind.SYMLINK, target);
        }

        /**
         * A hard link.
         *
         * @param name   the member's name
         * @param target the member it links to, as written
         * @return the entry
         */
        public static Entry hardlink(String name, String target) {
            return new Entry(name, new byte[0], Kind.HARDLINK, target);
        }

        /**
         * A named pipe.
         *
         * @param name the member's name
         * @return the entry
         */
        public static Entry fifo(String name) {
            return new Entry(name, new byte[0], Kind.FIFO, "");
        }
    }

    private TestArchives() {
    }

    /**
     * A gzip'd tar of the files, names as given (add {@code package/} yourself for an npm layout).
     *
     * @param files content by member name
     * @return the archive's bytes
     */
    public static byte[] tgz(Map<String, byte[]> files) {
        return tgz(files.entrySet().stream().map(e -> Entry.file(e.getKey(), e.getValue())).toList());
    }

    /**
     * A bzip2'd tar of the files (the format of Pyodide's release tarballs).
     *
     * @param files content by member name
     * @return the archive's bytes
     */
    public static byte[] tarBz2(Map<String, byte[]> files) {
        return tar(files.entrySet().stream().map(e -> Entry.file(e.getKey(), e.getValue())).toList(), true);
    }

    /**
     * A gzip'd tar of the entries, names kept exactly as given (even {@code ../x} or {@code /x}).
     *
     * @param entries the members, in order
     * @return the archive's bytes
     */
    public static byte[] tgz(List<Entry> entries) {
        return tar(entries, false);
    }

    private static byte[] tar(List<Entry> entries, boolean bzip2) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream compressed = bzip2 ? new BZip2CompressorOutputStream(bytes) : new GZIPOutputStream(bytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry t = switch (e.kind()) {
                    case FILE -> new TarArchiveEntry(e.name(), true);
                    case DIRECTORY -> new TarArchiveEntry(e.name().endsWith("/") ? e.name() : e.name() + "/", true);
                    case SYMLINK -> new TarArchiveEntry(e.name(), TarConstants.LF_SYMLINK, true);
                    case HARDLINK -> new TarArchiveEntry(e.name(), TarConstants.LF_LINK, true);
                    case FIFO -> new TarArchiveEntry(e.name(), TarConstants.LF_FIFO, true);
                };
                if (e.kind() == Entry.Kind.SYMLINK || e.kind() == Entry.Kind.HARDLINK) {
                    t.setLinkName(e.linkTarget());
                }
                t.setUserId(0);
                t.setGroupId(0);
                t.setModTime(FileTime.fromMillis(NPM_EPOCH * 1000));
                if (e.kind() == Entry.Kind.FILE) {
                    t.setMode(0100644);
                    t.setSize(e.content().length);
                }
                tar.putArchiveEntry(t);
                if (e.kind() == Entry.Kind.FILE) {
                    tar.write(e.content());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The regular files of a {@code .tgz} (e.g. an npm package), by name, in archive order.
     *
     * @param tgz the archive's bytes
     * @return content by member name
     */
    public static Map<String, byte[]> readTgz(byte[] tgz) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar =
                     new TarArchiveInputStream(
                             new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    files.put(e.getName(), tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * A zip of the files, names kept exactly as given.
     *
     * @param files content by member name
     * @return the archive's bytes
     */
    public static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (var e : files.entrySet()) {
                ZipArchiveEntry z = new ZipArchiveEntry(e.getKey());
                z.setTime(NPM_EPOCH * 1000);
                zip.putArchiveEntry(z);
                zip.write(e.getValue());
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
