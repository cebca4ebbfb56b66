package dev.jlite.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A configurable value of an addon's configuration class (a "trait" in the reference's terms): settable
 * in {@code jupyter_lite_config.json} under the class name, as {@code --Class.name=value}, and optionally
 * through a CLI alias, a boolean flag or an environment variable.
 *
 * <p>Immutable; build one with {@link #of} and the {@code with}-style methods.
 *
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
public record Setting(String name, SettingType type, String help, Optional<String> alias, Optional<String> flag,
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

    /** A setting without a check beyond its type (the form of jlite 0.1's settings). */
    public Setting(String name, SettingType type, String help, Optional<String> alias, Optional<String> flag,
                   Optional<String> env, Optional<JsonNode> defaultValue) {
        this(name, type, help, alias, flag, env, defaultValue, Check.NONE);
    }

    /** Checks the name, the CLI names and that a flag is boolean. */
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

    /** A setting with no alias, flag, environment variable or default. */
    public static Setting of(String name, SettingType type, String help) {
        return new Setting(name, type, help, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Check.NONE);
    }

    public Setting withAlias(String cliName) {
        return new Setting(name, type, help, Optional.of(cliName), flag, env, defaultValue, check);
    }

    public Setting withFlag(String cliName) {
        return new Setting(name, type, help, alias, Optional.of(cliName), env, defaultValue, check);
    }

    public Setting withEnv(String variable) {
        return new Setting(name, type, help, alias, flag, Optional.of(variable), defaultValue, check);
    }

    public Setting withDefault(JsonNode value) {
        return new Setting(name, type, help, alias, flag, env, Optional.of(value), check);
    }

    /** An {@link SettingType#INTEGER} setting whose value must lie between {@code min} and {@code max}, both included. */
    public Setting withRange(long min, long max) {
        if (type != SettingType.INTEGER || min > max) {
            throw new IllegalArgumentException("a range is for an INTEGER setting, with min <= max: " + name);
        }
        return new Setting(name, type, help, alias, flag, env, defaultValue,
                new Check(OptionalLong.of(min), OptionalLong.of(max), check.choices(), check.patterns()));
    }

    /** A {@link SettingType#STRING} setting whose value must be one of {@code values}. */
    public Setting withChoices(String... values) {
        if (type != SettingType.STRING || values.length == 0) {
            throw new IllegalArgumentException("choices are for a STRING setting, at least one: " + name);
        }
        return new Setting(name, type, help, alias, flag, env, defaultValue,
                new Check(check.min(), check.max(), List.of(values), check.patterns()));
    }

    /** A {@link SettingType#LIST} setting whose items are regular expressions (each must compile). */
    public Setting withPatterns() {
        if (type != SettingType.LIST) {
            throw new IllegalArgumentException("patterns are for a LIST setting: " + name);
        }
        return new Setting(name, type, help, alias, flag, env, defaultValue, new Check(check.min(), check.max(), check.choices(), true));
    }

    private static void requireCli(String value, String what) {
        if (!CLI.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match " + CLI + ": " + value);
        }
    }
}
