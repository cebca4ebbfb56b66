package dev.jlite.core.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheLockTests {

    @TempDir
    Path cache;

    @Test
    void oneHolderAtATimeAndNoMonitorKeptAfterwards() throws Exception {
        Path lock = cache.resolve("locks/unpack-x.lock");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                runs.add(pool.submit(() -> {
                    start.await();
                    return CacheLock.holding(lock, () -> {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        inside.decrementAndGet();
                        return n;
                    });
                }));
            }
            start.countDown();
            int sum = 0;
            for (Future<Integer> f : runs) {
                sum += f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(28, sum, "every holder ran its work");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, most.get(), "never two holders at once");
        assertEquals(0, CacheLock.inUse(), "no monitor is kept for a lock no one holds");
        assertFalse(Files.exists(lock), "the lock file goes with its last holder");
    }
}
