package dev.jlite.core.internal.sources;

import dev.jlite.core.internal.files.DigestCache;
import dev.jlite.core.spi.LiteException;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed source spec: {@code <location>[!/<sub-path>][#sha256=<hex>]}.
 *
 * @param text     the spec as written
 * @param location the path, {@code file:} URI, URL or package reference
 * @param subPath  a path inside the archive or folder, when given
 * @param sha256   the pinned digest, lower-case, when given
 */
public record SourceSpec(String text, String location, Optional<String> subPath, Optional<String> sha256) {


    public static SourceSpec parse(String text) {
        String rest = text.trim();
        if (rest.isEmpty()) {
            throw new LiteException("an empty source was given; give a path, a file: URI or a URL");
        }
        Optional<String> sha = Optional.empty();
        int hash = rest.lastIndexOf("#sha256=");
        if (hash >= 0) {
            String hex = rest.substring(hash + "#sha256=".length()).toLowerCase(Locale.ROOT);
            if (!DigestCache.SHA256_HEX.matcher(hex).matches()) {
                throw new LiteException(text + ": #sha256= must be followed by 64 hex digits", text, null);
            }
            sha = Optional.of(hex);
            rest = rest.substring(0, hash);
        }
        Optional<String> sub = Optional.empty();
        int bang = rest.indexOf("!/");
        if (bang >= 0) {
            String s = rest.substring(bang + 2);
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            if (s.startsWith("/") || s.equals("..") || s.startsWith("../") || s.contains("/../")) {
                throw new LiteException(text + ": the path after !/ must stay inside the archive", text, null);
            }
            sub = s.isEmpty() ? Optional.empty() : Optional.of(s);
            rest = rest.substring(0, bang);
        }
        return new SourceSpec(text, rest, sub, sha);
    }

    /** The URI scheme, lower-case, or empty for a plain path. */
    public Optional<String> scheme() {
        int colon = location.indexOf(':');
        if (colon <= 1) { // no scheme, or a Windows drive letter
            return Optional.empty();
        }
        String s = location.substring(0, colon);
        return s.matches("[A-Za-z][A-Za-z0-9+.-]*") ? Optional.of(s.toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
