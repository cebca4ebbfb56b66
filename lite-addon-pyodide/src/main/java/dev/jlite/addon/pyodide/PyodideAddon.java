package dev.jlite.addon.pyodide;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.FederatedExtension;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.TaskContext;
import dev.jlite.core.spi.pyodide.PyodideDistribution;
import dev.jlite.core.spi.pyodide.PyodideKernel;
import dev.jlite.core.spi.pyodide.PyodideKeys;
import dev.jlite.core.spi.pyodide.PyodidePackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Self-hosts a Pyodide distribution: from {@code --pyodide} ({@code PyodideAddon.pyodide_url},
 * {@code JUPYTERLITE_PYODIDE_URL}) — any source: a URL, a local {@code .tar.bz2}/{@code .tgz}/{@code .zip},
 * {@code npm:pyodide@<version>}, or a folder (the one holding {@code pyodide.mjs}/{@code pyodide.js}, or
 * its parent {@code pyodide/}) — or from {@code <lite dir>/static/pyodide/}. It is copied to
 * {@code static/pyodide/} and the kernel's {@code pyodideUrl} points at it. Its package index is written
 * once, with the entries other addons contribute ({@link PyodideKeys#PACKAGES}). It says which kernel the site runs
 * ({@link PyodideKeys#KERNEL}), for every addon that configures it.
 */
public final class PyodideAddon implements Addon {

    static final Setting<String> PYODIDE_URL = Setting.string("pyodide_url",
            "The Pyodide distribution: a URL, a .tar.bz2/.tgz/.zip, npm:pyodide@<version>, or a folder.")
            .withAlias("pyodide").withEnv("JUPYTERLITE_PYODIDE_URL");

    static final Setting<String> KERNEL_PLUGIN_ID = Setting.string("kernel_plugin_id",
            "The kernel plugin whose pyodideUrl is set (default: found from the app and its extensions).");

    /** Where the hosted distribution is read from, on the build's file system: this addon's own, for its copy task. */
    private static final Key<String> ROOT = Key.of("pyodide.root", String.class);

    static final String TARGET = "static/pyodide";
    static final String WELL_KNOWN = "static/pyodide";

    /**
     * Whether a file of the distribution is hosted. Pyodide's own REPL pages ({@code console.html},
     * {@code console-v2.html}) are not: JupyterLite never opens them and they load jQuery from a CDN,
     * so hosting them would put references to another host in an otherwise self-contained site.
     */
    static boolean hosted(String rel, boolean noSourcemaps) {
        if (rel.indexOf('/') < 0 && rel.startsWith("console") && rel.endsWith(".html")) {
            return false;
        }
        return !(noSourcemaps && (rel.endsWith(".js.map") || rel.endsWith(".mjs.map")));
    }

    /** The reference's name of this addon, which --disable-addons also takes. */
    @Override
    public Set<String> otherNames() {
        return Set.of("jupyterlite-pyodide-kernel-pyodide");
    }

    @Override
    public String id() {
        return "pyodide";
    }

    @Override
    public String description() {
        return "self-hosted Pyodide: copied to static/pyodide, pyodideUrl set for the kernel";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(PYODIDE_URL, KERNEL_PLUGIN_ID);
    }

    @Override
    public void register(AddonRegistrar r) {
        Optional<String> spec = r.config().nonBlank(PYODIDE_URL);
        Optional<String> pluginOverride = r.config().nonBlank(KERNEL_PLUGIN_ID);
        boolean noMaps = r.options().get(LiteBuildConfig.NO_SOURCEMAPS);
        r.task(Phase.BUILD, "locate")
                .description("find the Pyodide distribution to host")
                .writes(PyodideKeys.DISTRIBUTION)
                .writes(ROOT)
                .uses(spec.orElse(""))
                .prepare(ctx -> locate(ctx, spec))
                .inputs((ctx, found) -> found.map(d -> List.of(d.root())).orElse(List.of()))
                .run((ctx, found) -> found.ifPresent(d -> describe(ctx, d, source(ctx, spec))));
        r.task(Phase.POST_BUILD, "kernel")
                .description("say which Pyodide kernel the site runs, for the addons that configure it")
                .reads(LiteKeys.APP)
                .reads(LiteKeys.FEDERATED_EXTENSIONS)
                .writes(PyodideKeys.KERNEL)
                .run(ctx -> ctx.put(PyodideKeys.KERNEL, Compatibility.kernel(ctx.get(LiteKeys.FEDERATED_EXTENSIONS),
                        ctx.get(LiteKeys.APP))));
        // The index is written once, with the entries other addons contribute (e.g. wheels installed on import).
        r.task(Phase.POST_BUILD, "copy")
                .description("copy the Pyodide distribution to static/pyodide, its package index with the site's own packages")
                .reads(PyodideKeys.DISTRIBUTION)
                .reads(ROOT)
                .reads(PyodideKeys.PACKAGES)
                .uses(noMaps)
                .inputs(ctx -> ctx.find(ROOT).map(root -> List.of(path(ctx, root))).orElse(List.of()))
                .outputs(ctx -> ctx.find(PyodideKeys.DISTRIBUTION).isPresent() ? List.of(TARGET) : List.of())
                .run(ctx -> ctx.find(PyodideKeys.DISTRIBUTION).ifPresent(d -> copy(ctx, d, path(ctx, ctx.get(ROOT)), noMaps)));
        r.task(Phase.POST_BUILD, "config")
                .description("point the kernel's pyodideUrl at the hosted Pyodide")
                .reads(PyodideKeys.DISTRIBUTION)
                .reads(PyodideKeys.KERNEL)
                .reads(LiteKeys.FEDERATED_EXTENSIONS)
                .writes(LiteKeys.CONFIG_PATCHES)
                .uses(pluginOverride.orElse(""), r.options().get(LiteBuildConfig.STRICT))
                .run(ctx -> configure(ctx, pluginOverride));
        r.task(Phase.STATUS, "report")
                .description("say which Pyodide a build would host")
                .reads(PyodideKeys.DISTRIBUTION)
                .reads(PyodideKeys.PROVIDED_PACKAGES)
                .run(ctx -> report(ctx, spec));
        r.task(Phase.CHECK, "verify")
                .description("check the hosted Pyodide is whole")
                .reads(PyodideKeys.DISTRIBUTION)
                .reads(PyodideKeys.PROVIDED_PACKAGES)
                .run(PyodideAddon::verify);
    }

    private static String source(TaskContext ctx, Optional<String> spec) {
        return spec.orElse("<lite dir>/" + WELL_KNOWN);
    }

    /** The distribution a build would host: the configured source, else the well-known folder, else none. */
    static Optional<Distribution> locate(TaskContext ctx, Optional<String> spec) {
        Path wellKnown = ctx.options().liteDir().resolve(WELL_KNOWN);
        if (spec.isEmpty()) {
            return Files.isDirectory(wellKnown) ? Optional.of(Distribution.find(wellKnown, "<lite dir>/" + WELL_KNOWN, ctx.json()))
                    : Optional.empty();
        }
        Path p = ctx.sources().resolve(spec.get());
        Path dir;
        if (Files.isDirectory(p)) {
            dir = p;
        } else if (ctx.archives().isArchive(p)) {
            // an archive that holds no distribution stays out of the cache
            dir = ctx.archives().unpackCached(p, folder -> Distribution.find(folder, spec.get(), ctx.json()));
        } else {
            throw new LiteException(spec.get() + " is not a Pyodide distribution: " + p.getFileName() + " is neither a folder "
                    + "nor an archive (.tar.bz2, .tgz, .zip)", spec.get(), null);
        }
        return Optional.of(Distribution.find(dir, spec.get(), ctx.json()));
    }

    /** Says which distribution the site hosts, for the tasks that wire and check it. */
    private static void describe(TaskContext ctx, Distribution d, String source) {
        Path spec = ctx.options().liteDir().resolve(WELL_KNOWN);
        if (!source.startsWith("<") && Files.isDirectory(spec)) {
            ctx.warn("--pyodide " + source + " is used; the lite dir's " + WELL_KNOWN + "/ folder is ignored");
        }
        ctx.put(PyodideKeys.DISTRIBUTION, new PyodideDistribution(TARGET, d.entry(), d.index(), d.lock(), d.missingFiles(),
                d.version(), d.python(), d.platform(), source));
        ctx.put(ROOT, d.root().toAbsolutePath().toString());
    }

    private static Path path(TaskContext ctx, String root) {
        return ctx.options().outputDir().getFileSystem().getPath(root);
    }

    /** The distribution's files, and its index with every contributed entry (replacing those of the same name). */
    private static void copy(TaskContext ctx, PyodideDistribution d, Path root, boolean noMaps) {
        Path target = ctx.options().outputDir().resolve(TARGET);
        List<PyodidePackage> added = ctx.get(PyodideKeys.PACKAGES);
        ctx.files().copyTree(root, target, rel -> hosted(rel, noMaps) && !(rel.equals(d.index()) && !added.isEmpty()));
        if (added.isEmpty()) {
            return; // the index as the distribution has it, copied above
        }
        ObjectNode index = (ObjectNode) d.lock().deepCopy();
        ObjectNode packages = index.withObjectProperty("packages");
        for (PyodidePackage p : added) {
            String normal = normalize(p.name());
            for (String key : new ArrayList<>(packages.propertyNames())) {
                if (normalize(key).equals(normal)) {
                    packages.remove(key);
                }
            }
            packages.set(p.name(), p.entry().deepCopy());
        }
        ctx.files().write(target.resolve(d.index()), ctx.json().bytes(index));
    }

    /** A package name as PEP 503 normalises it (lower case, runs of {@code -_.} as one {@code -}). */
    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** Sets pyodideUrl for the kernel plugin, and warns when the kernel and the distribution do not match. */
    private static void configure(TaskContext ctx, Optional<String> pluginOverride) {
        Optional<PyodideDistribution> hosted = ctx.find(PyodideKeys.DISTRIBUTION);
        if (hosted.isEmpty()) {
            return;
        }
        PyodideDistribution d = hosted.get();
        List<FederatedExtension> extensions = ctx.get(LiteKeys.FEDERATED_EXTENSIONS);
        PyodideKernel site = ctx.get(PyodideKeys.KERNEL);
        boolean pyolite = site.equals(PyodideKernel.PYOLITE);
        String plugin = pluginOverride.orElse(site.plugin());
        ctx.patch(ConfigPatch.set(ConfigPatch.ROOT, ConfigPatch.pluginSetting(plugin, "pyodideUrl"),
                JsonNodeFactory.instance.stringNode("./" + d.path() + "/" + d.entry())));

        Optional<String> kernelVersion = extensions.stream().filter(e -> e.name().equals(PyodideKernel.CURRENT.extension()))
                .findFirst().or(() -> extensions.stream().filter(e -> e.name().equals(PyodideKernel.PYOLITE.extension())).findFirst())
                .map(FederatedExtension::version);
        Optional<List<String>> expected = kernelVersion.flatMap(Compatibility::expected)
                .or(() -> pyolite ? Optional.of(Compatibility.PYOLITE) : Optional.empty());
        if (expected.isPresent() && !d.version().isEmpty() && !Compatibility.matches(d.version(), expected.get())) {
            String who = kernelVersion.map(v -> "the Pyodide kernel extension " + v).orElse("this app's built-in kernel (pyolite)");
            String message = who + " expects Pyodide " + String.join(" or ", expected.get().stream().map(s -> s + ".x").toList())
                    + ", but the site hosts Pyodide " + d.version() + " (from " + d.source() + "); the kernel may fail to "
                    + "start. Give a matching distribution, e.g. --pyodide npm:pyodide@" + example(expected.get());
            ctx.warnOrError(ctx.options().get(LiteBuildConfig.STRICT), "--strict", message);
        }
    }

    private static String example(List<String> series) {
        String last = series.get(series.size() - 1);
        return switch (last) {
            case "314" -> "314.0.7";
            case "0.29" -> "0.29.3";
            case "0.27" -> "0.27.7";
            case "0.26" -> "0.26.4";
            case "0.25" -> "0.25.1";
            case "0.24" -> "0.24.1";
            case "0.22" -> "0.22.1";
            default -> last + ".0";
        };
    }

    private static void report(TaskContext ctx, Optional<String> spec) {
        Optional<Distribution> d;
        try {
            d = locate(ctx, spec);
        } catch (LiteException e) {
            String source = source(ctx, spec);
            ctx.info(e.getMessage().startsWith(source) ? e.getMessage() : source + ": " + e.getMessage());
            ctx.find(PyodideKeys.DISTRIBUTION).ifPresent(last -> ctx.info("the last build hosted " + last.version() + " from " + last.source()));
            return;
        }
        if (d.isEmpty()) {
            ctx.info("no Pyodide is hosted: the kernel loads it from its default CDN at run time (give --pyodide to host one)");
            return;
        }
        Distribution dist = d.get();
        ctx.info("source: " + source(ctx, spec) + (dist.root().startsWith(ctx.options().cacheDir())
                ? " (in the cache, unpacked once: " + dist.root() + ")" : " (" + dist.root() + ")"));
        ctx.info(dist.describe() + "; entry point " + dist.entry() + ", index " + dist.index());
        // what the site's wheels provide, as the last build shipped them (a status runs no build task)
        List<String> provided = ctx.get(PyodideKeys.PROVIDED_PACKAGES);
        List<String> shipped = dist.missingStartup().stream().filter(provided::contains).toList();
        List<String> lacking = dist.missingStartup().stream().filter(n -> !provided.contains(n)).toList();
        if (!shipped.isEmpty()) {
            ctx.info("the kernel loads " + String.join(", ", shipped) + " at start-up, which the distribution lacks and the "
                    + "site's wheels ship (as of the last build)");
        }
        if (!lacking.isEmpty()) {
            ctx.info("the kernel loads " + String.join(", ", lacking) + " at start-up, and neither the distribution nor the site's "
                    + "wheels hold " + (lacking.size() == 1 ? "it" : "them") + ": the kernel does not start offline; ship "
                    + (lacking.size() == 1 ? "it" : "them") + " as wheels with piplite (jlite check prints the piplite_urls "
                    + "that do), or use a full distribution");
        }
    }

    /** Checks the pyodideUrl of the root configuration: its entry point and index, and the files the index names. */
    private static void verify(TaskContext ctx) {
        Path output = ctx.options().outputDir();
        Path config = output.resolve(ConfigPatch.ROOT);
        if (!Files.isRegularFile(config)) {
            return;
        }
        JsonNode settings = ctx.json().read(config).path("jupyter-config-data").path("litePluginSettings");
        for (String plugin : List.of(PyodideKernel.CURRENT.plugin(), PyodideKernel.PYOLITE.plugin())) {
            String url = settings.path(plugin).path("pyodideUrl").asString("");
            if (!url.startsWith("./")) {
                continue;
            }
            String rel = url.substring(2);
            Path entry = output.resolve(rel).normalize();
            String where = ConfigPatch.ROOT + ": " + ConfigPatch.pluginSetting(plugin, "pyodideUrl").replace("~1", "/");
            if (!entry.startsWith(output) || !Files.isRegularFile(entry)) {
                ctx.error(where + ": " + url + " does not exist in the site");
                continue;
            }
            Path dir = entry.getParent();
            Optional<String> index = Distribution.INDEXES.stream().filter(i -> Files.isRegularFile(dir.resolve(i))).findFirst();
            if (index.isEmpty()) {
                ctx.error(where + ": " + output.relativize(dir) + " has no pyodide-lock.json or "
                        + "repodata.json beside " + entry.getFileName());
                continue;
            }
            Distribution d;
            try {
                d = Distribution.read(dir, output, ctx.json());
            } catch (LiteException e) {
                ctx.error(e.getMessage());
                continue;
            }
            List<String> provided = ctx.get(PyodideKeys.PROVIDED_PACKAGES);
            List<String> missing = d.missingFiles().stream().filter(n -> !provided.contains(n)).toList();
            List<String> startup = d.missingStartup().stream().filter(n -> !provided.contains(n)).toList();
            if (!missing.isEmpty()) {
                String list = missing.size() <= 10 ? String.join(", ", missing)
                        : String.join(", ", missing.subList(0, 10)) + " and " + (missing.size() - 10) + " more";
                String message = output.relativize(dir.resolve(d.index())) + ": " + missing.size() + " of " + d.packages()
                        + " packages have no file in the site (" + list + "); a kernel importing them fetches nothing offline"
                        + (startup.isEmpty() ? "" : ", and it cannot start without " + String.join(", ", startup));
                // a package no one imports is fetched by no one: only what the kernel needs to start is an error offline
                ctx.warnOrError(ctx.options().get(LiteBuildConfig.OFFLINE) && !startup.isEmpty(), "--offline", message);
            }
        }
    }
}
