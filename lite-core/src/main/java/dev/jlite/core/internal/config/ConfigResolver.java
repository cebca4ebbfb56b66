package dev.jlite.core.internal.config;

import dev.jlite.core.ConfigArgument;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.SettingType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies the configuration layers in the reference's order: declared defaults, then environment
 * variables, then {@code jupyter_lite_config.json} (from the lite dir, or the file given with
 * {@code --config}), then the command line. Every value is checked against its declared type; a problem
 * is an error naming the file and key or the option.
 */
public final class ConfigResolver {

    /** The configuration file the reference reads from the lite dir. */
    public static final String CONFIG_FILE = "jupyter_lite_config.json";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SOURCE = "config";

    private final SettingsCatalog catalog;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    public ConfigResolver(SettingsCatalog catalog) {
        this.catalog = catalog;
    }

    /** Problems found; any error means the configuration is unusable. */
    public List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }

    public ResolvedConfig resolve(Path workingDir, Map<String, String> environment, Optional<Path> explicitFile,
                                  List<ConfigArgument> arguments) {
        Map<String, ClassValues> classes = new TreeMap<>();
        applyEnvironment(environment, classes);

        Path liteDir = liteDir(workingDir, classes, arguments);
        Optional<Path> file = explicitFile.map(f -> workingDir.resolve(f).normalize())
                .or(() -> Optional.of(liteDir.resolve(CONFIG_FILE)).filter(Files::isRegularFile));
        // the reference reads a folder's .py, then its .json, which wins
        Path python = liteDir.resolve("jupyter_lite_config.py");
        if (explicitFile.isEmpty() && Files.isRegularFile(python)) {
            try {
                applyDocument(PythonConfig.read(python), python, Map.of(), classes);
            } catch (LiteException e) {
                diagnostics.add(Diagnostic.error(SOURCE, e.getMessage()).about(python.toString()));
            }
        }
        if (explicitFile.isPresent() && !Files.isRegularFile(file.orElseThrow())) {
            diagnostics.add(Diagnostic.error(SOURCE, "the configuration file " + file.orElseThrow()
                    + " given with --config does not exist").about(file.orElseThrow().toString()));
        } else {
            file.ifPresent(f -> applyFile(f, classes));
        }
        applyArguments(arguments, classes);
        return new ResolvedConfig(catalog, classes, workingDir, liteDir, file.filter(Files::isRegularFile), environment);
    }

    private Path liteDir(Path workingDir, Map<String, ClassValues> classes, List<ConfigArgument> arguments) {
        String fromCli = null;
        for (ConfigArgument a : arguments) {
            if (a.className().equals(CoreSettings.CLASS) && a.name().equals("lite_dir")) {
                fromCli = a.value();
            }
        }
        if (fromCli != null) {
            return workingDir.resolve(fromCli).normalize();
        }
        ClassValues core = classes.get(CoreSettings.CLASS);
        JsonNode env = core == null ? null : core.values.get("lite_dir");
        return env == null ? workingDir.normalize() : workingDir.resolve(env.asString()).normalize();
    }

    private void applyEnvironment(Map<String, String> environment, Map<String, ClassValues> classes) {
        for (String className : catalog.classNames()) {
            for (Setting<?> s : catalog.settings(className).values()) {
                if (s.env().isEmpty()) {
                    continue;
                }
                String text = environment.get(s.env().get());
                if (text == null || text.isEmpty()) {
                    continue;
                }
                String where = "environment variable " + s.env().get();
                JsonNode value = checked(s, fromText(s, text, null, where), where);
                if (value != null) {
                    classes.computeIfAbsent(className, c -> new ClassValues()).set(s.name(), value, Origin.ENVIRONMENT);
                }
            }
        }
    }

    private void applyFile(Path file, Map<String, ClassValues> classes) {
        JsonNode root;
        try {
            root = JsonSupport.instance().read(file);
        } catch (LiteException e) {
            diagnostics.add(Diagnostic.error(SOURCE, e.getMessage()).about(file.toString()));
            return;
        }
        if (!root.isObject()) {
            diagnostics.add(Diagnostic.error(SOURCE, file + ": expected an object of configuration classes, e.g. "
                    + "{\"LiteBuildConfig\": {...}}").about(file.toString()));
            return;
        }
        applyDocument(root, file, keyLocations(file), classes);
    }

    /** A configuration document, {@code {"Class": {"setting": value}}}, read from {@code file}; {@code at} locates its keys. */
    private void applyDocument(JsonNode root, Path file, Map<String, String> at, Map<String, ClassValues> classes) {
        // The reference's LiteManager is a LiteBuildConfig: its section applies too, and wins.
        List<String> order = new ArrayList<>(root.propertyNames());
        order.sort((a, b) -> Boolean.compare(a.equals(CoreSettings.MANAGER_CLASS), b.equals(CoreSettings.MANAGER_CLASS)));
        for (String section : order) {
            JsonNode values = root.get(section);
            String className = section.equals(CoreSettings.MANAGER_CLASS) ? CoreSettings.CLASS : section;
            if (!values.isObject()) {
                // the reference's loader skips what is not a class's settings (e.g. "jupyter-lite-schema-version": 0)
                boolean looksLikeAClass = !section.isEmpty() && Character.isUpperCase(section.charAt(0));
                diagnostics.add((looksLikeAClass ? Diagnostic.warning(SOURCE, file + ": " + section + " is not an object of "
                        + "settings; it is ignored, as the reference ignores it") : Diagnostic.info(SOURCE, file + ": " + section
                        + " is no configuration class; it is ignored, as the reference ignores it")).about(file.toString()));
                continue;
            }
            if (!catalog.hasClass(className) && className.endsWith("Addon")) {
                diagnostics.add(Diagnostic.warning(SOURCE, file + ": no addon reads the section " + section
                        + " (is its addon disabled, or its jar missing from --addon-path?)").about(file.toString()));
            }
            ClassValues target = classes.computeIfAbsent(className, c -> new ClassValues());
            for (var entry : values.properties()) {
                String where = at.getOrDefault(section + "." + entry.getKey(), file.toString()) + ": " + section + "."
                        + entry.getKey();
                Optional<Setting<?>> setting = catalog.find(className, entry.getKey());
                if (setting.isEmpty()) {
                    if (catalog.hasClass(className)) {
                        diagnostics.add(Diagnostic.warning(SOURCE, where + " is not a setting jlite knows; it is ignored"
                                + suggestion(className, entry.getKey())).about(file.toString()));
                    } else {
                        // A class no addon declares (e.g. the reference's ContentsManager) is kept as written.
                        target.set(entry.getKey(), entry.getValue(), Origin.FILE);
                    }
                    continue;
                }
                JsonNode value = checked(setting.get(), fromJson(setting.get(), entry.getValue(), where), where);
                if (value != null) {
                    target.set(entry.getKey(), value, Origin.FILE);
                }
            }
        }
    }

    private void applyArguments(List<ConfigArgument> arguments, Map<String, ClassValues> classes) {
        Set<String> seen = new HashSet<>();
        for (ConfigArgument a : arguments) {
            Optional<Setting<?>> setting = catalog.find(a.className(), a.name());
            if (setting.isEmpty()) {
                String what = catalog.hasClass(a.className())
                        ? a.className() + " has no setting " + a.name() + suggestion(a.className(), a.name())
                        : "no addon reads the configuration class " + a.className();
                diagnostics.add(Diagnostic.error(SOURCE, a.option() + ": " + what).about(a.option()));
                continue;
            }
            ClassValues target = classes.computeIfAbsent(a.className(), c -> new ClassValues());
            String key = a.className() + "." + a.name();
            JsonNode previous = seen.add(key) ? null : target.values.get(a.name());
            JsonNode value = checked(setting.get(), fromText(setting.get(), a.value(), previous, a.option()), a.option());
            if (value != null) {
                target.set(a.name(), value, Origin.COMMAND_LINE);
            }
        }
    }

    /** Reads text from the command line or environment; {@code previous} is the value of an earlier repeat. */
    private JsonNode fromText(Setting<?> s, String text, JsonNode previous, String where) {
        switch (s.type()) {
            case STRING:
                return NODES.stringNode(text);
            case BOOLEAN:
                switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on":
                        return NODES.booleanNode(true);
                    case "false", "0", "no", "off":
                        return NODES.booleanNode(false);
                    default:
                        return invalid(where, "expected true or false, got '" + text + "'");
                }
            case INTEGER:
                try {
                    return NODES.numberNode(Long.parseLong(text.trim()));
                } catch (NumberFormatException e) {
                    return invalid(where, "expected a whole number, got '" + text + "'");
                }
            case LIST: {
                ArrayNode list = previous != null && previous.isArray() ? ((ArrayNode) previous).deepCopy() : NODES.arrayNode();
                if (text.trim().startsWith("[")) {
                    JsonNode parsed = parseQuietly(text);
                    JsonNode checked = parsed == null ? null : fromJson(s, parsed, where);
                    if (checked == null) {
                        return parsed == null ? invalid(where, "malformed JSON list: " + text) : null;
                    }
                    checked.forEach(list::add);
                } else {
                    list.add(text);
                }
                return list;
            }
            case OBJECT: {
                ObjectNode object = previous != null && previous.isObject() ? ((ObjectNode) previous).deepCopy() : NODES.objectNode();
                if (text.trim().startsWith("{")) {
                    JsonNode parsed = parseQuietly(text);
                    if (parsed == null || !parsed.isObject()) {
                        return invalid(where, "malformed JSON object: " + text);
                    }
                    object.setAll((ObjectNode) parsed);
                } else {
                    int eq = text.indexOf('=');
                    if (eq <= 0) {
                        return invalid(where, "expected key=value or a JSON object, got '" + text + "'");
                    }
                    object.put(text.substring(0, eq), text.substring(eq + 1));
                }
                return object;
            }
            default: {
                JsonNode parsed = parseQuietly(text);
                return parsed == null ? NODES.stringNode(text) : parsed;
            }
        }
    }

    /** Checks a value from a configuration file against the declared type. */
    private JsonNode fromJson(Setting<?> s, JsonNode value, String where) {
        if (value.isNull()) {
            return value;
        }
        // what the value should have been; null when it is that
        String expected = switch (s.type()) {
            case STRING -> value.isString() ? null : "a string";
            case BOOLEAN -> value.isBoolean() ? null : "true or false";
            case INTEGER -> value.isIntegralNumber() && value.canConvertToLong() ? null : "a whole number";
            case LIST -> value.isArray() && value.valueStream().allMatch(JsonNode::isString) ? null : "a list of strings";
            case OBJECT -> value.isObject() ? null : "an object";
            case ANY -> null;
        };
        if (expected == null) {
            return value;
        }
        String hint = s.type() == SettingType.LIST && value.isString() ? " (write [" + value + "])" : "";
        return invalid(where, "expected " + expected + ", got " + JsonSupport.instance().format(value).replace('\n', ' ') + hint);
    }

    /** A value that has its type, checked against what the setting allows beyond it; null (and an error) if it fails. */
    private JsonNode checked(Setting<?> s, JsonNode value, String where) {
        if (value == null || value.isNull()) {
            return value;
        }
        Setting.Check check = s.check();
        if (s.type() == SettingType.INTEGER && (check.min().isPresent() || check.max().isPresent())) {
            long v = value.asLong();
            long min = check.min().orElse(Long.MIN_VALUE);
            long max = check.max().orElse(Long.MAX_VALUE);
            if (v < min || v > max) {
                return invalid(where, "expected a whole number " + bounds(check) + ", got " + v);
            }
        }
        if (s.type() == SettingType.STRING && !check.choices().isEmpty() && !check.choices().contains(value.asString())) {
            return invalid(where, "expected one of " + String.join(", ", check.choices()) + ", got '" + value.asString() + "'");
        }
        if (s.type() == SettingType.LIST && check.patterns()) {
            for (JsonNode item : value) {
                try {
                    Pattern.compile(item.asString());
                } catch (PatternSyntaxException e) {
                    return invalid(where, "'" + item.asString() + "' is not a valid regular expression (" + e.getDescription()
                            + " at index " + e.getIndex() + "); fix or remove it");
                }
            }
        }
        return value;
    }

    private static String bounds(Setting.Check check) {
        if (check.min().isPresent() && check.max().isPresent()) {
            return "from " + check.min().getAsLong() + " to " + check.max().getAsLong();
        }
        return check.min().isPresent() ? "of at least " + check.min().getAsLong() : "of at most " + check.max().getAsLong();
    }

    /**
     * Where each {@code Section.key} of a configuration file stands, as {@code file:line:column}, so that a
     * problem with a value points at it (empty for a file that does not parse, which has its own error).
     */
    private static Map<String, String> keyLocations(Path file) {
        Map<String, String> out = new TreeMap<>();
        try (JsonParser p = JsonMapper.builder().build()
                .createParser(Files.readString(file, StandardCharsets.UTF_8))) {
            int depth = 0;
            String section = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case PROPERTY_NAME -> {
                        if (depth == 1) {
                            section = p.currentName();
                        } else if (depth == 2 && section != null) {
                            var at = p.currentTokenLocation();
                            out.putIfAbsent(section + "." + p.currentName(), file + ":" + at.getLineNr() + ":" + at.getColumnNr());
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    private JsonNode invalid(String where, String message) {
        diagnostics.add(Diagnostic.error(SOURCE, where + ": " + message).about(where));
        return null;
    }

    private static JsonNode parseQuietly(String text) {
        try {
            return JsonSupport.instance().parse(text, "value");
        } catch (LiteException e) {
            return null;
        }
    }

    private String suggestion(String className, String name) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : catalog.settings(className).keySet()) {
            int d = distance(candidate, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
