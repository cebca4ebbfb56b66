package dev.jlite.addon.pyodide;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;

/** Self-hosts a Pyodide distribution beside the site. Its tasks arrive with the feature; until then it registers none. */
public final class PyodideAddon implements Addon {

    @Override
    public String id() {
        return "pyodide";
    }

    @Override
    public String description() {
        return "self-hosted Pyodide (not yet implemented)";
    }

    @Override
    public void register(AddonRegistrar registrar) {
        // No tasks yet.
    }
}
