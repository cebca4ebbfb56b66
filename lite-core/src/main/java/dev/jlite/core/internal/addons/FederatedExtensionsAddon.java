package dev.jlite.core.internal.addons;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.FederatedExtension;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.TaskContext;
import dev.jlite.core.spi.WheelIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prebuilt ("federated") JupyterLab extensions. They come from {@code LiteBuildConfig.federated_extensions}
 * (any source: a folder holding {@code package.json}, a {@code .whl}, {@code .tar.bz2} or {@code .conda},
 * a URL, {@code npm:}), from the folders of {@code FederatedExtensionAddon.extra_labextensions_path}, and
 * from {@code <lite dir>/extensions/} (which the reference documents but never reads). Each is copied to
 * {@code extensions/<name>/}, registered in {@code federated_extensions}, its themes copied to
 * {@code build/themes/<name>/}; {@code build/schemas/all_federated.json} lists the settings schemas of
 * every extension in the site. Every extension of the site, and the wheel indexes they publish
 * ({@code piplite.wheelDir}), go to {@link LiteKeys#FEDERATED_EXTENSIONS} and {@link LiteKeys#WHEEL_INDEXES}.
 */
public final class FederatedExtensionsAddon implements Addon {

    static final Setting<List<String>> EXTRA_LABEXTENSIONS_PATH = Setting.list("extra_labextensions_path",
            "Folders laid out like share/jupyter/labextensions whose prebuilt extensions are added.");

    static final String ALL_FEDERATED = "build/schemas/all_federated.json";

    /** An extension found in a source: its folder and package.json. */
    record Found(String name, Path dir, JsonNode pkg, String from) {
    }

    /** The reference's name of this addon, which --disable-addons also takes. */
    @Override
    public Set<String> otherNames() {
        return Set.of("federated_extensions");
    }

    @Override
    public String id() {
        return "federated-extensions";
    }

    @Override
    public String configName() {
        return "FederatedExtensionAddon";
    }

    @Override
    public String description() {
        return "prebuilt JupyterLab extensions: copied to extensions/, registered in federated_extensions";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(EXTRA_LABEXTENSIONS_PATH);
    }

    @Override
    public void register(AddonRegistrar r) {
        List<String> specs = r.options().get(LiteBuildConfig.FEDERATED_EXTENSIONS);
        List<String> paths = r.config().get(EXTRA_LABEXTENSIONS_PATH);
        boolean noMaps = r.options().get(LiteBuildConfig.NO_SOURCEMAPS);
        r.task(Phase.POST_BUILD, "extensions")
                .description("copy and register prebuilt extensions")
                .reads(LiteKeys.APP)
                .writes(LiteKeys.CONFIG_PATCHES)
                .writes(LiteKeys.FEDERATED_EXTENSIONS)
                .writes(LiteKeys.WHEEL_INDEXES)
                .uses(specs, paths, noMaps)
                .inputs(ctx -> find(ctx, specs, paths, false).values().stream().map(Found::dir).toList())
                .outputs(ctx -> outputs(find(ctx, specs, paths, false)))
                .run(ctx -> run(ctx, find(ctx, specs, paths, true), noMaps));
    }

    /**
     * The extensions jlite adds, by name; the last source of a name wins. {@code warn}: report what is
     * left out (only when the task runs, not each time its inputs and outputs are worked out).
     */
    static Map<String, Found> find(TaskContext ctx, List<String> specs, List<String> paths, boolean warn) {
        Map<String, Found> out = new LinkedHashMap<>();
        Path own = ctx.options().liteDir().resolve("extensions");
        if (Files.isDirectory(own)) {
            collect(ctx, own, "<lite dir>/extensions", out, warn);
        }
        for (String p : paths) {
            Path dir = ctx.options().resolve(p);
            if (!Files.isDirectory(dir)) {
                throw new LiteException("FederatedExtensionAddon.extra_labextensions_path: " + dir + " is not a folder",
                        dir.toString(), null);
            }
            collect(ctx, dir, p, out, warn);
        }
        List<Path> resolved = ctx.sources().resolveAll(specs);
        for (int i = 0; i < specs.size(); i++) {
            Path p = resolved.get(i);
            Path dir = Files.isDirectory(p) ? p : unpack(ctx, specs.get(i), p);
            int before = out.size();
            collect(ctx, dir, specs.get(i), out, warn);
            if (out.size() == before && !containsFrom(out, specs.get(i))) {
                throw new LiteException(specs.get(i) + ": no prebuilt JupyterLab extension in it (a folder whose package.json "
                        + "has jupyterlab._build.load, or share/jupyter/labextensions/... inside a package)", specs.get(i), null);
            }
        }
        return out;
    }

    private static final Pattern PACKAGE_NAME =
            Pattern.compile("(@[A-Za-z0-9][A-Za-z0-9._~-]*/)?[A-Za-z0-9][A-Za-z0-9._~-]*");

    /** An npm package name ({@code name} or {@code @scope/name}): it becomes the folder {@code extensions/<name>/}. */
    static boolean isPackageName(String name) {
        return PACKAGE_NAME.matcher(name).matches() && !name.contains("..");
    }

    private static boolean containsFrom(Map<String, Found> found, String from) {
        return found.values().stream().anyMatch(f -> f.from().equals(from));
    }

    private static Path unpack(TaskContext ctx, String spec, Path file) {
        if (!ctx.archives().isArchive(file)) {
            throw new LiteException(spec + ": " + file.getFileName() + " is neither a folder nor a package jlite can unpack "
                    + "(.whl, .tar.bz2, .conda, .tgz, .zip)", spec, null);
        }
        return ctx.archives().unpackCached(file);
    }

    /** Extensions in a folder: the folder itself, {@code <dir>/{*,@*}/*}, or any {@code labextensions/} below it. */
    private static void collect(TaskContext ctx, Path dir, String from, Map<String, Found> out, boolean warn) {
        List<Path> candidates = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve("package.json"))) {
            candidates.add(dir);
        } else {
            for (String rel : FileOpsImpl.walkFiles(dir)) {
                if (!rel.endsWith("/package.json")) {
                    continue;
                }
                String[] parts = rel.split("/");
                int n = parts.length;
                boolean direct = n == 2 || n == 3 && parts[0].startsWith("@");
                boolean shared = n >= 3 && parts[n - 3].equals("labextensions")
                        || n >= 4 && parts[n - 4].equals("labextensions") && parts[n - 3].startsWith("@");
                if (direct || shared) {
                    candidates.add(dir.resolve(rel).getParent());
                }
            }
        }
        for (Path c : candidates) {
            JsonNode pkg = ctx.json().read(c.resolve("package.json"));
            String name = pkg.path("name").asString("");
            if (name.isEmpty()) {
                continue;
            }
            if (!isPackageName(name)) {
                throw new LiteException(from + ": the extension in " + c + " is named '" + name + "' in its package.json, which "
                        + "is no npm package name (such as my-extension or @scope/my-extension), so it has no place under "
                        + "extensions/; fix its name", c.resolve("package.json").toString(), null);
            }
            if (!pkg.path("jupyterlab").path("_build").path("load").isString()) {
                if (warn) {
                    ctx.warn(from + ": " + name + " is not a prebuilt extension (its package.json has no jupyterlab._build.load); "
                            + "it is left out. Build it (jupyter labextension build) and give the built folder");
                }
                continue;
            }
            Found previous = out.put(name, new Found(name, c, pkg, from));
            if (warn && previous != null && !previous.dir().equals(c)) {
                ctx.warn("the extension " + name + " comes from both " + previous.from() + " and " + from
                        + "; the last one is used");
            }
        }
    }

    private static List<String> outputs(Map<String, Found> found) {
        List<String> out = new ArrayList<>();
        for (Found f : found.values()) {
            out.add("extensions/" + f.name());
            if (Files.isDirectory(f.dir().resolve("themes").resolve(f.name()))) {
                out.add("build/themes/" + f.name());
            }
        }
        if (!found.isEmpty()) {
            out.add(ALL_FEDERATED);
        }
        return out;
    }

    private static void run(TaskContext ctx, Map<String, Found> found, boolean noMaps) {
        Path output = ctx.options().outputDir();
        ArrayNode registered = ctx.json().array();
        Predicate<String> include = rel -> !(noMaps && AppAddon.isSourcemap(rel));
        for (Found f : new TreeMap<>(found).values()) {
            // the app's copy of an extension of the same name is not laid down: this one takes its place
            ctx.files().copyTree(f.dir(), output.resolve("extensions").resolve(f.name()), include);
            Path themes = f.dir().resolve("themes").resolve(f.name());
            if (Files.isDirectory(themes)) {
                ctx.files().copyTree(themes, output.resolve("build/themes").resolve(f.name()), include);
            }
            ObjectNode entry = ctx.json().object();
            entry.put("name", f.name());
            f.pkg().path("jupyterlab").path("_build").properties().forEach(e -> entry.set(e.getKey(), e.getValue().deepCopy()));
            registered.add(entry);
        }
        if (!registered.isEmpty()) {
            ObjectNode fragment = ctx.json().object();
            fragment.set("federated_extensions", registered);
            ctx.patch(ConfigPatch.merge(ConfigPatch.ROOT, fragment));
        }

        // Every extension of the site: the app's, then (replacing same names) jlite's.
        Map<String, FederatedExtension> site = new TreeMap<>();
        Map<String, Path> dirs = new TreeMap<>();
        Path appExtensions = output.getFileSystem().getPath(ctx.get(LiteKeys.APP).root()).resolve("extensions");
        if (Files.isDirectory(appExtensions)) {
            Map<String, Found> fromApp = new LinkedHashMap<>();
            collectQuietly(ctx, appExtensions, fromApp);
            fromApp.values().forEach(f -> {
                site.put(f.name(), describe(f, true));
                dirs.put(f.name(), f.dir());
            });
        }
        found.values().forEach(f -> {
            site.put(f.name(), describe(f, false));
            dirs.put(f.name(), f.dir());
        });
        for (FederatedExtension e : site.values()) {
            ctx.add(LiteKeys.FEDERATED_EXTENSIONS, e);
            JsonNode pkg = ctx.json().read(dirs.get(e.name()).resolve("package.json"));
            String wheelDir = pkg.path("piplite").path("wheelDir").asString("");
            if (!wheelDir.isEmpty()) {
                Path index = dirs.get(e.name()).resolve(wheelDir).resolve("all.json");
                if (Files.isRegularFile(index)) {
                    ctx.add(LiteKeys.WHEEL_INDEXES, new WheelIndex(e.name(), e.path() + "/" + trim(wheelDir) + "/all.json",
                            ctx.files().sha256(index)));
                }
            }
        }
        if (!found.isEmpty()) {
            ctx.files().write(output.resolve(ALL_FEDERATED), ctx.json().bytes(allFederated(ctx, site, dirs)));
        }
    }

    private static String trim(String wheelDir) {
        return wheelDir.replace('\\', '/').replaceFirst("^(\\./)+", "").replaceFirst("/+\\z", "");
    }

    private static void collectQuietly(TaskContext ctx, Path dir, Map<String, Found> out) {
        for (String rel : FileOpsImpl.walkFiles(dir)) {
            String[] parts = rel.split("/");
            boolean direct = parts.length == 2 || parts.length == 3 && parts[0].startsWith("@");
            if (direct && rel.endsWith("/package.json")) {
                Path c = dir.resolve(rel).getParent();
                JsonNode pkg = ctx.json().read(c.resolve("package.json"));
                String name = pkg.path("name").asString("");
                if (isPackageName(name) && pkg.path("jupyterlab").path("_build").path("load").isString()) {
                    out.put(name, new Found(name, c, pkg, "the app"));
                }
            }
        }
    }

    private static FederatedExtension describe(Found f, boolean fromApp) {
        return new FederatedExtension(f.name(), f.pkg().path("version").asString(""), "extensions/" + f.name(),
                f.pkg().path("jupyterlab").path("_build").path("load").asString(""), fromApp);
    }

    /** The settings schemas of every extension: {@code {id: "<name>:<schema>", raw, schema, settings, version}}. */
    private static ArrayNode allFederated(TaskContext ctx, Map<String, FederatedExtension> site, Map<String, Path> dirs) {
        ArrayNode out = ctx.json().array();
        for (FederatedExtension e : site.values()) {
            Path schemas = dirs.get(e.name()).resolve("schemas").resolve(e.name());
            for (String rel : FileOpsImpl.walkFiles(schemas)) {
                if (!rel.endsWith(".json")) {
                    continue;
                }
                ObjectNode item = ctx.json().object();
                item.put("id", e.name() + ":" + rel.substring(0, rel.length() - ".json".length()));
                item.put("raw", "{}");
                item.set("schema", ctx.json().read(schemas.resolve(rel)));
                item.putObject("settings");
                item.put("version", e.version());
                out.add(item);
            }
        }
        return out;
    }
}
