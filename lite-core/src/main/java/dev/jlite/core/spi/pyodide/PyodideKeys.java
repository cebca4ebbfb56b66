package dev.jlite.core.spi.pyodide;

import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.ListKey;
import dev.jlite.core.spi.Phase;

/** What addons tell each other about the site's Pyodide and its kernel, through the build store. */
public final class PyodideKeys {

    /** The self-hosted Pyodide distribution, when the site has one; in {@link Phase#BUILD}. */
    public static final Key<PyodideDistribution> DISTRIBUTION = Key.of("lite.pyodide", PyodideDistribution.class);

    /**
     * The site's Pyodide kernel, from the Pyodide addon, in {@link Phase#POST_BUILD}; absent without that addon,
     * when {@link PyodideKernel#CURRENT} is the one to assume.
     */
    public static final Key<PyodideKernel> KERNEL = Key.of("lite.pyodide-kernel", PyodideKernel.class);

    /**
     * Names of Pyodide packages an addon serves itself (e.g. wheels installed on import), so that a
     * distribution lacking their files is still complete; in {@link Phase#POST_BUILD}.
     */
    public static final ListKey<String> PROVIDED_PACKAGES = ListKey.of("lite.provided-packages", String.class);

    /**
     * Entries for the hosted Pyodide's package index, from addons that serve packages themselves; the
     * Pyodide addon writes the index once, with them, in {@link Phase#POST_BUILD}.
     */
    public static final ListKey<PyodidePackage> PACKAGES = ListKey.of("lite.pyodide-packages", PyodidePackage.class);

    private PyodideKeys() {
    }
}
