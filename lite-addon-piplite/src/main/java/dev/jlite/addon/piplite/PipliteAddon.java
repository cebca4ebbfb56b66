package dev.jlite.addon.piplite;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonCommand;
import dev.jlite.core.spi.AddonContext;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Archives;
import dev.jlite.core.spi.CommandContext;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.FederatedExtension;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.TaskContext;
import dev.jlite.core.spi.WheelIndex;
import dev.jlite.core.spi.pyodide.PyodideDistribution;
import dev.jlite.core.spi.pyodide.PyodideKernel;
import dev.jlite.core.spi.pyodide.PyodideKeys;
import dev.jlite.core.spi.pyodide.PyodidePackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Ships Python wheels with the site: those the app brings in its own {@code pypi/}, {@code <lite dir>/pypi/}
 * and {@code --piplite-wheels} ({@code PipliteAddon.piplite_urls}: URLs, files, folders listed
 * non-recursively, {@code npm:...!/pypi}, {@code pypi:name==version}), a later one of the same file name
 * winning; copied to {@code pypi/} with a Warehouse-like {@code pypi/all.json}, which {@code pipliteUrls}
 * names first, before the indexes that extensions publish. With {@code --piplite-install-on-import} the
 * wheels also join the hosted Pyodide's package index ({@link PyodideKeys#PACKAGES}), so a plain
 * {@code import} loads them. A wheel's metadata is read once and remembered in the cache ({@link Memo}), and a
 * wheel already in the site is not copied again, so adding one wheel to many costs that wheel.
 */
public final class PipliteAddon implements Addon {

    static final Setting<List<String>> PIPLITE_URLS = Setting.list("piplite_urls",
            "Wheels to serve with the site: URLs, files, folders, npm:...!/<folder> or pypi:<name>==<version>.")
            .withAlias("piplite-wheels");

    static final Setting<Boolean> INSTALL_ON_IMPORT = Setting.bool("install_on_import",
            "Also list the wheels in the hosted Pyodide's package index, so that importing them loads them "
            + "(a wheel of a package whose file the index names and the site lacks always joins it).")
            .withFlag("piplite-install-on-import");


    static final String TARGET = "pypi";
    static final String INDEX = "pypi/all.json";
    static final String WELL_KNOWN = "pypi";

    /** The reference's name of this addon, which --disable-addons also takes. */
    @Override
    public Set<String> otherNames() {
        return Set.of("jupyterlite-pyodide-kernel-piplite");
    }

    @Override
    public String id() {
        return "piplite";
    }

    @Override
    public String description() {
        return "wheels served with the site: pypi/all.json, pipliteUrls, install on import";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(PIPLITE_URLS, INSTALL_ON_IMPORT);
    }

    @Override
    public void register(AddonRegistrar r) {
        List<String> specs = r.config().get(PIPLITE_URLS);
        boolean onImport = r.config().get(INSTALL_ON_IMPORT);
        r.task(Phase.POST_BUILD, "wheels")
                .description("copy wheels to pypi/, index them, wire pipliteUrls (and install on import)")
                .reads(PyodideKeys.DISTRIBUTION)
                .reads(PyodideKeys.KERNEL)
                .reads(LiteKeys.FEDERATED_EXTENSIONS)
                .reads(LiteKeys.WHEEL_INDEXES)
                .reads(LiteKeys.APP)
                .writes(LiteKeys.CONFIG_PATCHES)
                .writes(PyodideKeys.PROVIDED_PACKAGES)
                .writes(PyodideKeys.PACKAGES)
                .uses(specs, onImport)
                .prepare(ctx -> Shipping.of(ctx, specs))
                .inputs((ctx, shipping) -> shipping.wheels())
                .outputs((ctx, shipping) -> outputs(shipping.wheels()))
                .run((ctx, shipping) -> {
                    shipping.leftOut().forEach(ctx::warn);
                    build(ctx, shipping.wheels(), onImport);
                });
        r.task(Phase.CHECK, "verify")
                .description("check pypi/all.json and the install-on-import entries")
                .run(ctx -> Verify.site(ctx));
        r.task(Phase.CHECK, "startup")
                .description("list what the Pyodide kernel fetches when it starts that the site lacks")
                .run(Startup::check);
    }

