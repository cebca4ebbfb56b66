package dev.jlite.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem or note, as a value.
 *
 * @param severity how bad it is
 * @param source   who says so: an addon id, or {@code core}
 * @param message  one line for a user, naming the thing at fault and the way to fix it
 * @param subject  the file, key or URL it is about, when there is one
 * @param cause    the underlying exception, shown only with {@code --debug}
 */
public record Diagnostic(Severity severity, String source, String message, Optional<String> subject,
                         Optional<Throwable> cause) {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(cause, "cause");
    }

    public static Diagnostic error(String source, String message) {
        return new Diagnostic(Severity.ERROR, source, message, Optional.empty(), Optional.empty());
    }

    public static Diagnostic warning(String source, String message) {
        return new Diagnostic(Severity.WARNING, source, message, Optional.empty(), Optional.empty());
    }

    public static Diagnostic info(String source, String message) {
        return new Diagnostic(Severity.INFO, source, message, Optional.empty(), Optional.empty());
    }

    /** The same diagnostic about {@code subject}. */
    public Diagnostic about(String subject) {
        return new Diagnostic(severity, source, message, Optional.of(subject), cause);
    }

    /** The same diagnostic with its underlying exception. */
    public Diagnostic withCause(Throwable throwable) {
        return new Diagnostic(severity, source, message, subject, Optional.of(throwable));
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code [source] subject: message}, the line a user sees. */
    public String render() {
        return subject.map(s -> message.contains(s) ? message : s + ": " + message).orElse(message);
    }
}
