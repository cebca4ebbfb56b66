package dev.jlite.core.internal.json;

import dev.jlite.core.spi.Json;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper of a build. Writes the way Python's {@code json.dumps(sort_keys=True, indent=2)}
 * does, so files match the reference byte for byte.
 */
public final class JsonSupport implements Json {

    /**
     * Python's order of {@code str}: by code point, not by UTF-16 unit (they differ above U+FFFF). Compares
     * in place, without copying either string: this order sorts every JSON object and every file walk.
     */
    public static final Comparator<String> CODE_POINT_ORDER = JsonSupport::compareCodePoints;

    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (!Character.isSurrogate(x) && !Character.isSurrogate(y)) {
                    return x - y;
                }
                // the first difference lies in a code point above U+FFFF, or beside one: compare whole code points
                return Integer.compare(a.codePointAt(Character.isLowSurrogate(x) && i > 0 ? i - 1 : i),
                        b.codePointAt(Character.isLowSurrogate(y) && i > 0 ? i - 1 : i));
            }
        }
        return a.length() - b.length();
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final JsonSupport INSTANCE = new JsonSupport(null);

    /** Where {@link #write} sends the bytes instead of the file system; null for the shared instance. */
    private final BiConsumer<Path, byte[]> writer;

    public static JsonSupport instance() {
        return INSTANCE;
    }

    /** This JSON, with {@link #write} handing the bytes to {@code w} instead of writing the file. */
    public static Json writingThrough(BiConsumer<Path, byte[]> w) {
        return new JsonSupport(w);
    }

    private JsonSupport(BiConsumer<Path, byte[]> writer) {
        this.writer = writer;
    }

    @Override
    public ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    @Override
    public ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    @Override
    public JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LiteException(file + " does not exist", file.toString(), e);
        } catch (MalformedInputException e) {
            throw new LiteException(file + " is not UTF-8 text", file.toString(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(text, file.toString());
    }

    @Override
    public JsonNode parse(String text, String origin) {
        if (text.isBlank()) {
            throw new LiteException(origin + ": is empty, expected JSON", origin, null);
        }
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? origin : origin + ":" + at.getLineNr() + ":" + at.getColumnNr();
            String reason = firstLine(e.getOriginalMessage());
            throw new LiteException(where + ": malformed JSON: " + reason, origin, e);
        }
    }

    @Override
    public byte[] bytes(JsonNode node) {
        return format(node).getBytes(StandardCharsets.UTF_8);
    }

    /** The text {@link #write} writes. */
    public String format(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(out, node, 0);
        return out.toString();
    }

    @Override
    public void write(Path file, JsonNode node) {
        if (writer != null) {
            writer.accept(file, bytes(node));
            return;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, bytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    @Override
    public <T> T convert(JsonNode node, Class<T> type) {
        return MAPPER.treeToValue(node, type);
    }

    private static void write(StringBuilder out, JsonNode node, int depth) {
        if (node.isObject() || node.isArray()) {
            boolean object = node.isObject();
            if (node.isEmpty()) {
                out.append(object ? "{}" : "[]");
                return;
            }
            List<String> names = object ? node.propertyNames().stream().sorted(CODE_POINT_ORDER).toList() : null;
            String indent = "  ".repeat(depth + 1);
            out.append(object ? '{' : '[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "\n" : ",\n").append(indent);
                if (object) {
                    string(out, names.get(i));
                    out.append(": ");
                }
                write(out, object ? node.get(names.get(i)) : node.get(i), depth + 1);
            }
            out.append('\n').append("  ".repeat(depth)).append(object ? '}' : ']');
        } else if (node.isString()) {
            string(out, node.stringValue());
        } else if (node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            out.append(pythonFloat(node.doubleValue()));
        } else {
            string(out, node.asString());
        }
    }

    /**
     * Python's repr of a float: {@code 1.0}, {@code 0.5}, {@code 1e-05}, {@code 1e+20}, {@code -0.0}; the
     * shortest digits that read back as the same double, as Python (and {@code json.loads}) see every
     * non-integral JSON number.
     */
    static String pythonFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal v = shortest(value).stripTrailingZeros();
        int exponent = v.precision() - v.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = v.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String sign = v.signum() < 0 ? "-" : "";
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = v.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /**
     * The decimal with the fewest digits that reads back as {@code value}; the nearest one (ties to even) if
     * several do. ({@link Double#toString} is not always the shortest before Java 19, e.g.
     * {@code 9.999999999999999E22} for {@code 1e23}.)
     */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; ; digits++) {
            // The nearest candidate, else the one on its other side (a power of two has a narrower gap below).
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal candidate = exact.round(new MathContext(digits, mode));
                if (candidate.doubleValue() == value) {
                    return candidate;
                }
            }
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        // Jackson appends where an enclosing value started, in its own notation; the column we give says enough.
        String reason = message;
        for (String tail : new String[] {"\n", " (for ", " at [Source"}) {
            int at = reason.indexOf(tail);
            if (at > 0) {
                reason = reason.substring(0, at);
            }
        }
        return reason;
    }

    @Override
    public List<String> validate(JsonNode schema, JsonNode instance) {
        try {
            return JsonSchemaCheck.of(schema).validate(instance).stream().map(p -> p.pointer() + ": " + p.reason()).toList();
        } catch (JsonSchemaCheck.UnusableSchemaException e) {
            throw new LiteException("the schema cannot be used: " + e.getMessage(), null, e);
        }
    }
}