    @Override
    public List<AddonCommand> commands() {
        return List.of(AddonCommand.of("index", "[DIR]", "Write DIR/all.json, the piplite index of the wheels in DIR (default: "
                + "the working folder, as the reference's jupyter piplite index), as the build writes pypi/all.json.",
                PipliteAddon::index));
    }

    /** {@code jlite piplite index [DIR]}: the index of a folder of wheels (the working folder by default), beside them. */
    static void index(List<String> args, CommandContext ctx) {
        if (args.size() > 1) {
            ctx.usage("give one folder of wheels, or none for the working folder: jlite piplite index [DIR]");
            return;
        }
        Path dir = ctx.path(args.isEmpty() ? "." : args.get(0)).normalize();
        if (!Files.isDirectory(dir)) {
            ctx.error(dir + " is not a folder; give the folder that holds the wheels");
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".whl") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<WheelFile> wheels = new ArrayList<>();
        for (Path file : files) {
            Optional<String> why = Wheel.unsupported(file.getFileName().toString());
            if (why.isPresent()) {
                ctx.warn(file + " is left out: " + why.get());
                continue;
            }
            Wheel wheel = read(ctx, file);
            Map<String, String> digests = ctx.files().digests(file, "SHA-256", "MD5");
            try {
                wheels.add(new WheelFile(wheel, Files.size(file), digests.get("MD5"), digests.get("SHA-256"), ctx.files().time(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (wheels.isEmpty()) {
            ctx.error(dir + " has no wheels to index (" + (files.isEmpty() ? "no *.whl files" : "none Pyodide can use")
                    + "); put the .whl files there, or give the folder that holds them");
            return;
        }
        Path index = dir.resolve("all.json");
        ctx.files().write(index, ctx.json().bytes(Indexes.allJson(ctx.json(), wheels)));
        ctx.print("wrote " + index + " (" + wheels.size() + " wheel" + (wheels.size() == 1 ? "" : "s") + ", sha256 "
                + ctx.files().sha256(index) + ")");
    }

    /** The wheels of one build, worked out once for the task's inputs, outputs and run, and what is left out, with why. */
    private record Shipping(List<Path> wheels, List<String> leftOut) {

        static Shipping of(TaskContext ctx, List<String> specs) {
            List<String> notes = new ArrayList<>();
            return new Shipping(PipliteAddon.wheels(ctx, specs, notes), notes);
        }
    }

    /**
     * The wheels to ship, by file name (a later source of the same name wins), unsupported ones left out
     * (each noted in {@code leftOut}, naming the file and why; not those of the app's own {@code pypi/},
     * whose other files the app keeps).
     */
    static List<Path> wheels(TaskContext ctx, List<String> specs, List<String> leftOut) {
        Map<String, Path> byName = new LinkedHashMap<>();
        Path fromApp = ctx.options().outputDir().getFileSystem().getPath(ctx.get(LiteKeys.APP).root()).resolve(TARGET);
        if (Files.isDirectory(fromApp)) {
            addFolder(fromApp, byName, new ArrayList<>()); // the app's own: indexed as the reference does
        }
        Path known = ctx.options().liteDir().resolve(WELL_KNOWN);
        if (Files.isDirectory(known)) {
            addFolder(known, byName, leftOut);
        }
        List<Path> resolved = ctx.sources().resolveAll(specs);
        for (int i = 0; i < specs.size(); i++) {
            Path p = resolved.get(i);
            if (Files.isDirectory(p)) {
                addFolder(p, byName, leftOut);
            } else {
                add(p, byName, leftOut);
            }
        }
        return List.copyOf(byName.values());
    }

    private static void addFolder(Path dir, Map<String, Path> byName, List<String> leftOut) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".whl")).sorted().toList()) {
                add(p, byName, leftOut);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void add(Path file, Map<String, Path> byName, List<String> leftOut) {
        String name = file.getFileName().toString();
        Optional<String> why = Wheel.unsupported(name);
        if (why.isPresent()) {
            leftOut.add(file + " is left out: " + why.get());
            return;
        }
        byName.put(name, file);
    }

    /** Each wheel and the index: other files of the app's {@code pypi/} are the app's to lay down. */
    private static List<String> outputs(List<Path> wheels) {
        List<String> out = new ArrayList<>();
        for (Path wheel : wheels) {
            out.add(TARGET + "/" + wheel.getFileName());
        }
        if (!out.isEmpty()) {
            out.add(INDEX);
        }
        return out;
    }

    private static void build(TaskContext ctx, List<Path> sources, boolean onImport) {
        Path output = ctx.options().outputDir();
        Map<String, Instant> appTimes = publishedTimes(ctx);
        Memo memo = Memo.open(ctx);
        List<WheelFile> shipped = new ArrayList<>();
        // every wheel is read before one is copied: a broken one fails the build with nothing written
        for (Path source : sources) {
            memo.wheel(source, ctx.files().sha256(source)).disagreement()
                    .ifPresent(why -> ctx.warn(source + ": " + why));
        }
        for (Path source : sources) {
            Path target = output.resolve(TARGET).resolve(source.getFileName().toString());
            Map<String, String> digests = ctx.files().copyWithDigests(source, target, "SHA-256", "MD5");
            // the same bytes as read, unless the file changed meanwhile: then what was copied is read
            Wheel wheel = memo.wheel(source, digests.get("SHA-256"));
            try {
                Instant time = appTimes.getOrDefault(wheel.fileName() + " " + digests.get("SHA-256"),
                        Files.getLastModifiedTime(target).toInstant());
                shipped.add(new WheelFile(wheel, Files.size(target), digests.get("MD5"), digests.get("SHA-256"), time));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        memo.save();
        String plugin = ctx.find(PyodideKeys.KERNEL).orElseGet(() -> kernelOf(ctx.get(LiteKeys.FEDERATED_EXTENSIONS))).plugin();
        String pointer = ConfigPatch.pluginSetting(plugin, "pipliteUrls");
        if (!shipped.isEmpty()) {
            byte[] index = ctx.json().bytes(Indexes.allJson(ctx.json(), shipped));
            Path indexFile = output.resolve(INDEX);
            ctx.files().write(indexFile, index);
            ctx.patch(ConfigPatch.prependUrl(ConfigPatch.ROOT, pointer, "./" + INDEX + "?sha256=" + ctx.files().sha256(indexFile)));
        }
        for (WheelIndex published : ctx.get(LiteKeys.WHEEL_INDEXES)) {
            ctx.patch(ConfigPatch.appendUrl(ConfigPatch.ROOT, pointer, published.url()));
        }
        if (onImport && !shipped.isEmpty()) {
            installOnImport(ctx, shipped);
        } else if (!shipped.isEmpty()) {
            // a package whose file the lock names and the site lacks can never load: its shipped wheel takes the
            // entry even without install on import (micropip and the other start-up packages of npm's Pyodide)
            List<WheelFile> broken = brokenInTheLock(ctx, shipped);
            if (!broken.isEmpty()) {
                installOnImport(ctx, broken);
            }
        }
    }

    /**
     * The site's kernel when no Pyodide addon says (it is disabled, or absent): the pyolite one when only its
     * extension is there. The Pyodide addon also knows the app versions that built pyolite in.
     */
    private static PyodideKernel kernelOf(List<FederatedExtension> extensions) {
        Set<String> names = extensions.stream().map(FederatedExtension::name).collect(Collectors.toSet());
        return names.contains(PyodideKernel.PYOLITE.extension()) && !names.contains(PyodideKernel.CURRENT.extension())
                ? PyodideKernel.PYOLITE : PyodideKernel.CURRENT;
    }

    /** The shipped wheels of packages whose file the hosted Pyodide's lock names but the distribution lacks. */
    private static List<WheelFile> brokenInTheLock(TaskContext ctx, List<WheelFile> shipped) {
        Optional<PyodideDistribution> pyodide = ctx.find(PyodideKeys.DISTRIBUTION);
        if (pyodide.isEmpty()) {
            return List.of();
        }
        Map<String, String> files = new HashMap<>();
        pyodide.get().lock().path("packages").properties()
                .forEach(e -> files.put(Wheel.normalize(e.getKey()), e.getValue().path("file_name").asString("")));
        Set<String> absent = new HashSet<>();
        pyodide.get().absent().forEach(name -> absent.add(Wheel.normalize(name)));
        Map<String, WheelFile> byName = new LinkedHashMap<>();
        shipped.forEach(w -> byName.putIfAbsent(Wheel.normalize(w.wheel().name()), w));
        Deque<String> todo = new ArrayDeque<>();
        byName.keySet().stream().filter(name -> brokenEntry(files, absent, name)).forEach(todo::add);
        // with what they need that only the shipped wheels have (ipython needs ipython-pygments-lexers)
        Map<String, String> env = Markers.pyodide(pyodide.get().python(), pyodide.get().platform());
        Set<String> taken = new LinkedHashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!taken.add(name)) {
                continue;
            }
            for (String needed : byName.get(name).wheel().depends(env)) {
                // what the lock lacks, or names without its file, comes from the shipped wheel
                if (byName.containsKey(needed) && (!files.containsKey(needed) || brokenEntry(files, absent, needed))) {
                    todo.add(needed);
                }
            }
        }
        return taken.stream().map(byName::get).toList();
    }

    /** Whether the lock names a file for {@code name} that the distribution lacks. */
    private static boolean brokenEntry(Map<String, String> files, Set<String> absent, String name) {
        String file = files.get(name);
        return file != null && !file.contains("://") && absent.contains(name);
    }

    /**
     * The upload times that the app's own {@code pypi/all.json} gives its wheels, by file name and sha256: a
     * wheel the app published keeps its time (an earlier site given as the app then indexes its wheels as
     * it did), while one whose published digest is stale, or that the app does not list, gets its file's.
     */
    private static Map<String, Instant> publishedTimes(TaskContext ctx) {
        Path index = ctx.options().outputDir().getFileSystem().getPath(ctx.get(LiteKeys.APP).root()).resolve(INDEX);
        Map<String, Instant> out = new HashMap<>();
        if (!Files.isRegularFile(index)) {
            return out;
        }
        JsonNode root;
        try {
            root = ctx.json().read(index);
        } catch (LiteException e) {
            return out; // an unreadable index of the app's is replaced, as a stale one is
        }
        root.properties().forEach(p -> p.getValue().path("releases").properties().forEach(v -> v.getValue().forEach(f -> {
            String name = f.path("filename").asString("");
            String sha = f.path("digests").path("sha256").asString("");
            try {
                out.put(name + " " + sha, Instant.parse(f.path("upload_time_iso_8601").asString("")));
            } catch (DateTimeParseException e) {
                // no usable time: the file's is taken
            }
        })));
        return out;
    }

    /** The wheels' entries for the hosted Pyodide's index, which the Pyodide addon writes with them. */
    private static void installOnImport(TaskContext ctx, List<WheelFile> shipped) {
        PyodideDistribution pyodide = ctx.find(PyodideKeys.DISTRIBUTION).orElseThrow(() -> new LiteException(
                "--piplite-install-on-import needs a self-hosted Pyodide, whose package index the wheels join: give --pyodide "
                        + "(e.g. npm:pyodide@314.0.7), or leave install on import off"));
        JsonNode index = pyodide.lock();
        boolean lockEra = pyodide.index().equals("pyodide-lock.json");
        Locks.Merged merged = Locks.merge(index, lockEra, shipped, Markers.pyodide(pyodide.python(), pyodide.platform()));
        for (String name : merged.provided()) {
            ctx.add(PyodideKeys.PACKAGES, new PyodidePackage(name, merged.index().path("packages").path(name)));
            ctx.add(PyodideKeys.PROVIDED_PACKAGES, name);
        }
        for (String replaced : merged.replaced()) {
            ctx.info("the wheel of " + replaced + " replaces the one of Pyodide " + pyodide.version());
        }
        for (String name : merged.provided()) {
            List<String> missing = Locks.missingDependencies(merged.index(), name);
            if (!missing.isEmpty()) {
                ctx.warn(name + " needs " + String.join(", ", missing) + ", which neither the "
                        + "wheels nor Pyodide " + pyodide.version() + " provide; add their wheels, or importing " + name + " fails");
            }
        }
    }

    /** A wheel's metadata, read from its central directory; a broken wheel is named. */
    static Wheel read(AddonContext ctx, Path file) {
        String name = file.getFileName().toString();
        try {
            Archives.ZipContents zip = ctx.archives().readZip(file, e -> e.contains(".dist-info/")
                    && (e.endsWith("/METADATA") || e.endsWith("/top_level.txt") || e.endsWith("/RECORD")));
            return Wheel.read(name, zip.names(), zip.contents());
        } catch (IllegalArgumentException e) {
            throw new LiteException(file + " is not a usable wheel: " + e.getMessage(), file.toString(), e);
        }
    }
}
