package dev.jlite.cli;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The conditional and range headers of a GET, as RFC 9110 reads them, for {@link SiteServer}. */
final class Conditions {

    private Conditions() {
    }

    /**
     * Whether the client's copy is current: {@code If-None-Match} names the ETag (or is {@code *}); only
     * when it is absent, {@code If-Modified-Since} is no earlier than the file's time (to the second).
     */
    static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, Instant modified) {
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || weak(t).equals(weak(etag))) {
                    return true;
                }
            }
            return false;
        }
        return date(ifModifiedSince).map(since -> modified.getEpochSecond() <= since.getEpochSecond()).orElse(false);
    }

    /** Whether a {@code Range} applies: no {@code If-Range}, or one naming the current ETag (strongly) or time. */
    static boolean ifRange(String ifRange, String etag, Instant modified) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"")) {
            return v.equals(etag);
        }
        return date(v).map(d -> d.getEpochSecond() == modified.getEpochSecond()).orElse(false);
    }

    /**
     * The one byte range asked for, as {first, last} inclusive; an empty array when it starts past the end
     * (416); empty when there is no range header, it is malformed, or asks for several ranges (then the
     * whole file is sent, which RFC 9110 allows).
     */
    static Optional<long[]> range(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return Optional.empty();
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    return suffix == 0 ? Optional.of(new long[0]) : Optional.empty();
                }
                return size == 0 ? Optional.of(new long[0]) : Optional.of(new long[] {Math.max(0, size - suffix), size - 1});
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Long.parseLong(b);
            if (first < 0 || last < first) {
                return Optional.empty();
            }
            if (first >= size) {
                return Optional.of(new long[0]);
            }
            return Optional.of(new long[] {first, Math.min(last, size - 1)});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String weak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static Optional<Instant> date(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
