package dev.jlite.core.internal.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ParallelGzipOutputStreamTests {

    /** Text-like bytes that compress about as source code does, with some incompressible runs. */
    static byte[] sample(int size, long seed) {
        Random random = new Random(seed);
        String[] words = {"import", "def ", "return", "self", "value", "(", ")", ":", "\n    ", "jupyter", "lite", "=", "1", "None"};
        ByteArrayOutputStream b = new ByteArrayOutputStream(size);
        while (b.size() < size) {
            if (random.nextInt(3000) == 0) {
                byte[] noise = new byte[random.nextInt(4000)];
                random.nextBytes(noise);
                b.writeBytes(noise);
            } else {
                b.writeBytes(words[random.nextInt(words.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        return java.util.Arrays.copyOf(b.toByteArray(), size);
    }

    static byte[] compress(byte[] data, int threads, int level, int chunk) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, pool, threads, level)) {
                for (int off = 0; off < data.length; off += chunk) {
                    gz.write(data, off, Math.min(chunk, data.length - off));
                }
            }
            return out.toByteArray();
        } finally {
            pool.shutdownNow();
        }
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void whatGoesInComesOutForAnySizeAroundTheBlocks() throws IOException {
        int b = ParallelGzipOutputStream.BLOCK;
        for (int size : new int[] {0, 1, 1000, b - 1, b, b + 1, 3 * b, 5 * b + 17, 2_000_000}) {
            byte[] data = sample(size, size);
            byte[] gz = compress(data, 3, 6, 7919);
            assertArrayEquals(data, gunzip(gz), "size " + size);
            assertEquals(0x1f, gz[0] & 0xff);
            assertEquals(0x8b, gz[1] & 0xff);
            assertEquals(0, gz[4] | gz[5] | gz[6] | gz[7], "no time in the header");
        }
    }

    @Test
    void theBytesDoNotDependOnThreadsOrHowTheInputIsWritten() throws IOException {
        byte[] data = sample(3_000_000, 42);
        byte[] one = compress(data, 1, 6, 1 << 16);
        assertArrayEquals(one, compress(data, 2, 6, 1000));
        assertArrayEquals(one, compress(data, 8, 6, 1 << 20));
    }

    @Test
    void alreadyCompressedBlocksAreStoredAndTheRestDeflated() throws IOException {
        byte[] noise = new byte[1 << 20];
        new Random(3).nextBytes(noise);
        assertTrue(ParallelGzipOutputStream.incompressible(java.util.Arrays.copyOf(noise, ParallelGzipOutputStream.BLOCK)));
        assertTrue(!ParallelGzipOutputStream.incompressible(sample(ParallelGzipOutputStream.BLOCK, 1)));
        byte[] mixed = new byte[noise.length * 2];
        System.arraycopy(noise, 0, mixed, 0, noise.length);
        System.arraycopy(sample(noise.length, 5), 0, mixed, noise.length, noise.length);
        byte[] gz = compress(mixed, 2, 6, 1 << 16);
        assertArrayEquals(mixed, gunzip(gz));
        assertTrue(gz.length < noise.length * 1.01 + sample(noise.length, 5).length / 2, "the text half still shrinks: " + gz.length);
    }

    @Test
    void itCompressesAboutAsWellAsOneStream() throws IOException {
        byte[] data = sample(4_000_000, 7);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(single)) {
            gz.write(data);
        }
        double ratio = (double) compress(data, 2, 6, 1 << 16).length / single.size();
        assertTrue(ratio < 1.02, "within 2% of a single deflate stream at the same level: " + ratio);
    }
}
