package dev.jlite.addon.piplite;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;

/** Ships Python wheels with the site, with a Warehouse-like index. Its tasks arrive with the feature; until then it registers none. */
public final class PipliteAddon implements Addon {

    @Override
    public String id() {
        return "piplite";
    }

    @Override
    public String description() {
        return "wheels served with the site (not yet implemented)";
    }

    @Override
    public void register(AddonRegistrar registrar) {
        // No tasks yet.
    }
}
