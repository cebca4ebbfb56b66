package dev.jlite.addon.mathjax;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.AppInfo;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.TaskContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Self-hosts MathJax 2, so math renders with the network off. By default from the copy this addon
 * carries (MathJax 2.7.9, from the Maven Central webjar); else from {@code MathjaxAddon.mathjax_url}
 * (any source: {@code npm:mathjax@2.7.9}, a tarball, a zip) or {@code --mathjax-dir} (a folder, such as
 * Debian's {@code libjs-mathjax}). The trimmed offline set ({@code profile = "trimmed"}, the files
 * {@code jupyter_server_mathjax} shipped) or everything ({@code "full"}) goes to {@code static/mathjax/};
 * {@code fullMathjaxUrl} and {@code mathjaxConfig} are set unless the site configures them.
 */
public final class MathjaxAddon implements Addon {

    static final Setting<String> MATHJAX_URL = Setting.string("mathjax_url",
            "MathJax 2 from a source: npm:mathjax@2.7.9, a tarball, a zip, a URL.");

    static final Setting<String> PROFILE = Setting.string("profile",
            "trimmed (the files MathJax needs offline for TeX) or full.")
            .withDefault("trimmed").withChoices("trimmed", "full");

    static final Setting<Boolean> ENABLED = Setting.bool("enabled", "Host MathJax at all.")
            .withDefault(true);

    static final String TARGET = "static/mathjax";
    static final String CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe";
    static final String EMBEDDED = "mathjax-2.7.9";
    private static final Pattern VERSION = Pattern.compile("MathJax\\.version\\s*=\\s*\"([^\"]+)\"");

    @Override
    public String id() {
        return "mathjax";
    }

    @Override
    public String description() {
        return "self-hosted MathJax 2 (carried in this jar): static/mathjax, fullMathjaxUrl, mathjaxConfig";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(MATHJAX_URL, PROFILE, ENABLED);
    }

    @Override
    public void register(AddonRegistrar r) {
        if (!r.config().get(ENABLED)) {
            return;
        }
        String profile = r.config().get(PROFILE); // one of its choices, checked with the configuration
        Optional<String> url = r.config().nonBlank(MATHJAX_URL);
        Optional<String> dir = r.options().config().nonBlank(LiteBuildConfig.MATHJAX_DIR);
        boolean full = profile.equals("full");
        r.task(Phase.BUILD, "copy")
                .description("copy MathJax 2 to static/mathjax")
                .uses(url.orElse(""), dir.orElse(""), profile)
                .output(TARGET)
                .prepare(ctx -> source(ctx, url, dir))
                .inputs((ctx, found) -> found.map(s -> List.of(s.root())).orElse(List.of()))
                .run((ctx, found) -> copy(ctx, found, full));
        r.task(Phase.POST_BUILD, "config")
                .description("set fullMathjaxUrl and mathjaxConfig unless the site sets them")
                .writes(LiteKeys.CONFIG_PATCHES)
                .uses()
                .run(ctx -> {
                    ctx.patch(ConfigPatch.setDefault(ConfigPatch.ROOT, "/fullMathjaxUrl",
                            JsonNodeFactory.instance.stringNode("./" + TARGET + "/MathJax.js")));
                    ctx.patch(ConfigPatch.setDefault(ConfigPatch.ROOT, "/mathjaxConfig", JsonNodeFactory.instance.stringNode(CONFIG)));
                });
        r.task(Phase.STATUS, "report").description("say which MathJax a build would host").reads(LiteKeys.APP)
                .run(ctx -> report(ctx, url, dir, profile));
        r.task(Phase.CHECK, "verify").description("check MathJax.js and the configs mathjaxConfig names").run(MathjaxAddon::verify);
    }

    /** A MathJax 2 folder from a source or --mathjax-dir; empty for the copy this jar carries. */
    record Source(Path root, String version, String from) {
    }

    static Optional<Source> source(TaskContext ctx, Optional<String> url, Optional<String> dir) {
        if (url.isPresent()) {
            Path p = ctx.sources().resolve(url.get());
            // an archive that holds no MathJax 2 stays out of the cache
            Path folder = Files.isDirectory(p) ? p : ctx.archives().unpackCached(p, unpacked -> find(unpacked, url.get()));
            return Optional.of(find(folder, url.get()));
        }
        if (dir.isPresent()) {
            Path folder = ctx.options().resolve(dir.get());
            if (!Files.isDirectory(folder)) {
                throw new LiteException("--mathjax-dir: " + folder + " is not a folder; give the folder holding MathJax.js",
                        folder.toString(), null);
            }
            return Optional.of(find(folder, "--mathjax-dir " + dir.get()));
        }
        return Optional.empty();
    }

