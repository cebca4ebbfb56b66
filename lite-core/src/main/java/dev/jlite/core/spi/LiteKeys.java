package dev.jlite.core.spi;

/** The shared vocabulary of the build store, owned by core. */
public final class LiteKeys {

    /** Changes to runtime configuration files; core merges them and writes each file once. */
    public static final ListKey<ConfigPatch> CONFIG_PATCHES = ListKey.of("lite.config-patches", ConfigPatch.class);

    /** The unpacked app archive; written in {@link Phase#INIT}. */
    public static final Key<AppInfo> APP = Key.of("lite.app", AppInfo.class);

    private LiteKeys() {
    }
}
