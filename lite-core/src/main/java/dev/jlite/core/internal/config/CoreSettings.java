package dev.jlite.core.internal.config;

import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.Setting;
import java.util.List;

/** The configuration classes core declares: {@link LiteBuildConfig}, and the two the reference reads besides it. */
public final class CoreSettings {

    public static final String CLASS = LiteBuildConfig.CLASS;
    /** The reference reads the hidden-files policy from jupyter_server's ContentsManager; so does jlite. */
    public static final String CONTENTS_MANAGER = "ContentsManager";
    /** The reference's manager class; its section applies to {@code LiteBuildConfig} and wins over it. */
    public static final String MANAGER_CLASS = "LiteManager";

    public static final List<Setting<?>> SETTINGS = LiteBuildConfig.ALL;

    /** {@code ContentsManager.allow_hidden}. */
    public static final Setting<Boolean> ALLOW_HIDDEN = Setting.bool("allow_hidden",
            "Serve hidden files and folders (names starting with a dot) from the contents.");

    /** The settings of the ContentsManager class. */
    public static final List<Setting<?>> CONTENTS_MANAGER_SETTINGS = List.of(ALLOW_HIDDEN);

    private CoreSettings() {
    }
}
