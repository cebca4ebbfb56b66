/**
 * jlite core: the build pipeline, configuration, services, the addon SPI and the built-in addons.
 *
 * @uses dev.jlite.core.spi.Addon
 * @provides dev.jlite.core.spi.Addon the built-in addons (the app, runtime configuration, contents, settings,
 *           file types, extensions, translations, workspaces, the checks)
 */
module dev.jlite.core {
    requires transitive tools.jackson.databind;
    requires org.apache.commons.compress;
    requires org.tukaani.xz;
    requires com.github.luben.zstd_jni;
    requires okhttp3;
    requires com.networknt.schema;
    requires org.jsoup;

    exports dev.jlite.core;
    exports dev.jlite.core.spi;
    exports dev.jlite.core.spi.pyodide;

    uses dev.jlite.core.spi.Addon;

    provides dev.jlite.core.spi.Addon with
            dev.jlite.core.internal.addons.AppAddon,
            dev.jlite.core.internal.addons.AuditAddon,
            dev.jlite.core.internal.addons.CheckAddon,
            dev.jlite.core.internal.addons.ChecksumsAddon,
            dev.jlite.core.internal.addons.ContentsAddon,
            dev.jlite.core.internal.addons.FederatedExtensionsAddon,
            dev.jlite.core.internal.addons.MimetypesAddon,
            dev.jlite.core.internal.addons.RuntimeConfigAddon,
            dev.jlite.core.internal.addons.SettingsAddon,
            dev.jlite.core.internal.addons.SiteArchiveAddon,
            dev.jlite.core.internal.addons.TranslationAddon,
            dev.jlite.core.internal.addons.WorkspacesAddon;
}
