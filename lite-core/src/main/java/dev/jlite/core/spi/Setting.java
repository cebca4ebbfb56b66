package dev.jlite.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A configurable value of an addon's configuration class (a "trait" in the reference's terms): settable
 * in {@code jupyter_lite_config.json} under the class name, as {@code --Class.name=value}, and optionally
 * through a CLI alias, a boolean flag or an environment variable.
 *
 * <p>Declare each setting once, as a constant, with one of the typed factories ({@link #string}, {@link #bool},
 * {@link #integer}, {@link #list}, {@link #object}, {@link #any}) and the {@code with}-style methods, return
 * the constants from {@link Addon#settings()}, and read a value with {@link AddonConfig#get}: the type
 * parameter is what the read gives ({@code Setting<Long>} reads as a {@code Long}).
 *
 * @param <T>          what a value reads as
 * @param name         the trait name, e.g. {@code piplite_urls}
 * @param type         the value type
 * @param help         one line of help
 * @param alias        a CLI option name without dashes, e.g. {@code piplite-wheels}
 * @param flag         a CLI flag name without dashes that sets a {@link SettingType#BOOLEAN} (or {@link SettingType#ANY})
 *                     to {@code true}
 * @param env          an environment variable that supplies the value
 * @param defaultValue the value when nothing sets it
 * @param check        what a value must be beyond its type, checked when the configuration is resolved
 */
public record Setting<T>(String name, SettingType type, String help, Optional<String> alias, Optional<String> flag,
                         Optional<String> env, Optional<JsonNode> defaultValue, Check check) {

    /**
     * What a value must be beyond its type: a whole number within bounds, one of some strings, or a list of
     * regular expressions that compile. A value that fails is a configuration error (exit 2) naming the
     * setting, where it was set and what is allowed.
     *
     * @param min      the least whole number allowed
     * @param max      the greatest whole number allowed
     * @param choices  the strings allowed (empty: any)
     * @param patterns whether a list's items are regular expressions
     */
    public record Check(OptionalLong min, OptionalLong max, List<String> choices, boolean patterns) {

        /** No check beyond the type. */
        public static final Check NONE = new Check(OptionalLong.empty(), OptionalLong.empty(), List.of(), false);

        /** Copies {@code choices}. */
        public Check {
            choices = List.copyOf(choices);
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern CLI = Pattern.compile("[a-z][a-z0-9-]*");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Checks the name, the CLI names, that a flag is boolean and that a default has the setting's type. */
    public Setting {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(help, "help");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("setting name must match " + NAME + ": " + name);
        }
        alias.ifPresent(a -> requireCli(a, "alias"));
        flag.ifPresent(f -> requireCli(f, "flag"));
        if (flag.isPresent() && type != SettingType.BOOLEAN && type != SettingType.ANY) {
            throw new IllegalArgumentException("only a BOOLEAN (or ANY) setting can have a flag: " + name);
        }
    }

    /** A {@link SettingType#STRING} setting. */
    public static Setting<String> string(String name, String help) {
        return of(name, SettingType.STRING, help);
    }

    /** A {@link SettingType#BOOLEAN} setting; it reads as false when nothing sets it and it has no default. */
    public static Setting<Boolean> bool(String name, String help) {
        return of(name, SettingType.BOOLEAN, help);
    }

    /** An {@link SettingType#INTEGER} setting. */
    public static Setting<Long> integer(String name, String help) {
        return of(name, SettingType.INTEGER, help);
    }

    /** A {@link SettingType#LIST} setting; it reads as an empty list when nothing sets it and it has no default. */
    public static Setting<List<String>> list(String name, String help) {
        return of(name, SettingType.LIST, help);
    }

    /** An {@link SettingType#OBJECT} setting. */
    public static Setting<JsonNode> object(String name, String help) {
        return of(name, SettingType.OBJECT, help);
    }

    /** An {@link SettingType#ANY} setting. */
    public static Setting<JsonNode> any(String name, String help) {
        return of(name, SettingType.ANY, help);
    }

    private static <V> Setting<V> of(String name, SettingType type, String help) {
        return new Setting<>(name, type, help, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Check.NONE);
    }

    public Setting<T> withAlias(String cliName) {
        return new Setting<>(name, type, help, Optional.of(cliName), flag, env, defaultValue, check);
    }

    public Setting<T> withFlag(String cliName) {
        return new Setting<>(name, type, help, alias, Optional.of(cliName), env, defaultValue, check);
    }

    public Setting<T> withEnv(String variable) {
        return new Setting<>(name, type, help, alias, flag, Optional.of(variable), defaultValue, check);
    }

    /** The value when nothing sets it. */
    public Setting<T> withDefault(T value) {
        return new Setting<>(name, type, help, alias, flag, env, Optional.of(toJson(value)), check);
    }

    /** An {@link SettingType#INTEGER} setting whose value must lie between {@code min} and {@code max}, both included. */
    public Setting<T> withRange(long min, long max) {
        if (type != SettingType.INTEGER || min > max) {
            throw new IllegalArgumentException("a range is for an INTEGER setting, with min <= max: " + name);
        }
        return new Setting<>(name, type, help, alias, flag, env, defaultValue,
                new Check(OptionalLong.of(min), OptionalLong.of(max), check.choices(), check.patterns()));
    }

    /** A {@link SettingType#STRING} setting whose value must be one of {@code values}. */
    public Setting<T> withChoices(String... values) {
        if (type != SettingType.STRING || values.length == 0) {
            throw new IllegalArgumentException("choices are for a STRING setting, at least one: " + name);
        }
        return new Setting<>(name, type, help, alias, flag, env, defaultValue,
                new Check(check.min(), check.max(), List.of(values), check.patterns()));
    }

    /** A {@link SettingType#LIST} setting whose items are regular expressions (each must compile). */
    public Setting<T> withPatterns() {
        if (type != SettingType.LIST) {
            throw new IllegalArgumentException("patterns are for a LIST setting: " + name);
        }
        return new Setting<>(name, type, help, alias, flag, env, defaultValue, new Check(check.min(), check.max(), check.choices(), true));
    }

    /**
     * A resolved value (already checked against {@link #type}) as this setting reads: a string, a boolean, a
     * long, an immutable list of strings, or (for {@code OBJECT} and {@code ANY}) a copy of the node.
     */
    @SuppressWarnings("unchecked")
    public T read(JsonNode value) {
        Object out = switch (type) {
            case STRING -> value.asString();
            case BOOLEAN -> value.asBoolean();
            case INTEGER -> value.asLong();
            case LIST -> value.valueStream().map(JsonNode::asString).toList();
            case OBJECT, ANY -> value.deepCopy();
        };
        return (T) out;
    }

    /** What this setting reads as when neither a value nor a default is there, if its type has such a value. */
    @SuppressWarnings("unchecked")
    public Optional<T> empty() {
        return switch (type) {
            case BOOLEAN -> Optional.of((T) Boolean.FALSE);
            case LIST -> Optional.of((T) List.of());
            default -> Optional.empty();
        };
    }

    private JsonNode toJson(T value) {
        Objects.requireNonNull(value, "default");
        JsonNode node = switch (type) {
            case STRING -> value instanceof String text ? NODES.stringNode(text) : null;
            case BOOLEAN -> value instanceof Boolean b ? NODES.booleanNode(b) : null;
            case INTEGER -> value instanceof Long n ? NODES.numberNode(n) : null;
            case LIST -> {
                if (!(value instanceof List<?> items)) {
                    yield null;
                }
                ArrayNode array = NODES.arrayNode();
                items.forEach(i -> array.add(String.valueOf(i)));
                yield array;
            }
            case OBJECT -> value instanceof JsonNode n && n.isObject() ? n.deepCopy() : null;
            case ANY -> value instanceof JsonNode n ? n.deepCopy() : null;
        };
        if (node == null) {
            throw new IllegalArgumentException("the default of " + type + " setting " + name + " has the wrong type: " + value);
        }
        return node;
    }

    private static void requireCli(String value, String what) {
        if (!CLI.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match " + CLI + ": " + value);
        }
    }
}
