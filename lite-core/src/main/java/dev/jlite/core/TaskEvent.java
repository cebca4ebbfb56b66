package dev.jlite.core;

import dev.jlite.core.spi.Phase;

/**
 * What happened to one task.
 *
 * @param task     {@code addon:task}
 * @param phase    its phase
 * @param outcome  what happened
 * @param reason   why it ran or was not run, for {@code --verbose} and {@code jlite list}
 * @param millis   how long it took
 */
public record TaskEvent(String task, Phase phase, Outcome outcome, String reason, long millis) {

    /** What happened to a task. */
    public enum Outcome {
        /** It ran and succeeded. */
        RAN,
        /** It was up to date; what it wrote last time was reused. */
        SKIPPED,
        /** It ran and failed. */
        FAILED,
        /** It did not run because something it depends on failed. */
        NOT_RUN,
        /** (planning only) It would run. */
        WOULD_RUN
    }
}