    /** The MathJax 2 folder in what a source gave: it, its package/ (npm), or its only sub-folder. */
    static Source find(Path folder, String from) {
        List<Path> candidates = new ArrayList<>(List.of(folder, folder.resolve("package")));
        List<String> top = list(folder);
        if (top.size() == 1 && Files.isDirectory(folder.resolve(top.get(0)))) {
            candidates.add(folder.resolve(top.get(0)));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("MathJax.js"))) {
                String version = version(c.resolve("MathJax.js"));
                if (!version.startsWith("2.")) {
                    throw new LiteException(from + " is MathJax " + version + "; jlite hosts MathJax 2 (what fullMathjaxUrl loads)",
                            from, null);
                }
                return new Source(c, version, from);
            }
            if (Files.isRegularFile(c.resolve("es5/tex-mml-chtml.js")) || Files.isRegularFile(c.resolve("tex-mml-chtml.js"))) {
                throw new LiteException(from + " is MathJax 3 (it has tex-mml-chtml.js and no MathJax.js); jlite hosts MathJax 2, "
                        + "which fullMathjaxUrl loads (JupyterLab 4 apps bundle MathJax 3 themselves)", from, null);
            }
        }
        throw new LiteException(from + " is not MathJax: there is no MathJax.js in it (found: " + summary(top) + "); give "
                + "MathJax 2, e.g. npm:mathjax@2.7.9 or Debian's /usr/share/javascript/mathjax", from, null);
    }

    private static String version(Path mathjaxJs) {
        try {
            Matcher m = VERSION.matcher(Files.readString(mathjaxJs, StandardCharsets.ISO_8859_1));
            return m.find() ? m.group(1) : "of an unknown version";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String summary(List<String> names) {
        if (names.isEmpty()) {
            return "an empty folder";
        }
        return names.size() <= 8 ? String.join(", ", names) : String.join(", ", names.subList(0, 8)) + ", ...";
    }

    private static void copy(TaskContext ctx, Optional<Source> source, boolean full) {
        Path target = ctx.options().outputDir().resolve(TARGET);
        // what it wrote last time and not this time (another profile, another source) goes once it succeeds
        if (source.isPresent()) {
            ctx.files().copyTree(source.get().root(), target, rel -> full || Trimmed.includes(rel));
            return;
        }
        for (String rel : embedded()) {
            if (full || Trimmed.includes(rel)) {
                ctx.files().write(target.resolve(rel), read(rel));
            }
        }
    }

    /** The files of the copy this jar carries, sorted. */
    static List<String> embedded() {
        byte[] index = resource(EMBEDDED + ".index");
        return new String(index, StandardCharsets.UTF_8).lines().map(String::trim).filter(l -> !l.isEmpty()).sorted().toList();
    }

    private static byte[] read(String rel) {
        return resource(EMBEDDED + "/" + rel);
    }

    private static byte[] resource(String name) {
        try (InputStream in = MathjaxAddon.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the mathjax addon's jar lacks " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void report(TaskContext ctx, Optional<String> url, Optional<String> dir, String profile) {
        try {
            Optional<Source> s = source(ctx, url, dir);
            ctx.info("MathJax " + s.map(Source::version).orElse("2.7.9") + " from " + s.map(Source::from)
                    .orElse("the copy the mathjax addon carries") + ", " + profile + " set, to " + TARGET + "/");
        } catch (LiteException e) {
            ctx.info(e.getMessage());
        }
        ctx.find(LiteKeys.APP).map(AppInfo::version).filter(v -> !v.isEmpty()).ifPresent(v -> ctx.info(jupyterLab4(v)
                ? "this app (JupyterLite " + v + ") is built on JupyterLab 4, which bundles MathJax 3 and ignores fullMathjaxUrl; "
                + "the hosted MathJax 2 serves pages and extensions that load it"
                : "this app (JupyterLite " + v + ") loads MathJax from fullMathjaxUrl, which points at the hosted copy"));
    }

    /** JupyterLite 0.2 and later are built on JupyterLab 4. */
    static boolean jupyterLab4(String appVersion) {
        String[] p = appVersion.split("[.-]");
        try {
            return Integer.parseInt(p[0]) > 0 || p.length > 1 && Integer.parseInt(p[1]) >= 2;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void verify(TaskContext ctx) {
        Path output = ctx.options().outputDir();
        Path configFile = output.resolve(ConfigPatch.ROOT);
        if (!Files.isRegularFile(configFile)) {
            return;
        }
        JsonNode data = ctx.json().read(configFile).path("jupyter-config-data");
        String url = data.path("fullMathjaxUrl").asString("");
        if (!url.startsWith("./")) {
            return;
        }
        Path mathjax = output.resolve(url.substring(2)).normalize();
        if (!mathjax.startsWith(output) || !Files.isRegularFile(mathjax)) {
            ctx.error(ConfigPatch.ROOT + ": /jupyter-config-data/fullMathjaxUrl: " + url
                    + " does not exist in the site");
            return;
        }
        for (String name : data.path("mathjaxConfig").asString("").split(",")) {
            String n = name.trim();
            if (!n.isEmpty() && !Files.isRegularFile(mathjax.getParent().resolve("config").resolve(n + ".js"))) {
                ctx.error(ConfigPatch.ROOT + ": /jupyter-config-data/mathjaxConfig: " + n
                        + " has no config/" + n + ".js beside " + url);
            }
        }
    }
}
