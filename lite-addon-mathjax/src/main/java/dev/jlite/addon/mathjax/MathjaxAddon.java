package dev.jlite.addon.mathjax;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;

/** Self-hosts MathJax beside the site. Its tasks arrive with the feature; until then it registers none. */
public final class MathjaxAddon implements Addon {

    @Override
    public String id() {
        return "mathjax";
    }

    @Override
    public String description() {
        return "self-hosted MathJax (not yet implemented)";
    }

    @Override
    public void register(AddonRegistrar registrar) {
        // No tasks yet.
    }
}
