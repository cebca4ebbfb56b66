package dev.jlite.core;

import dev.jlite.core.internal.addons.BuiltInAddons;
import dev.jlite.core.internal.config.CoreSettings;
import dev.jlite.core.internal.config.SettingsCatalog;
import dev.jlite.core.internal.pipeline.AddonFailures;
import dev.jlite.core.internal.pipeline.DiscoveredAddon;
import dev.jlite.core.internal.pipeline.Discovery;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonCommand;
import dev.jlite.core.spi.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The addons a run can use, found once: their identities, the settings and CLI names they declare, and
 * the problems met while loading them. Build one with {@link #discover} (the module path, plus any layers
 * of addon jars) or {@link #withBuiltIns} (an explicit list, for tests and embedding).
 */
public final class AddonCatalog {

    private final List<DiscoveredAddon> addons;
    private final List<Diagnostic> problems;
    private final Map<String, Map<String, AddonCommand>> commands = new TreeMap<>();
    private final SettingsCatalog settings = new SettingsCatalog();

    private AddonCatalog(Discovery discovery, List<Diagnostic> loadProblems) {
        this.addons = List.copyOf(discovery.addons());
        List<Diagnostic> all = new ArrayList<>(loadProblems);
        all.addAll(discovery.problems());
        settings.add("core", CoreSettings.CLASS, CoreSettings.SETTINGS);
        settings.add("core", CoreSettings.CONTENTS_MANAGER, CoreSettings.CONTENTS_MANAGER_SETTINGS);
        for (DiscoveredAddon a : addons) {
            try {
                settings.add(a.info().id(), a.info().configName(), a.addon().settings());
            } catch (RuntimeException | LinkageError e) {
                String what = e instanceof LinkageError ? AddonFailures.cause(e) + " while declaring its settings"
                        : "declares invalid settings: " + e.getMessage();
                // --disable-addons cannot help here (settings are read before it is), so only a linkage error gets a fix
                String fix = e instanceof LinkageError ? "; " + AddonFailures.fix(a.addon().getClass(), e) : "";
                all.add(Diagnostic.error("core", "addon '" + a.info().id() + "' (" + AddonFailures.where(a.info()) + ") "
                        + what + fix).withCause(e));
            }
        }
        all.addAll(settings.problems());
        addons.forEach(a -> collectCommands(a, all));
        this.problems = List.copyOf(all);
    }

    private void collectCommands(DiscoveredAddon a, List<Diagnostic> problems) {
        String where = "addon '" + a.info().id() + "' (module " + a.info().module() + ", " + a.info().location() + ")";
        List<AddonCommand> declared;
        try {
            declared = List.copyOf(a.addon().commands());
        } catch (RuntimeException | LinkageError e) {
            problems.add(Diagnostic.error("core", where + " failed to list its commands: " + AddonFailures.cause(e) + "; "
                    + AddonFailures.fix(a.addon().getClass(), e)).withCause(e));
            return;
        }
        Map<String, AddonCommand> byName = new TreeMap<>();
        for (AddonCommand c : declared) {
            String name = c.name();
            if (name == null || !Discovery.ID.matcher(name).matches()) {
                problems.add(Diagnostic.error("core", where + " has a command named '" + name + "'; a command name is "
                        + "lower-case letters, digits and dashes"));
            } else if (byName.putIfAbsent(name, c) != null) {
                problems.add(Diagnostic.error("core", where + " has two commands named '" + name + "'"));
            }
        }
        if (!byName.isEmpty()) {
            commands.put(a.info().id(), byName);
        }
    }

    /** The addons provided in the given module layers (usually the boot layer, then addon-path layers). */
    public static AddonCatalog discover(List<ModuleLayer> layers) {
        return discover(layers, List.of());
    }

    /**
     * The addons provided in the given module layers, with the problems met while putting those layers
     * together (e.g. jars of the addon path that could not be loaded): they come first in
     * {@link #problems()}, and an error among them makes every build fail, as any addon problem does.
     */
    public static AddonCatalog discover(List<ModuleLayer> layers, List<Diagnostic> loadProblems) {
        return new AddonCatalog(Discovery.fromLayers(layers), List.copyOf(loadProblems));
    }

    /** The addons of the boot layer: core's built-ins and whatever addon modules are on the module path. */
    public static AddonCatalog discover() {
        return discover(List.of(ModuleLayer.boot()));
    }

    /** Core's built-in addons plus exactly {@code extra}; no discovery. */
    public static AddonCatalog withBuiltIns(List<? extends Addon> extra) {
        List<Addon> all = new ArrayList<>(BuiltInAddons.create());
        all.addAll(extra);
        return new AddonCatalog(Discovery.of(all), List.of());
    }

    /** Exactly these addons, without core's built-ins. */
    public static AddonCatalog of(List<? extends Addon> addons) {
        return new AddonCatalog(Discovery.of(addons), List.of());
    }

    /** Every usable addon, sorted by id. */
    public List<AddonInfo> addons() {
        return addons.stream().map(DiscoveredAddon::info).toList();
    }

    /** The sub-commands addons add to the command line, by addon id then name. */
    public List<CommandInfo> commands() {
        List<CommandInfo> out = new ArrayList<>();
        commands.forEach((addon, byName) -> byName.forEach((name, c) -> out.add(new CommandInfo(addon, name,
                c.arguments() == null ? "" : c.arguments(), c.description() == null ? "" : c.description()))));
        return out;
    }

    Optional<AddonCommand> command(String addon, String name) {
        return Optional.ofNullable(commands.getOrDefault(addon, Map.of()).get(name));
    }

    /** Problems met while loading addons and their settings; errors make every build fail. */
    public List<Diagnostic> problems() {
        return problems;
    }

    /** Every CLI alias and flag, core's first. */
    public List<CliOption> cliOptions() {
        return settings.cliNames().stream().map(AddonCatalog::toOption).toList();
    }

    public Optional<CliOption> cliOption(String name) {
        return settings.cliName(name).map(AddonCatalog::toOption);
    }

    /** Whether an addon declares settings of {@code className}. */
    public boolean hasClass(String className) {
        return settings.hasClass(className);
    }

    List<DiscoveredAddon> discovered() {
        return addons;
    }

    SettingsCatalog settings() {
        return settings;
    }

    private static CliOption toOption(SettingsCatalog.CliName n) {
        return new CliOption(n.name(), n.className(), n.setting().name(), n.setting().type(), n.isFlag(),
                n.setting().help(), n.setting().env());
    }
}
