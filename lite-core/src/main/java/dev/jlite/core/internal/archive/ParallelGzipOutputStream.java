package dev.jlite.core.internal.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream compressed on several threads, as pigz does: the input is cut into fixed blocks, each
 * deflated on its own with the previous block's last 32 KiB as its dictionary and ended with a sync flush,
 * and the raw deflate outputs are written one after the other, in order, inside one gzip member. Block
 * boundaries depend only on the bytes written, so the output is the same whatever the number of threads
 * or their timing. The header has no time, no name and no extra fields.
 */
public final class ParallelGzipOutputStream extends OutputStream {

    static final int BLOCK = 128 * 1024;
    private static final int DICTIONARY = 32 * 1024;

    private final OutputStream out;
    private final ExecutorService pool;
    private final int level;
    private final int maxInFlight;
    private final Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] dictionary = new byte[0];
    private long total;
    private boolean closed;

    /**
     * @param out     where the gzip stream goes (closed with this stream)
     * @param pool    the threads that deflate blocks; the caller owns and shuts it down
     * @param threads how many blocks may be deflated at once (memory is a few blocks per thread)
     * @param level   the deflate level, 1 to 9
     */
    public ParallelGzipOutputStream(OutputStream out, ExecutorService pool, int threads, int level) throws IOException {
        this.out = out;
        this.pool = pool;
        this.level = level;
        this.maxInFlight = Math.max(1, threads) * 2;
        // magic, deflate, no flags, no time, extra flags (2 = best compression, 4 = fastest), unknown OS
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) (level >= 9 ? 2 : level == 1 ? 4 : 0), (byte) 255});
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (len > 0) {
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK) {
                submit(false);
            }
        }
    }

    /** Hands the current block to the pool (the last one finishes the deflate stream). */
    private void submit(boolean last) throws IOException {
        byte[] data = filled == block.length ? block : Arrays.copyOf(block, filled);
        crc.update(data, 0, data.length);
        total += data.length;
        byte[] dict = dictionary;
        inFlight.add(pool.submit(() -> deflate(data, dict, last)));
        dictionary = Arrays.copyOfRange(data, Math.max(0, data.length - DICTIONARY), data.length);
        block = new byte[BLOCK];
        filled = 0;
        while (inFlight.size() >= maxInFlight) {
            drainOne();
        }
    }

    private byte[] deflate(byte[] data, byte[] dict, boolean last) {
        // Bytes that are already compressed (wheels, images, fonts) would cost the full search for nothing:
        // such a block is stored as it is. The choice depends on the block's bytes alone.
        Deflater deflater = new Deflater(incompressible(data) ? Deflater.NO_COMPRESSION : level, true);
        try {
            if (dict.length > 0) {
                deflater.setDictionary(dict);
            }
            deflater.setInput(data);
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buffer = new byte[64 * 1024];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    compressed.write(buffer, 0, deflater.deflate(buffer));
                }
            } else {
                // a sync flush ends the block on a byte boundary without ending the deflate stream
                int n;
                do {
                    n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    compressed.write(buffer, 0, n);
                } while (n == buffer.length || !deflater.needsInput());
            }
            return compressed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Whether a block looks like compressed data: its bytes spread almost evenly (above 7.9 bits each). */
    static boolean incompressible(byte[] data) {
        if (data.length < 4096) {
            return false;
        }
        int[] counts = new int[256];
        for (byte b : data) {
            counts[b & 0xff]++;
        }
        double entropy = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / data.length;
                entropy -= p * Math.log(p);
            }
        }
        return entropy / Math.log(2) > 7.9;
    }

    private void drainOne() throws IOException {
        Future<byte[]> next = inFlight.removeFirst();
        try {
            out.write(next.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("compression failed", e.getCause());
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                drainOne();
            }
            long value = crc.getValue();
            out.write(new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
                    (byte) total, (byte) (total >> 8), (byte) (total >> 16), (byte) (total >> 24)});
        } finally {
            closed = true;
            inFlight.forEach(f -> f.cancel(true));
            out.close();
        }
    }
}
