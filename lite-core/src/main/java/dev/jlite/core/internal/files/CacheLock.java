package dev.jlite.core.internal.files;

import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Work on one cache entry done by one holder at a time: one thread of this JVM (a monitor; a file lock
 * cannot be taken twice in one JVM) and one process (a lock on a file in the cache). Callers look again
 * inside, since the holder before them may have done the work.
 */
public final class CacheLock {

    /**
     * The monitors of the locks held or waited for in this JVM, with how many threads use each. JVM-wide, not
     * one build's, because a file lock is the whole JVM's: two builds in one JVM sharing a cache need the same
     * monitor. An entry goes once no thread uses it, so a long-lived JVM keeps none for the locks of the past.
     */
    private static final ConcurrentHashMap<Path, AtomicInteger> MONITORS = new ConcurrentHashMap<>();

    private CacheLock() {
    }

    /**
     * Runs {@code work} holding the lock {@code lockFile}: created for the time it is held, then removed. A
     * holder waiting on the removed file gets it next and looks again, as every holder does.
     */
    public static <T> T holding(Path lockFile, Supplier<T> work) {
        Path key = lockFile.toAbsolutePath().normalize();
        AtomicInteger monitor = MONITORS.compute(key, (k, m) -> {
            AtomicInteger users = m == null ? new AtomicInteger() : m;
            users.incrementAndGet();
            return users;
        });
        try {
            return holding(key, monitor, work);
        } finally {
            MONITORS.computeIfPresent(key, (k, m) -> m.decrementAndGet() == 0 ? null : m);
        }
    }

    private static <T> T holding(Path key, Object monitor, Supplier<T> work) {
        synchronized (monitor) {
            try {
                Files.createDirectories(key.getParent());
                try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.lock();
                    try {
                        return work.get();
                    } finally {
                        // removed before it is released, so the cache keeps no trace of it: a process that opens the
                        // name afterwards locks a new file, and finds the work done (or does it again after a failure)
                        Files.deleteIfExists(key);
                        lock.release();
                    }
                }
            } catch (IOException e) {
                throw new LiteException("cannot lock " + key + " in the cache (" + FileOpsImpl.reason(e)
                        + "); choose another cache with --cache-dir", key.toString(), e);
            }
        }
    }

    /** How many locks threads of this JVM hold or wait for now. */
    static int inUse() {
        return MONITORS.size();
    }
}
