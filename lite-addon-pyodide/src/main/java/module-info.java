/**
 * Self-hosts a Pyodide distribution beside the site.
 *
 * @provides dev.jlite.core.spi.Addon the {@code pyodide} addon
 */
module dev.jlite.addon.pyodide {
    requires dev.jlite.core;

    provides dev.jlite.core.spi.Addon with dev.jlite.addon.pyodide.PyodideAddon;
}
