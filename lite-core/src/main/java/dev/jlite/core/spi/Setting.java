package dev.jlite.core.spi;

import java.util.Objects;
import java.util.Optional;
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
 * @param flag         a CLI flag name without dashes that sets a {@link SettingType#BOOLEAN} to {@code true}
 * @param env          an environment variable that supplies the value
 * @param defaultValue the value when nothing sets it
 */
public record Setting(String name, SettingType type, String help, Optional<String> alias, Optional<String> flag,
                      Optional<String> env, Optional<JsonNode> defaultValue) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern CLI = Pattern.compile("[a-z][a-z0-9-]*");

    public Setting {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("setting name must match " + NAME + ": " + name);
        }
        alias.ifPresent(a -> requireCli(a, "alias"));
        flag.ifPresent(f -> requireCli(f, "flag"));
        if (flag.isPresent() && type != SettingType.BOOLEAN) {
            throw new IllegalArgumentException("only a BOOLEAN setting can have a flag: " + name);
        }
    }

    /** A setting with no alias, flag, environment variable or default. */
    public static Setting of(String name, SettingType type, String help) {
        return new Setting(name, type, help, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Setting withAlias(String cliName) {
        return new Setting(name, type, help, Optional.of(cliName), flag, env, defaultValue);
    }

    public Setting withFlag(String cliName) {
        return new Setting(name, type, help, alias, Optional.of(cliName), env, defaultValue);
    }

    public Setting withEnv(String variable) {
        return new Setting(name, type, help, alias, flag, Optional.of(variable), defaultValue);
    }

    public Setting withDefault(JsonNode value) {
        return new Setting(name, type, help, alias, flag, env, Optional.of(value));
    }

    private static void requireCli(String value, String what) {
        if (!CLI.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match " + CLI + ": " + value);
        }
    }
}
