package dev.jlite.core.internal.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Archives built byte by byte in tests, so that hostile entries can be crafted. */
public final class ArchiveFixtures {

    private ArchiveFixtures() {
    }

    public static Tar tar() {
        return new Tar();
    }

    public static Zip zip() {
        return new Zip();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A ustar archive: 512-byte headers, data padded to 512, two zero blocks at the end. */
    public static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Tar file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
        }

        public Tar file(String name, byte[] content, int mode) {
            return entry(name, '0', content, mode, "", 1_700_000_000L);
        }

        public Tar dir(String name) {
            return entry(name, '5', new byte[0], 0755, "", 1_700_000_000L);
        }

        public Tar symlink(String name, String target) {
            return entry(name, '2', new byte[0], 0777, target, 1_700_000_000L);
        }

        public Tar hardLink(String name, String target) {
            return entry(name, '1', new byte[0], 0644, target, 1_700_000_000L);
        }

        /** A device ('3' character, '4' block) or fifo ('6'). */
        public Tar special(String name, char type) {
            return entry(name, type, new byte[0], 0644, "", 1_700_000_000L);
        }

        public Tar entry(String name, char type, byte[] data, int mode, String linkName, long mtime) {
            byte[] header = new byte[512];
            put(header, 0, 100, name.getBytes(StandardCharsets.UTF_8));
            octal(header, 100, 8, mode);
            octal(header, 108, 8, 1000);
            octal(header, 116, 8, 1000);
            octal(header, 124, 12, data.length);
            octal(header, 136, 12, mtime);
            header[156] = (byte) type;
            put(header, 157, 100, linkName.getBytes(StandardCharsets.UTF_8));
            put(header, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
            put(header, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
            put(header, 265, 32, "user".getBytes(StandardCharsets.US_ASCII));
            put(header, 297, 32, "group".getBytes(StandardCharsets.US_ASCII));
            for (int i = 148; i < 156; i++) {
                header[i] = ' ';
            }
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            byte[] checksum = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
            put(header, 148, 6, checksum);
            header[154] = 0;
            header[155] = ' ';
            out.writeBytes(header);
            out.writeBytes(data);
            int pad = (512 - data.length % 512) % 512;
            out.writeBytes(new byte[pad]);
            return this;
        }

        public byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(out.toByteArray());
            all.writeBytes(new byte[1024]);
            return all.toByteArray();
        }

        public byte[] gzipped() {
            return gzip(bytes());
        }

        private static void put(byte[] header, int offset, int length, byte[] value) {
            if (value.length > length) {
                throw new IllegalArgumentException("too long for a ustar field of " + length + ": " + value.length);
            }
            System.arraycopy(value, 0, header, offset, value.length);
        }

        /** {@code length - 1} octal digits and a NUL. */
        private static void octal(byte[] header, int offset, int length, long value) {
            String digits = String.format("%0" + (length - 1) + "o", value);
            put(header, offset, length - 1, digits.getBytes(StandardCharsets.US_ASCII));
            header[offset + length - 1] = 0;
        }
    }

    /** A zip made with the JDK's writer. */
    public static final class Zip {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ZipOutputStream zip = new ZipOutputStream(out);

        public Zip file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }

        public Zip file(String name, byte[] content) {
            try {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(content);
                zip.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Zip dir(String name) {
            try {
                zip.putNextEntry(new ZipEntry(name.endsWith("/") ? name : name + "/"));
                zip.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public byte[] bytes() {
            try {
                zip.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
