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

    /** The self-hosted Pyodide distribution, when the site has one; in {@link Phase#BUILD}. */
    public static final Key<PyodideDistribution> PYODIDE = Key.of("lite.pyodide", PyodideDistribution.class);

    /**
     * Names of Pyodide packages an addon serves itself (e.g. wheels installed on import), so that a
     * distribution lacking their files is still complete; in {@link Phase#POST_BUILD}.
     */
    public static final ListKey<String> PROVIDED_PACKAGES = ListKey.of("lite.provided-packages", String.class);

    /**
     * Entries for the hosted Pyodide's package index, from addons that serve packages themselves; the
     * Pyodide addon writes the index once, with them, in {@link Phase#POST_BUILD}.
     */
    public static final ListKey<PyodidePackage> PYODIDE_PACKAGES = ListKey.of("lite.pyodide-packages", PyodidePackage.class);

    /** Wheel indexes published by extensions ({@code piplite.wheelDir}); in {@link Phase#POST_BUILD}. */
    public static final ListKey<WheelIndex> WHEEL_INDEXES = ListKey.of("lite.wheel-indexes", WheelIndex.class);

    private LiteKeys() {
    }
}
