package dev.jlite.core.internal.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;

/**
 * One JSON Schema (Draft-07 unless the schema says otherwise, formats asserted), turning what the
 * validator finds into one short line per problem: a JSON pointer into the instance and a reason that says
 * what was expected and what was found.
 *
 * <p>Only references inside the schema document are followed: nothing is fetched, from the network or from
 * files, whatever the schema refers to.
 */
public final class JsonSchemaCheck {

    /** One problem: where in the instance (a JSON pointer, {@code ""} for the whole), and why. */
    public record Problem(String pointer, String reason) {
    }

    /** The schema refers to a document outside itself, which jlite does not load. */
    public static final class UnusableSchemaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnusableSchemaException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER)
            .locale(Locale.ENGLISH) // the validator's own messages, used as a fallback, must not depend on the machine
            .build();

    private static final Set<String> COMBINATORS = Set.of("anyOf", "oneOf");
    private static final Set<String> NO_VALUE_SHOWN = Set.of("required", "additionalProperties", "dependencies",
            "dependentRequired", "propertyNames", "minProperties", "maxProperties");
    /** Keywords about the kind of a value, for which "got an object" or "got an array" is worth saying. */
    private static final Set<String> KIND = Set.of("type", "enum", "const", "false");
    private static final int SHOWN_CHARS = 80;

    private final JsonNode root;
    private final Schema schema;

    private JsonSchemaCheck(JsonNode root, Schema schema) {
        this.root = root;
        this.schema = schema;
    }

    /** Compiles a schema; its references are resolved when first used. */
    public static JsonSchemaCheck of(JsonNode schemaDocument) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, b -> b
                .schemaRegistryConfig(CONFIG)
                .schemaLoader(loader -> loader.block(iri -> true)));
        try {
            return new JsonSchemaCheck(schemaDocument, registry.getSchema(schemaDocument));
        } catch (SchemaException e) {
            throw new UnusableSchemaException(e.getMessage(), e);
        }
    }

    /** The problems of {@code instance}, sorted by pointer; none when it is valid. */
    public List<Problem> validate(JsonNode instance) {
        List<Error> errors;
        try {
            errors = schema.validate(instance);
        } catch (SchemaException e) {
            throw new UnusableSchemaException(e.getMessage(), e);
        }
        List<Found> found = errors.stream()
                .map(e -> new Found(e, segments(e.getEvaluationPath()), elements(e.getInstanceLocation())))
                .toList();
        Set<Problem> out = new LinkedHashSet<>();
        summarize(found, 0, out);
        return out.stream().sorted(Comparator.comparing(Problem::pointer)).toList();
    }

    /** What the validator said, with its paths as lists. */
    private record Found(Error error, List<String> evaluation, List<Object> instance) {
    }

    /**
     * Turns errors into problems. Errors inside an {@code anyOf}/{@code oneOf} (from evaluation-path segment
     * {@code from} on) become one problem for the combinator, unless exactly one of its forms fits the value's
     * kind and fails deeper down: then that form's own problems are the useful ones.
     */
    private void summarize(List<Found> errors, int from, Set<Problem> out) {
        Map<List<String>, List<Found>> groups = new LinkedHashMap<>();
        for (Found f : errors) {
            int at = combinator(f.evaluation(), from);
            if (at < 0) {
                out.add(plain(f));
            } else {
                groups.computeIfAbsent(f.evaluation().subList(0, at + 1), k -> new ArrayList<>()).add(f);
            }
        }
        for (var g : groups.entrySet()) {
            combined(g.getKey(), g.getValue(), out);
        }
    }

    private void combined(List<String> prefix, List<Found> group, Set<Problem> out) {
        int k = prefix.size();
        Found self = null;
        Map<String, List<Found>> byBranch = new LinkedHashMap<>();
        for (Found f : group) {
            if (f.evaluation().size() == k) {
                self = f;
            } else {
                byBranch.computeIfAbsent(f.evaluation().get(k), b -> new ArrayList<>()).add(f);
            }
        }
        List<Object> location = self != null ? self.instance() : group.stream().map(Found::instance)
                .min(Comparator.comparingInt(List::size)).orElseThrow();
        JsonNode value = self != null ? self.error().getInstanceNode() : valueAt(group, location);
        JsonNode branches = schemaAt(prefix);
        if (byBranch.isEmpty()) {
            // a oneOf whose value fits several forms
            out.add(new Problem(pointer(location), "must match exactly one of " + forms(branches) + ", but fits several"
                    + got(value)));
            return;
        }
        List<List<Found>> deeper = new ArrayList<>();
        for (List<Found> branch : byBranch.values()) {
            if (branch.stream().noneMatch(f -> f.instance().equals(location))) {
                deeper.add(branch);
            }
        }
        if (deeper.size() == 1) {
            summarize(deeper.get(0), k + 1, out);
            return;
        }
        out.add(new Problem(pointer(location), "must be " + forms(branches) + got(value)));
    }

    private static JsonNode valueAt(List<Found> group, List<Object> location) {
        return group.stream().filter(f -> f.instance().equals(location)).map(f -> f.error().getInstanceNode())
                .findFirst().orElse(null);
    }

    private static int combinator(List<String> evaluation, int from) {
        for (int i = from; i < evaluation.size(); i++) {
            if (COMBINATORS.contains(evaluation.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private Problem plain(Found f) {
        Error e = f.error();
        JsonNode at = e.getSchemaNode();
        String where = pointer(f.instance());
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        String reason = switch (keyword) {
            case "type" -> "must be " + typeNames(at);
            case "enum" -> "must be " + orList(values(at));
            case "const" -> "must be " + shown(at);
            case "pattern" -> "must match the pattern " + at.asString();
            case "format" -> "must be a valid " + at.asString();
            case "required" -> {
                where = where + "/" + escape(e.getProperty());
                yield "is required but missing";
            }
            case "additionalProperties" -> {
                where = where + "/" + escape(e.getProperty());
                yield "is not a property the schema allows here";
            }
            case "false" -> "is not allowed here";
            default -> e.getMessage();
        };
        JsonNode value = e.getInstanceNode();
        // "got an array" says something after "must be an object", nothing after "must have at least 2 items"
        boolean shown = !NO_VALUE_SHOWN.contains(keyword) && (value == null || !value.isContainer() || KIND.contains(keyword));
        return new Problem(where, shown ? reason + got(value) : reason);
    }

    /** The forms of a combinator, for a user: "a string or an integer", "an NPM Package Name or ...". */
    private String forms(JsonNode branches) {
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            return "one of the allowed forms";
        }
        return orList(branches.valueStream().map(b -> describe(deref(b))).distinct().toList());
    }

    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "default", "examples", "$comment", "type");

    private String describe(JsonNode branch) {
        if (branch == null || !branch.isObject()) {
            return "another form";
        }
        if (branch.has("const")) {
            return shown(branch.get("const"));
        }
        if (branch.path("enum").isArray()) {
            return orList(values(branch.get("enum")));
        }
        boolean onlyType = branch.has("type") && branch.propertyNames().stream().allMatch(ANNOTATIONS::contains);
        if (onlyType) {
            return typeNames(branch.get("type"));
        }
        if (branch.path("title").isString()) {
            return article(branch.get("title").asString());
        }
        if (branch.has("type")) {
            return typeNames(branch.get("type"));
        }
        return "another form";
    }

    /** "A JupyterLab Plugin" reads "a JupyterLab Plugin" in the middle of a sentence. */
    private static String article(String title) {
        if (title.startsWith("A ") || title.startsWith("An ")) {
            return Character.toLowerCase(title.charAt(0)) + title.substring(1);
        }
        return title;
    }

    private static String typeNames(JsonNode type) {
        List<String> names = type == null ? List.of()
                : type.isArray() ? type.valueStream().map(t -> typeName(t.asString())).toList()
                : List.of(typeName(type.asString()));
        return names.isEmpty() ? "of another type" : orList(names);
    }

    private static String typeName(String type) {
        return switch (type) {
            case "integer", "object", "array" -> "an " + type;
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    private static List<String> values(JsonNode array) {
        return array == null ? List.of() : array.valueStream().map(JsonSchemaCheck::shown).toList();
    }

    private static String orList(List<String> items) {
        if (items.isEmpty()) {
            return "nothing";
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    /** ", got <value>" for values worth showing; nothing for objects and arrays, which say little in one line. */
    public static String got(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "";
        }
        if (value.isObject()) {
            return ", got an object";
        }
        if (value.isArray()) {
            return ", got an array";
        }
        return ", got " + shown(value);
    }

    /** A JSON value as JSON, cut short when long. */
    static String shown(JsonNode value) {
        String text = value.isString() ? quoted(value.asString()) : value.toString();
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS - 3) + "...";
    }

    private static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The schema node at an evaluation path, following references inside the document; null when unknown. */
    private JsonNode schemaAt(List<String> evaluation) {
        JsonNode cur = root;
        for (String segment : evaluation) {
            if (cur == null) {
                return null;
            }
            if (segment.equals("$ref")) {
                cur = local(cur.path("$ref").asString(""));
            } else if (cur.isArray()) {
                try {
                    cur = cur.get(Integer.parseInt(segment));
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                cur = cur.get(segment);
            }
        }
        return cur;
    }

    private JsonNode deref(JsonNode node) {
        Set<String> seen = new TreeSet<>();
        JsonNode cur = node;
        while (cur != null && cur.isObject() && cur.path("$ref").isString() && seen.add(cur.get("$ref").asString())) {
            JsonNode target = local(cur.get("$ref").asString());
            if (target == null) {
                return cur;
            }
            cur = target;
        }
        return cur;
    }

    /** A reference inside this document ({@code #/definitions/x}); null for any other. */
    private JsonNode local(String ref) {
        if (!ref.startsWith("#")) {
            return null;
        }
        String fragment = URLDecoder.decode(ref.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        JsonNode target = fragment.isEmpty() ? root : root.at(fragment);
        return target.isMissingNode() ? null : target;
    }

    private static List<String> segments(NodePath path) {
        return IntStream.range(0, path.getNameCount()).mapToObj(path::getName).toList();
    }

    private static List<Object> elements(NodePath path) {
        return IntStream.range(0, path.getNameCount()).mapToObj(path::getElement).toList();
    }

    private static String pointer(List<Object> elements) {
        return elements.stream().map(e -> "/" + escape(String.valueOf(e))).collect(Collectors.joining());
    }

    /** A JSON pointer's escaping of one reference token. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
