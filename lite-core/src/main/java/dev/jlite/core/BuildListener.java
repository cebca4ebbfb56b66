package dev.jlite.core;

import dev.jlite.core.spi.Diagnostic;

/** Hears about a run as it goes, e.g. to print progress. Every method has a no-op default. */
public interface BuildListener {

    default void diagnostic(Diagnostic diagnostic) {
    }

    default void taskStarting(String task) {
    }

    default void taskFinished(TaskEvent event) {
    }

    /**
     * A download's progress: {@code done} of {@code total} bytes ({@code total} is -1 when unknown). Called
     * from download threads; {@code done == total} when it finished.
     */
    default void progress(String label, long done, long total) {
    }
}
