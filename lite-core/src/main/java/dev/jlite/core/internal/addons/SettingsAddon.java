package dev.jlite.core.internal.addons;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.AppInfo;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings overrides: the lite dir's {@code overrides.json} and the files given with
 * {@code --settings-overrides} (the reference accepts that option but never reads it) go to the site's
 * root; {@code <app>/overrides.json} goes to that app, for every app in the site (the reference only
 * reads apps named with {@code --apps}). Each is copied to the same place in the output and merged,
 * per plugin, into that place's {@code settingsOverrides}.
 */
public final class SettingsAddon implements Addon {

    static final String FILE = "overrides.json";

    @Override
    public String id() {
        return "settings";
    }

    @Override
    public String description() {
        return "overrides.json files: copied into the site and merged into settingsOverrides";
    }

    @Override
    public void register(AddonRegistrar r) {
        List<String> extra = r.options().get(LiteBuildConfig.SETTINGS_OVERRIDES);
        r.task(Phase.BUILD, "overrides")
                .description("merge overrides.json files into settingsOverrides")
                .reads(LiteKeys.APP)
                .writes(LiteKeys.CONFIG_PATCHES)
                .uses(extra)
                .inputs(ctx -> List.copyOf(sources(ctx, extra).values().stream().flatMap(List::stream).toList()))
                .outputs(ctx -> sources(ctx, extra).keySet().stream().map(level -> level.isEmpty() ? FILE : level + "/" + FILE).toList())
                .run(ctx -> merge(ctx, extra));
    }

    /** Output level ("" for the root, else an app) -> the override files that feed it, in merge order. */
    static Map<String, List<Path>> sources(TaskContext ctx, List<String> extra) {
        BuildOptions o = ctx.options();
        Map<String, List<Path>> out = new LinkedHashMap<>();
        List<Path> root = new ArrayList<>();
        Path own = o.liteDir().resolve(FILE);
        if (Files.isRegularFile(own)) {
            root.add(own);
        }
        for (String given : extra) {
            Path p = o.resolve(given);
            if (!Files.isRegularFile(p)) {
                throw new LiteException("--settings-overrides: " + p + " does not exist; give an overrides.json file",
                        p.toString(), null);
            }
            root.add(p);
        }
        if (!root.isEmpty()) {
            out.put("", root);
        }
        AppInfo app = ctx.get(LiteKeys.APP);
        for (String name : app.selected()) {
            Path file = o.liteDir().resolve(name).resolve(FILE);
            if (Files.isRegularFile(file)) {
                out.put(name, List.of(file));
            }
        }
        return out;
    }

    private static void merge(TaskContext ctx, List<String> extra) {
        for (var level : sources(ctx, extra).entrySet()) {
            ObjectNode merged = ctx.json().object();
            for (Path file : level.getValue()) {
                JsonNode overrides = ctx.json().read(file);
                if (!overrides.isObject()) {
                    throw new LiteException(file + ": an overrides.json is an object of plugin ids to settings", file.toString(), null);
                }
                for (var plugin : overrides.properties()) {
                    if (!plugin.getValue().isObject()) {
                        throw new LiteException(file + ": /" + plugin.getKey() + ": the settings of a plugin are an object",
                                file.toString(), null);
                    }
                    JsonNode before = merged.get(plugin.getKey());
                    if (before instanceof ObjectNode o) {
                        o.setAll((ObjectNode) plugin.getValue().deepCopy());
                    } else {
                        merged.set(plugin.getKey(), plugin.getValue().deepCopy());
                    }
                }
            }
            String prefix = level.getKey().isEmpty() ? "" : level.getKey() + "/";
            ctx.files().write(ctx.options().outputDir().resolve(prefix + FILE), ctx.json().bytes(merged));
            ObjectNode fragment = ctx.json().object();
            fragment.set("settingsOverrides", merged);
            ctx.patch(ConfigPatch.merge(prefix + ConfigPatch.ROOT, fragment));
        }
    }
}
