package dev.jlite.core.internal.addons;

import dev.jlite.core.spi.Addon;
import java.util.List;

/** Core's own addons, for catalogs built without discovery. Discovery finds the same ones through module-info. */
public final class BuiltInAddons {

    private BuiltInAddons() {
    }

    public static List<Addon> create() {
        return List.of(new ArchiveAddon(), new AuditAddon(), new CheckAddon(), new ContentsAddon(), new FederatedExtensionsAddon(),
                new LiteAddon(), new MimetypesAddon(), new ReportAddon(), new SettingsAddon(), new StaticAddon(), new TranslationAddon(),
                new WorkspacesAddon());
    }
}
