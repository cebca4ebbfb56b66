package dev.jlite.core.spi;

/** The shared vocabulary of the build store, owned by core. */
public final class LiteKeys {

    /** Changes to runtime configuration files; core merges them and writes each file once. */
    public static final ListKey<ConfigPatch> CONFIG_PATCHES = ListKey.of("lite.config-patches", ConfigPatch.class);

    /** The unpacked app archive; written in {@link Phase#INIT}. */
    public static final Key<AppInfo> APP = Key.of("lite.app", AppInfo.class);

    /** Every prebuilt extension in the site, the app's and those jlite added, sorted by name; in {@link Phase#POST_BUILD}. */
    public static final ListKey<FederatedExtension> FEDERATED_EXTENSIONS =
            ListKey.of("lite.federated-extensions", FederatedExtension.class);

    /** Wheel indexes published by extensions ({@code piplite.wheelDir}); in {@link Phase#POST_BUILD}. */
    public static final ListKey<WheelIndex> WHEEL_INDEXES = ListKey.of("lite.wheel-indexes", WheelIndex.class);

    private LiteKeys() {
    }
}
