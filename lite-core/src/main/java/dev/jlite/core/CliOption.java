package dev.jlite.core;

import dev.jlite.core.spi.SettingType;
import java.util.Optional;

/**
 * A command-line alias or flag that sets one setting, for the CLI to offer.
 *
 * @param name      without dashes, e.g. {@code app-archive}
 * @param className the configuration class it sets, e.g. {@code LiteBuildConfig}
 * @param setting   the setting it sets, e.g. {@code app_archive}
 * @param type      the setting's type
 * @param flag      whether it takes no value (it sets {@code true})
 * @param help      one line of help
 * @param env       the environment variable that also sets it
 */
public record CliOption(String name, String className, String setting, SettingType type, boolean flag, String help,
                        Optional<String> env) {

    /** Whether the option may be repeated (list and object settings). */
    public boolean repeatable() {
        return type == SettingType.LIST || type == SettingType.OBJECT;
    }
}
