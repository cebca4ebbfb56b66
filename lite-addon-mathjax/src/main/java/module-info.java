/**
 * Self-hosts MathJax beside the site.
 *
 * @provides dev.jlite.core.spi.Addon the {@code mathjax} addon
 */
module dev.jlite.addon.mathjax {
    requires dev.jlite.core;

    provides dev.jlite.core.spi.Addon with dev.jlite.addon.mathjax.MathjaxAddon;
}
