package dev.jlite.core.internal.addons;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.pipeline.CoreTasks;
import dev.jlite.core.internal.pipeline.Pipeline;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.AppInfo;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Lays down the JupyterLite app: unpacks the app archive (or takes a folder, or an earlier site) into
 * the cache, then copies the selected apps into the output, without source maps when asked. The copy is
 * the site's base layer: it writes every file of the app that no other task writes (the runtime
 * configuration files, the wheels, the contents and the extensions jlite adds are those tasks' own), so it
 * runs last among the writers of the build ({@code jlite init}: of the init phases).
 */
public final class AppAddon implements Addon {

    static final Setting<String> APP_ARCHIVE = Setting.string("app_archive",
            "The app archive; overrides LiteBuildConfig.app_archive.");

    static final String NO_ARCHIVE = "no app archive is configured: give one with --app-archive (an archive such "
            + "as .tgz or .zip, or a folder; an earlier site works too), the JUPYTERLITE_APP_ARCHIVE environment "
            + "variable, or LiteBuildConfig.app_archive in jupyter_lite_config.json";

    /** Top-level folders of a site that are never apps. */
    private static final Set<String> NOT_APPS = Set.of("api", "build", "extensions", "files", "static", "pypi", "doc");

    /** The reference's name, which its configuration files use. */
    @Override
    public String configName() {
        return "StaticAddon";
    }

    @Override
    public String id() {
        return "static";
    }

    @Override
    public String description() {
        return "the JupyterLite app: unpacks the app archive and copies the selected apps into the site";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(APP_ARCHIVE);
    }

    @Override
    public void register(AddonRegistrar r) {
        Optional<String> spec = r.config().nonBlank(APP_ARCHIVE).or(() -> r.options().config().nonBlank(LiteBuildConfig.APP_ARCHIVE));
        r.task(Phase.INIT, "unpack")
                .description("unpack the app archive into the cache")
                .writes(LiteKeys.APP)
                .uses(spec.orElse(""), r.options().get(LiteBuildConfig.APPS))
                .inputs(ctx -> List.of(resolve(ctx, spec)))
                .run(ctx -> unpack(ctx, spec));
        // The base layer comes last among the writers of what the command builds: init lays down the app alone.
        Phase copyPhase = r.options().command() == Command.INIT ? Phase.POST_INIT : Phase.POST_BUILD;
        CoreTasks.baseLayer(r.task(copyPhase, "copy")
                .description("copy the selected apps into the site, where no other task writes")
                .reads(LiteKeys.APP)
                .uses(r.options().get(LiteBuildConfig.NO_SOURCEMAPS), r.options().get(LiteBuildConfig.NO_UNUSED_SHARED_PACKAGES)))
                .run(AppAddon::copy);
    }

    private static Path resolve(TaskContext ctx, Optional<String> spec) {
        return ctx.sources().resolve(spec.orElseThrow(() -> new LiteException(NO_ARCHIVE)));
    }

    private static void unpack(TaskContext ctx, Optional<String> spec) {
        Path source = resolve(ctx, spec);
        Path tree;
        String digest;
        Path root;
        if (Files.isDirectory(source)) {
            tree = source;
            digest = treeDigest(ctx, source);
            root = appRoot(tree, spec.orElseThrow());
        } else {
            digest = ctx.files().sha256(source);
            // what holds no app stays out of the cache
            tree = ctx.archives().unpackCached(source, folder -> appRoot(folder, spec.orElseThrow()));
            root = appRoot(tree, spec.orElseThrow());
            CoreTasks.produced(ctx, tree);
        }
        Optional<JsonNode> pkg = packageJson(ctx, root);
        List<String> apps = apps(root, pkg);
        List<String> wanted = ctx.options().get(LiteBuildConfig.APPS);
        wanted.stream().filter(name -> !apps.contains(name))
                .forEach(name -> ctx.warn("--apps: '" + name + "' is not one of: " + String.join(", ", apps) + "; it is ignored"));
        List<String> selected = wanted.isEmpty() ? apps : wanted.stream().filter(apps::contains).distinct().toList();
        String version = pkg.map(p -> p.path("version").asString("")).orElse("");
        ctx.put(LiteKeys.APP, new AppInfo(root.toAbsolutePath().normalize().toString(), digest, version, apps, selected));
    }

