package dev.jlite.cli;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Hostile archives of the sizes users met, made in a second or two: a zip of gigabytes of zeros (its deflate
 * stream repeats one flushed block, so it is written without compressing the gigabytes), a gzipped tar of
 * a million entries, a wheel whose RECORD inflates to gigabytes.
 */
final class Bombs {

    private static final int MIB = 1 << 20;

    private Bombs() {
    }

    /** A zip whose entries (name, then content) are written as given, plus {@code bombName} of {@code gib} GiB of zeros. */
    static Path zipOfZeros(Path file, long bytes, String bombName, String... smallEntries) throws IOException {
        byte[] chunk = flushedZeros();
        long chunks = bytes / MIB;
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[MIB];
        for (long i = 0; i < chunks; i++) {
            crc.update(zeros);
        }
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            zip.setUseZip64(Zip64Mode.AsNeeded);
            for (int i = 0; i + 1 < smallEntries.length; i += 2) {
                zip.putArchiveEntry(new ZipArchiveEntry(smallEntries[i]));
                zip.write(smallEntries[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
            ZipArchiveEntry bomb = new ZipArchiveEntry(bombName);
            bomb.setMethod(ZipArchiveEntry.DEFLATED);
            bomb.setSize(chunks * MIB);
            bomb.setCompressedSize(chunks * chunk.length + 2);
            bomb.setCrc(crc.getValue());
            zip.addRawArchiveEntry(bomb, new Repeated(chunk, chunks));
        }
        return file;
    }

    /** One MiB of zeros, deflated and flushed: a piece that can follow itself any number of times. */
    private static byte[] flushedZeros() {
        Deflater deflater = new Deflater(9, true);
        deflater.setInput(new byte[MIB]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 << 10];
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
        }
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        deflater.end();
        return out.toByteArray();
    }

    /** {@code count} copies of a piece, then an empty final block (03 00) that ends the deflate stream. */
    private static final class Repeated extends InputStream {
        private final byte[] piece;
        private final long count;
        private long done;
        private int at;
        private int tail;

        Repeated(byte[] piece, long count) {
            this.piece = piece;
            this.count = count;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (done == count) {
                if (tail == 2 || len == 0) {
                    return tail == 2 ? -1 : 0;
                }
                b[off] = tail == 0 ? (byte) 0x03 : 0;
                tail++;
                return 1;
            }
            int n = Math.min(len, piece.length - at);
            System.arraycopy(piece, at, b, off, n);
            at += n;
            if (at == piece.length) {
                at = 0;
                done++;
            }
            return n;
        }
    }

    /** A gzipped tar of {@code entries} empty files, {@code prefix0000001} on. */
    static Path tarOfEntries(Path file, int entries, String prefix) throws IOException {
        try (OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16) {
            {
                def.setLevel(1);
            }
        }) {
            byte[] header = new byte[512];
            for (int i = 1; i <= entries; i++) {
                java.util.Arrays.fill(header, (byte) 0);
                put(header, 0, String.format("%s%07d", prefix, i));
                put(header, 100, "0000644");
                put(header, 108, "0000000");
                put(header, 116, "0000000");
                put(header, 124, "00000000000");
                put(header, 136, "14524000000");
                header[156] = '0';
                put(header, 257, "ustar");
                put(header, 263, "00");
                for (int k = 148; k < 156; k++) {
                    header[k] = ' ';
                }
                long sum = 0;
                for (byte b : header) {
                    sum += b & 0xff;
                }
                put(header, 148, String.format("%06o", sum));
                header[154] = 0;
                out.write(header);
            }
            out.write(new byte[1024]);
        }
        return file;
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }

    /** The bytes this process has written so far (Linux: {@code wchar} of {@code /proc/self/io}). */
    static long written() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring("wchar:".length()).trim());
            }
        }
        throw new IOException("no wchar in /proc/self/io");
    }
}
