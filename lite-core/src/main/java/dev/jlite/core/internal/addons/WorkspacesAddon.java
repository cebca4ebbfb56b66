package dev.jlite.core.internal.addons;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Workspaces API: every {@code *.jupyterlab-workspace} of {@code <lite dir>/workspaces/} and of
 * {@code LiteBuildConfig.workspaces} (files or folders) goes into {@code api/workspaces/all.json},
 * keyed by its {@code metadata.id} or file stem, and {@code workspacesAllJsonFile} is set.
 */
public final class WorkspacesAddon implements Addon {

    static final String SUFFIX = ".jupyterlab-workspace";
    static final String OUTPUT = "api/workspaces/all.json";

    @Override
    public String id() {
        return "workspaces";
    }

    @Override
    public String description() {
        return "api/workspaces/all.json from *.jupyterlab-workspace files";
    }

    @Override
    public void register(AddonRegistrar r) {
        List<String> given = r.options().get(LiteBuildConfig.WORKSPACES);
        r.task(Phase.POST_BUILD, "api")
                .description("collect workspaces into api/workspaces/all.json")
                .writes(LiteKeys.CONFIG_PATCHES)
                .uses(given)
                .inputs(ctx -> files(ctx, given))
                .outputs(ctx -> files(ctx, given).isEmpty() ? List.of() : List.of(OUTPUT))
                .run(ctx -> write(ctx, given));
    }

    /** The workspace files, in a stable order: the well-known folder first, then the configured ones. */
    static List<Path> files(TaskContext ctx, List<String> given) {
        Set<Path> out = new LinkedHashSet<>();
        Path known = ctx.options().liteDir().resolve("workspaces");
        if (Files.isDirectory(known)) {
            addFolder(known, out);
        }
        for (String g : given) {
            Path p = ctx.options().resolve(g);
            if (Files.isDirectory(p)) {
                addFolder(p, out);
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new LiteException("--workspaces: " + p + " does not exist; give a " + SUFFIX + " file or a folder of them",
                        p.toString(), null);
            }
        }
        return List.copyOf(out);
    }

    private static void addFolder(Path dir, Set<Path> out) {
        FileOpsImpl.walkFiles(dir).stream().filter(rel -> rel.endsWith(SUFFIX) && !rel.contains("/")).map(dir::resolve).forEach(out::add);
    }

    private static void write(TaskContext ctx, List<String> given) {
        List<Path> files = files(ctx, given);
        if (files.isEmpty()) {
            return;
        }
        Map<String, JsonNode> byId = new TreeMap<>();
        for (Path f : files) {
            JsonNode w = ctx.json().read(f);
            if (!w.isObject()) {
                throw new LiteException(f + ": a workspace is a JSON object with data and metadata", f.toString(), null);
            }
            String stem = f.getFileName().toString();
            stem = stem.substring(0, stem.length() - SUFFIX.length());
            String id = w.path("metadata").path("id").isString() ? w.path("metadata").path("id").stringValue() : stem;
            byId.put(id, w);
        }
        ObjectNode all = ctx.json().object();
        byId.forEach(all::set);
        ctx.files().write(ctx.options().outputDir().resolve(OUTPUT), ctx.json().bytes(all));
        ctx.patch(ConfigPatch.set(ConfigPatch.ROOT, "/workspacesAllJsonFile", JsonNodeFactory.instance.stringNode("all.json")));
    }
}
