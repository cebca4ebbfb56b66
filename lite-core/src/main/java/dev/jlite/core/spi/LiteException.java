package dev.jlite.core.spi;

import java.util.Optional;

/**
 * A failure caused by the user's input (a missing file, a bad archive, an invalid value), reported as
 * one line without a stack trace. Tasks throw it; core turns it into an error {@link Diagnostic}.
 */
public class LiteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<String> subject;

    public LiteException(String message) {
        this(message, null, null);
    }

    public LiteException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param message one line naming the thing at fault and the way to fix it
     * @param subject the file, key or URL at fault, or {@code null}
     * @param cause   the underlying exception, or {@code null}
     */
    public LiteException(String message, String subject, Throwable cause) {
        super(message, cause);
        this.subject = Optional.ofNullable(subject);
    }

    /** The file, key or URL at fault, when known. */
    public Optional<String> subject() {
        return subject;
    }
}
