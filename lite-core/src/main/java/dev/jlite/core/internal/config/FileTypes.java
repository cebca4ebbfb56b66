package dev.jlite.core.internal.config;

import dev.jlite.core.internal.json.JsonSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** The reference's default {@code fileTypes}: name, file format, MIME types and extensions of 36 kinds of file. */
public final class FileTypes {

    /** The defaults, from {@code file-types.json} beside the built-in addons. */
    public static final JsonNode DEFAULTS = load();

    private FileTypes() {
    }

    private static JsonNode load() {
        try (InputStream in = FileTypes.class.getResourceAsStream("/dev/jlite/core/internal/addons/file-types.json")) {
            if (in == null) {
                throw new IllegalStateException("file-types.json is missing from lite-core");
            }
            return JsonSupport.instance().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "file-types.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
