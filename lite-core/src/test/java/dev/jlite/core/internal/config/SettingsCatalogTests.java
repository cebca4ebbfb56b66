package dev.jlite.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.SettingType;
import dev.jlite.core.spi.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog of settings and the CLI names that reach them. */
class SettingsCatalogTests {

    private static SettingsCatalog withCore() {
        SettingsCatalog catalog = new SettingsCatalog();
        catalog.add("core", CoreSettings.CLASS, CoreSettings.SETTINGS);
        return catalog;
    }

    private static String render(SettingsCatalog.CliName n) {
        return n.name() + "=" + n.className() + "." + n.setting().name() + (n.isFlag() ? " (flag)" : "");
    }

    @Test
    void coreAliasesAndFlagsAreListedInDeclarationOrder() {
        SettingsCatalog catalog = withCore();

        assertEquals(List.of(), catalog.problems());
        assertEquals(List.of("lite-dir=LiteBuildConfig.lite_dir", "output-dir=LiteBuildConfig.output_dir",
                "cache-dir=LiteBuildConfig.cache_dir", "app-archive=LiteBuildConfig.app_archive",
                "apps=LiteBuildConfig.apps", "disable-addons=LiteBuildConfig.disable_addons",
                "no-sourcemaps=LiteBuildConfig.no_sourcemaps (flag)", "output-archive=LiteBuildConfig.output_archive",
                "contents=LiteBuildConfig.contents", "ignore-contents=LiteBuildConfig.ignore_contents",
                "extra-ignore-contents=LiteBuildConfig.extra_ignore_contents",
                "settings-overrides=LiteBuildConfig.settings_overrides",
                "federated-extensions=LiteBuildConfig.federated_extensions", "workspaces=LiteBuildConfig.workspaces",
                "mathjax-dir=LiteBuildConfig.mathjax_dir",
                "port=LiteBuildConfig.port", "base-url=LiteBuildConfig.base_url",
                "source-date-epoch=LiteBuildConfig.source_date_epoch", "force=LiteBuildConfig.force (flag)",
                "offline=LiteBuildConfig.offline (flag)", "take-over-output=LiteBuildConfig.take_over_output (flag)",
                "no-unused-shared-packages=LiteBuildConfig.no_unused_shared_packages (flag)",
                "no-libarchive=LiteBuildConfig.no_libarchive (flag)", "ignore-sys-prefix=LiteBuildConfig.ignore_sys_prefix (flag)",
                "strict=LiteBuildConfig.strict (flag)",
                "cross-origin-isolation=LiteBuildConfig.cross_origin_isolation (flag)"),
                catalog.cliNames().stream().map(SettingsCatalogTests::render).toList());
    }

    @Test
    void aLaterAddonCannotRedefineACoreAlias() {
        SettingsCatalog catalog = withCore();

        catalog.add("demo", "DemoAddon", List.of(
                Setting.string("out", "clashes").withAlias("output-dir"),
                Setting.bool("quick", "clashes too").withFlag("force"),
                Setting.string("fine", "no clash").withAlias("demo-fine")));

        List<Diagnostic> problems = catalog.problems();
        assertEquals(List.of(
                "WARNING demo: --output-dir cannot be redefined: it already sets LiteBuildConfig.output_dir",
                "WARNING demo: --force cannot be redefined: it already sets LiteBuildConfig.force"),
                problems.stream().map(d -> d.severity() + " " + d.source() + ": " + d.message()).toList());
        assertEquals("LiteBuildConfig.output_dir", catalog.cliName("output-dir")
                .map(n -> n.className() + "." + n.setting().name()).orElseThrow());
        assertEquals("DemoAddon.fine", catalog.cliName("demo-fine")
                .map(n -> n.className() + "." + n.setting().name()).orElseThrow());
        assertTrue(catalog.find("DemoAddon", "out").isPresent(), "the setting itself is still declared");
    }

    @Test
    void aSettingDeclaredTwiceKeepsTheFirst() {
        SettingsCatalog catalog = new SettingsCatalog();

        catalog.add("demo", "DemoAddon", List.of(
                Setting.string("name", "first"),
                Setting.list("name", "second")));

        assertEquals(List.of("setting DemoAddon.name is declared twice; the first declaration is used"),
                catalog.problems().stream().map(Diagnostic::message).toList());
        assertEquals(Severity.WARNING, catalog.problems().get(0).severity());
        assertEquals("first", catalog.find("DemoAddon", "name").orElseThrow().help());
    }

    @Test
    void classesAndSettingsAreFoundByName() {
        SettingsCatalog catalog = withCore();

        assertTrue(catalog.hasClass("LiteBuildConfig"));
        assertFalse(catalog.hasClass("LiteManager"));
        assertEquals(List.of("LiteBuildConfig"), catalog.classNames());
        assertEquals(SettingType.LIST, catalog.find("LiteBuildConfig", "apps").orElseThrow().type());
        assertTrue(catalog.find("LiteBuildConfig", "nope").isEmpty());
        assertTrue(catalog.find("Nope", "apps").isEmpty());
        assertEquals(0, catalog.settings("Nope").size());
    }
}
