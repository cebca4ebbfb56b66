/**
 * Ships Python wheels with the site, with a Warehouse-like index.
 *
 * @provides dev.jlite.core.spi.Addon the {@code piplite} addon
 */
module dev.jlite.addon.piplite {
    requires dev.jlite.core;

    provides dev.jlite.core.spi.Addon with dev.jlite.addon.piplite.PipliteAddon;
}
