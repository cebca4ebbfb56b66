package dev.jlite.core.internal.config;

import dev.jlite.core.spi.AddonConfig;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The settings {@code jlite serve} reads, checked before anything is built so that a bad value is a usage
 * error: the port, the base URL and the response headers.
 */
public final class ServeSettings {

    /** An HTTP header name: an RFC 9110 token. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private ServeSettings() {
    }

    /** The problems of the serve settings of a configuration; none when it can be served. */
    public static List<Diagnostic> problems(AddonConfig config) {
        List<Diagnostic> out = new ArrayList<>(); // (the port's range is checked with the configuration)
        String base = config.get(LiteBuildConfig.BASE_URL);
        baseUrlProblem(base).ifPresent(p -> out.add(error("LiteBuildConfig.base_url (--base-url) " + p
                + ", got \"" + base + "\"; give a path such as / or /@foo/")));
        for (Setting<JsonNode> setting : List.of(LiteBuildConfig.HTTP_HEADERS, LiteBuildConfig.EXTRA_HTTP_HEADERS)) {
            String name = setting.name();
            JsonNode headers = config.find(setting).orElse(null);
            if (headers == null) {
                continue;
            }
            for (String header : headers.propertyNames()) {
                JsonNode value = headers.get(header);
                if (!TOKEN.matcher(header).matches()) {
                    out.add(error("LiteBuildConfig." + name + ": \"" + header + "\" is not a header name (letters, digits "
                            + "and !#$%&'*+-.^_`|~ only)"));
                } else if (!value.isNull() && !value.isString()) {
                    out.add(error("LiteBuildConfig." + name + ": the value of " + header + " must be a string (or null to "
                            + "leave it out), got " + value));
                } else if (value.isString() && value.asString().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                    out.add(error("LiteBuildConfig." + name + ": the value of " + header + " must be one line of text"));
                }
            }
        }
        return out;
    }

    /**
     * The base URL as the server uses it: a path that starts and ends with {@code /}. The slashes may be left
     * out in the configuration ({@code @foo} is {@code /@foo/}).
     */
    public static String normalizeBaseUrl(String value) {
        String v = value.isEmpty() || value.startsWith("/") ? value : "/" + value;
        return v.endsWith("/") ? v : v + "/";
    }

    /** Why a base URL cannot be served under, if it cannot. */
    static Optional<String> baseUrlProblem(String value) {
        String v = normalizeBaseUrl(value);
        if (v.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            return Optional.of("must not contain spaces or control characters");
        }
        for (String c : List.of("?", "#", "\\", "%")) {
            if (v.contains(c)) {
                return Optional.of("must be a plain path, without " + c);
            }
        }
        if (v.length() > 1 && List.of(v.substring(1, v.length() - 1).split("/", -1)).stream()
                .anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
            return Optional.of("must not contain empty, . or .. segments");
        }
        return Optional.empty();
    }

    private static Diagnostic error(String message) {
        return Diagnostic.error("config", message);
    }
}
