package dev.jlite.core.internal.addons;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.AppInfo;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.ListKey;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runtime configuration files. In {@link Phase#BUILD} it merges every {@code jupyter-lite.json} and
 * {@code jupyter-lite.ipynb} of the lite dir into the file of the same place in the site (as a patch);
 * at the end of {@link Phase#POST_BUILD} it applies every addon's patches to the app's own files and
 * writes each file once: the one writer of {@code jupyter-lite.json}.
 */
public final class RuntimeConfigAddon implements Addon {

    static final String JSON = "jupyter-lite.json";
    static final String IPYNB = "jupyter-lite.ipynb";
    static final String DATA = "jupyter-config-data";
    static final String NOTEBOOK_KEY = "jupyter-lite";

    /**
     * The keys of the lite dir's files beside {@code jupyter-config-data} (e.g. a schema version, or a key of
     * the user's own), which replace the output file's as the reference's merge replaces them: one JSON object
     * per key, {@code {"target": ..., "key": ..., "value": ...}}, in the order of the files.
     */
    static final ListKey<JsonNode> TOP_LEVEL = ListKey.of("lite.top-level-keys", JsonNode.class);

    /** The reference's name, which its configuration files use. */
    @Override
    public String configName() {
        return "LiteAddon";
    }

    @Override
    public String id() {
        return "lite";
    }

    @Override
    public String description() {
        return "jupyter-lite.json and .ipynb: merges the lite dir's files and every addon's changes, writes each once";
    }

    @Override
    public void register(AddonRegistrar r) {
        BuildOptions o = r.options();
        List<Pattern> ignore = Stream.of(LiteBuildConfig.IGNORE_LITE_CONFIG, LiteBuildConfig.EXTRA_IGNORE_LITE_CONFIG)
                .flatMap(s -> o.config().get(s).stream())
                .map(Pattern::compile)
                .toList();
        r.task(Phase.BUILD, "merge")
                .description("merge the lite dir's jupyter-lite.json and .ipynb files")
                .reads(LiteKeys.APP)
                .writes(LiteKeys.CONFIG_PATCHES)
                .writes(TOP_LEVEL)
                .uses(o.config().get(LiteBuildConfig.IGNORE_LITE_CONFIG), o.config().get(LiteBuildConfig.EXTRA_IGNORE_LITE_CONFIG))
                .inputs(ctx -> sources(ctx.options(), ignore))
                .run(ctx -> merge(ctx, ignore));
        r.task(Phase.POST_BUILD, "write")
                .description("write every runtime configuration file, once")
                .reads(LiteKeys.APP)
                .reads(LiteKeys.CONFIG_PATCHES)
                .reads(TOP_LEVEL)
                .uses()
                .outputs(RuntimeConfigAddon::targets)
                .run(RuntimeConfigAddon::write);
    }

    /** Every {@code jupyter-lite.json}/{@code .ipynb} under the lite dir, skipping ignored and hidden places. */
    static List<Path> sources(BuildOptions o, List<Pattern> ignore) {
        Path lite = o.liteDir();
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(lite)) {
            return found;
        }
        String outputName = lite.relativize(o.outputDir()).toString().replace('\\', '/');
        String cacheName = o.cacheDir().startsWith(lite) ? lite.relativize(o.cacheDir()).toString().replace('\\', '/') : null;
        walk(lite, "", ignore, outputName, cacheName, found);
        found.sort(null);
        return found;
    }

    private static void walk(Path dir, String rel, List<Pattern> ignore, String outputName, String cacheName, List<Path> found) {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            if (Files.isDirectory(child)) {
                if (childRel.equals(outputName) || childRel.equals(cacheName) || ignored(ignore, "/" + childRel + "/")) {
                    continue;
                }
                walk(child, childRel, ignore, outputName, cacheName, found);
            } else if ((name.equals(JSON) || name.equals(IPYNB)) && !ignored(ignore, "/" + childRel)) {
                found.add(child);
            }
        }
    }

    private static boolean ignored(List<Pattern> ignore, String path) {
        return ignore.stream().anyMatch(p -> p.matcher(path).find());
    }

    private static void merge(TaskContext ctx, List<Pattern> ignore) {
        AppInfo app = ctx.get(LiteKeys.APP);
        Path lite = ctx.options().liteDir();
        Path appRoot = ctx.options().outputDir().getFileSystem().getPath(app.root());
        for (Path source : sources(ctx.options(), ignore)) {
            String rel = lite.relativize(source).toString().replace('\\', '/');
            int slash = rel.lastIndexOf('/');
            if (slash > 0) {
                String parent = rel.substring(0, slash);
                String topApp = parent.contains("/") ? parent.substring(0, parent.indexOf('/')) : parent;
                boolean pruned = app.apps().contains(topApp) && !app.selected().contains(topApp);
                if (!Files.isDirectory(appRoot.resolve(parent)) || pruned) {
                    ctx.warn("Skipping " + rel + ": its parent directory does not exist in the site (apps: "
                            + String.join(", ", app.selected()) + "); put it in an app's folder or at the top");
                    continue;
                }
            }
            JsonNode root = ctx.json().read(source);
            JsonNode holder = rel.endsWith(IPYNB) ? root.path("metadata").path(NOTEBOOK_KEY) : root;
            JsonNode data = configData(ctx, source, holder);
            if (data != null) {
                ctx.patch(ConfigPatch.merge(rel, data));
            }
            for (var e : holder.properties()) {
                if (!e.getKey().equals(DATA)) {
                    ObjectNode entry = ctx.json().object();
                    entry.put("target", rel);
                    entry.put("key", e.getKey());
                    entry.set("value", e.getValue());
                    ctx.add(TOP_LEVEL, entry);
                }
            }
        }
    }

    /** The {@code jupyter-config-data} in a file's {@code holder}, or null (with a warning) when it has none. */
    private static JsonNode configData(TaskContext ctx, Path file, JsonNode holder) {
        JsonNode data = holder.get(DATA);
        if (data == null || data.isNull()) {
            ctx.warn(file + " has no " + DATA + (file.getFileName().toString().equals(IPYNB)
                    ? " in metadata[\"" + NOTEBOOK_KEY + "\"]" : "") + "; nothing to merge");
            return null;
        }
        if (!data.isObject()) {
            throw new LiteException(file + ": " + DATA + " must be an object", file.toString(), null);
        }
        return data;
    }

    /**
     * The files the writer writes: those that have patches, and the app's own runtime configuration files
     * (at its top and in each kept app), so that a file whose last patch went away is put back as the app
     * has it instead of being left deleted.
     */
    private static List<String> targets(TaskContext ctx) {
        TreeSet<String> targets = new TreeSet<>(patchesByTarget(ctx).keySet());
        ctx.get(TOP_LEVEL).forEach(t -> targets.add(t.path("target").asString()));
        ctx.find(LiteKeys.APP).ifPresent(app -> targets.addAll(appConfigFiles(ctx, app)));
        return List.copyOf(targets);
    }

    private static List<String> appConfigFiles(TaskContext ctx, AppInfo app) {
        Path root = ctx.options().outputDir().getFileSystem().getPath(app.root());
        return Stream.concat(Stream.of(""), app.selected().stream().map(a -> a + "/"))
                .flatMap(folder -> Stream.of(folder + JSON, folder + IPYNB))
                .filter(file -> Files.isRegularFile(root.resolve(file)))
                .toList();
    }

    private static Map<String, List<ConfigPatch>> patchesByTarget(TaskContext ctx) {
        return ctx.get(LiteKeys.CONFIG_PATCHES).stream()
                .collect(Collectors.groupingBy(ConfigPatch::target, LinkedHashMap::new, Collectors.toList()));
    }

    private static void write(TaskContext ctx) {
        Optional<AppInfo> app = ctx.find(LiteKeys.APP);
        Path output = ctx.options().outputDir();
        Map<String, List<ConfigPatch>> patches = patchesByTarget(ctx);
        for (String target : targets(ctx)) {
            boolean notebook = target.endsWith(IPYNB);
            Optional<Path> base = app.map(a -> output.getFileSystem().getPath(a.root()).resolve(target))
                    .filter(Files::isRegularFile);
            List<ConfigPatch> changes = patches.getOrDefault(target, List.of());
            List<JsonNode> topLevel = ctx.get(TOP_LEVEL).stream().filter(t -> t.path("target").asString("").equals(target)).toList();
            if (changes.isEmpty() && topLevel.isEmpty() && base.isPresent()) {
                ctx.files().copy(base.get(), output.resolve(target)); // unpatched: exactly as the app has it
                continue;
            }
            ObjectNode document = base.map(p -> (ObjectNode) ctx.json().read(p).deepCopy())
                    .orElseGet(() -> emptyDocument(ctx, notebook));
            ObjectNode holder = notebook ? document.withObjectProperty("metadata").withObjectProperty(NOTEBOOK_KEY) : document;
            for (JsonNode t : topLevel) {
                holder.set(t.path("key").asString(), t.get("value").deepCopy());
            }
            if (!holder.has("jupyter-lite-schema-version")) {
                holder.put("jupyter-lite-schema-version", 0);
            }
            ObjectNode data = holder.withObjectProperty(DATA);
            for (ConfigPatch p : changes) {
                ConfigMerger.apply(data, p);
            }
            ctx.files().write(output.resolve(target), ctx.json().bytes(document));
        }
    }

    private static ObjectNode emptyDocument(TaskContext ctx, boolean notebook) {
        ObjectNode doc = ctx.json().object();
        if (notebook) {
            doc.putArray("cells");
            doc.putObject("metadata");
            doc.put("nbformat", 4);
            doc.put("nbformat_minor", 5);
        }
        return doc;
    }
}