    /**
     * The folder of the app inside an unpacked archive: {@code package/} as npm packs it, else the top,
     * else a single top folder. It must hold {@code index.html} or {@code jupyter-lite.json}.
     */
    static Path appRoot(Path tree, String spec) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(tree.resolve("package"));
        candidates.add(tree);
        List<String> top = list(tree);
        if (top.size() == 1 && Files.isDirectory(tree.resolve(top.get(0)))) {
            candidates.add(tree.resolve(top.get(0)));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("index.html")) || Files.isRegularFile(c.resolve("jupyter-lite.json"))) {
                return c;
            }
        }
        throw new LiteException("the app archive " + spec + " holds no JupyterLite app: there is no index.html or "
                + "jupyter-lite.json at its top or under package/ (found: " + summary(top) + "); give a JupyterLite "
                + "app archive, an earlier site, or a site folder", spec, null);
    }

    private static String summary(List<String> names) {
        if (names.isEmpty()) {
            return "nothing";
        }
        return names.size() <= 8 ? String.join(", ", names) : String.join(", ", names.subList(0, 8)) + ", ...";
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<JsonNode> packageJson(TaskContext ctx, Path root) {
        Path file = root.resolve("package.json");
        return Files.isRegularFile(file) ? Optional.of(ctx.json().read(file)) : Optional.empty();
    }

    /** The app names from {@code package.json#/jupyterlite/apps}, else the folders that look like apps. */
    static List<String> apps(Path root, Optional<JsonNode> pkg) {
        JsonNode declared = pkg.map(p -> p.path("jupyterlite").path("apps")).orElse(null);
        if (declared != null && declared.isArray()) {
            return declared.valueStream()
                    .filter(a -> a.isString() && Files.isDirectory(root.resolve(a.stringValue())))
                    .map(JsonNode::stringValue)
                    .toList();
        }
        Set<String> out = new TreeSet<>();
        for (String name : list(root)) {
            Path dir = root.resolve(name);
            if (!NOT_APPS.contains(name) && Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("index.html"))) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /** (An earlier output given as the app holds jlite's bookkeeping of that build, which is no part of the app.) */
    private static void copy(TaskContext ctx) {
        AppInfo app = ctx.get(LiteKeys.APP);
        Path root = ctx.options().outputDir().getFileSystem().getPath(app.root());
        List<String> pruned = app.apps().stream().filter(a -> !app.selected().contains(a)).toList();
        boolean noMaps = ctx.options().get(LiteBuildConfig.NO_SOURCEMAPS);
        Set<String> unusedChunks = ctx.options().get(LiteBuildConfig.NO_UNUSED_SHARED_PACKAGES) && !pruned.isEmpty()
                ? unusedChunks(root, app.apps(), pruned) : Set.of();
        ctx.files().copyTree(root, ctx.options().outputDir(),
                rel -> !Pipeline.isBookkeeping(rel) && !(noMaps && isSourcemap(rel)) && !underAny(rel, pruned) && !CoreTasks.claimed(ctx, rel)
                        && !isChunkOf(rel, unusedChunks));
        if (!unusedChunks.isEmpty()) {
            ctx.info("no_unused_shared_packages: left out " + unusedChunks.size() + " shared package" + (unusedChunks.size() == 1
                    ? "" : "s") + " that only " + String.join(", ", pruned) + " use" + (pruned.size() == 1 ? "s" : ""));
        }
    }

    /** A webpack chunk in an app's {@code bundle.js} map: {@code 1234:"0a1b2c3"}. */
    private static final Pattern CHUNK = Pattern.compile("(\\d+):\"([0-9a-f]+)\"");

    /**
     * The shared packages ({@code <id>.<hash>} of the chunks in {@code build/}) that the bundles of the left-out
     * apps name and those of the kept apps do not, as the reference's {@code prune:shared-packages} finds them.
     */
    static Set<String> unusedChunks(Path root, List<String> apps, List<String> pruned) {
        Map<String, String> used = new HashMap<>();
        Map<String, String> ofPruned = new TreeMap<>();
        for (String a : apps) {
            Path bundle = root.resolve("build").resolve(a).resolve("bundle.js");
            if (!Files.isRegularFile(bundle)) {
                continue;
            }
            String text;
            try {
                text = Files.readString(bundle, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher m = CHUNK.matcher(text);
            while (m.find()) {
                (pruned.contains(a) ? ofPruned : used).put(m.group(1), m.group(2));
            }
        }
        Set<String> out = new TreeSet<>();
        ofPruned.forEach((id, hash) -> {
            if (!used.containsKey(id)) {
                out.add(id + "." + hash);
            }
        });
        return out;
    }

    /** Whether {@code rel} is a file of one of {@code chunks} directly in {@code build/}: {@code build/<id>.<hash>.*}. */
    static boolean isChunkOf(String rel, Set<String> chunks) {
        if (chunks.isEmpty() || !rel.startsWith("build/") || rel.indexOf('/', "build/".length()) >= 0) {
            return false;
        }
        String name = rel.substring("build/".length());
        int second = name.indexOf('.', name.indexOf('.') + 1);
        return second > 0 && chunks.contains(name.substring(0, second));
    }

    static boolean isSourcemap(String rel) {
        String lower = rel.toLowerCase(Locale.ROOT);
        return lower.endsWith(".js.map") || lower.endsWith(".mjs.map") || lower.endsWith(".css.map");
    }

    /** Whether {@code rel} belongs to one of the pruned apps: {@code <app>/...} or {@code build/<app>/...}. */
    static boolean underAny(String rel, List<String> apps) {
        return apps.stream().anyMatch(a -> rel.startsWith(a + "/") || rel.startsWith("build/" + a + "/"));
    }

    /**
     * A digest of a folder's files: their sorted relative paths and contents (each file's digest from the
     * build's digests, which the task's up-to-date check has just taken).
     */
    static String treeDigest(TaskContext ctx, Path dir) {
        var digest = FileOpsImpl.sha256();
        for (String rel : FileOpsImpl.walkFiles(dir, r -> !Pipeline.isBookkeeping(r))) {
            digest.update(rel.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(ctx.files().sha256(dir.resolve(rel)).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
