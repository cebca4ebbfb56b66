package dev.jlite.core.spi;

import java.util.List;
import java.util.Locale;

/** Facts about the JupyterLite Pyodide kernel that several addons need. */
public final class PyodideKernel {

    /** The kernel extension of jupyterlite-pyodide-kernel (0.1.0b19 and later). */
    public static final String EXTENSION = "@jupyterlite/pyodide-kernel-extension";
    /** Its settings plugin, under which {@code litePluginSettings} holds pyodideUrl, pipliteUrls, ... */
    public static final String PLUGIN = EXTENSION + ":kernel";
    /** The kernel extension as jupyterlite 0.1.0 betas up to 18 named it ("pyolite"). */
    public static final String OLD_EXTENSION = "@jupyterlite/pyolite-kernel-extension";
    public static final String OLD_PLUGIN = OLD_EXTENSION + ":kernel";

    private PyodideKernel() {
    }

    /**
     * The kernel plugin id of a site: the pyolite one when its extension is there, or when the app is a
     * jupyterlite 0.1.0 alpha or beta up to 18 (which built the kernel in) and the new extension is not.
     */
    public static String pluginId(List<FederatedExtension> extensions, AppInfo app) {
        boolean current = extensions.stream().anyMatch(e -> e.name().equals(EXTENSION));
        boolean old = extensions.stream().anyMatch(e -> e.name().equals(OLD_EXTENSION));
        return !current && (old || isPyoliteEra(app.version())) ? OLD_PLUGIN : PLUGIN;
    }

    /** Whether an app version is a jupyterlite 0.1.0 alpha, or a beta up to 18. */
    public static boolean isPyoliteEra(String appVersion) {
        String v = appVersion.toLowerCase(Locale.ROOT).replace("-beta.", "b").replace("-alpha.", "a");
        if (!v.startsWith("0.1.0")) {
            return false;
        }
        String rest = v.substring("0.1.0".length());
        if (rest.startsWith("a")) {
            return true;
        }
        if (rest.startsWith("b")) {
            try {
                return Integer.parseInt(rest.substring(1)) <= 18;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }
}
