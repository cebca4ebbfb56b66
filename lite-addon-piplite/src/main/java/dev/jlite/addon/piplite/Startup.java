package dev.jlite.addon.piplite;

import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.TaskContext;
import dev.jlite.core.spi.WheelName;
import dev.jlite.core.spi.pyodide.PyodideKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * What the Pyodide kernel (jupyterlite-pyodide-kernel 0.1 and later) fetches when it starts, worked out
 * from the built site, and which of it the site does not host. At start-up the kernel's worker loads
 * Pyodide, then {@code micropip} from Pyodide's package index, installs the {@code piplite} wheel, then
 * has piplite install {@code ipykernel}, {@code comm}, {@code pyodide-kernel}, {@code jedi} and
 * {@code ipython} with their dependencies: each from Pyodide's index when it lists the name, else from the
 * wheel indexes of {@code pipliteUrls} (the site's and the kernel extension's), else from PyPI unless
 * {@code disablePyPIFallback} is set. Packages already in {@code loadPyodideOptions.packages} are loaded
 * with Pyodide instead.
 */
final class Startup {


    /** What the kernel has piplite install once micropip and piplite are in. */
    static final List<String> KERNEL_PACKAGES = List.of("ipykernel", "comm", "pyodide-kernel", "jedi", "ipython");

    private final TaskContext ctx;
    private final Path output;
    private final Path lockDir;
    private final String lockRel;
    private final Map<String, String> lockKeys = new HashMap<>();
    private final JsonNode lockPackages;
    private final Map<String, String> env;
    /** Normalised project name -> the wheels the site's indexes list for it. */
    private final Map<String, List<Candidate>> indexed = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<String> needed = new LinkedHashSet<>();
    /** Files the kernel fetches and the site lacks, with what named them. */
    private final List<Missing> missing = new ArrayList<>();
    /** The pypi: specs that would ship what is missing for the kernel to start. */
    private final Set<String> remedy = new TreeSet<>();
    /** Whether what is being walked is needed to start (micropip, piplite, the kernel's packages), or only preloaded. */
    private boolean essential;
    private final Set<String> unresolved = new TreeSet<>();

    private record Candidate(String version, Path wheel, String index, String pointer) {
    }

    private record Missing(String text, boolean essential) {
    }

    private Startup(TaskContext ctx, Path lockDir, String lock, JsonNode index) {
        this.ctx = ctx;
        this.output = ctx.options().outputDir();
        this.lockDir = lockDir;
        this.lockRel = output.relativize(lockDir.resolve(lock)).toString();
        this.lockPackages = index.path("packages");
        lockPackages.propertyNames().forEach(k -> lockKeys.put(Wheel.normalize(k), k));
        JsonNode info = index.path("info");
        this.env = Markers.pyodide(info.path("python").asString(""), info.path("platform").asString(""));
    }

    /** The check task: reports what the kernel would fetch at start-up that the site lacks. */
    static void check(TaskContext ctx) {
        Path output = ctx.options().outputDir();
        Path extension = output.resolve("extensions").resolve(PyodideKernel.CURRENT.extension());
        Path config = output.resolve(ConfigPatch.ROOT);
        if (!Files.isRegularFile(extension.resolve("package.json")) || !Files.isRegularFile(config)) {
            return; // no Pyodide kernel in this site (or the pyolite era, whose start-up differs)
        }
        JsonNode settings;
        try {
            settings = ctx.json().read(config).path("jupyter-config-data").path("litePluginSettings").path(PyodideKernel.CURRENT.plugin());
        } catch (LiteException e) {
            return; // the lite addon's check reports a malformed configuration
        }
        Optional<Path> entry = local(output, settings.path("pyodideUrl").asString(""));
        if (entry.isEmpty() || !Files.isRegularFile(entry.get())) {
            return; // a CDN Pyodide is the audit's finding, a missing entry point the Pyodide addon's
        }
        Path dir = entry.get().getParent();
        Optional<String> lock = Stream.of("pyodide-lock.json", "repodata.json").filter(n -> Files.isRegularFile(dir.resolve(n)))
                .findFirst();
        if (lock.isEmpty()) {
            return;
        }
        Startup s = new Startup(ctx, dir, lock.get(), ctx.json().read(dir.resolve(lock.get())));
        s.indexes(settings, extension);
        s.walk(settings, extension);
        s.report(settings.path("disablePyPIFallback").asBoolean(false));
    }

    /** A site-relative URL ({@code ./x}, {@code x}, with any query) as a file of the site; empty for another host. */
    private static Optional<Path> local(Path output, String url) {
        if (url.isEmpty() || url.startsWith("//") || url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return Optional.empty();
        }
        String path = url.split("[?#]", 2)[0];
        Path p = output.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
        return p.startsWith(output) ? Optional.of(p) : Optional.empty();
    }

    private void indexes(JsonNode settings, Path extension) {
        List<Path> files = new ArrayList<>();
        for (JsonNode url : settings.path("pipliteUrls")) {
            local(output, url.asString("")).ifPresent(files::add);
        }
        files.add(extension.resolve("static/pypi/all.json")); // the kernel adds its own index after the configured ones
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode root;
            try {
                root = ctx.json().read(file);
            } catch (LiteException e) {
                continue; // the piplite check reports it
            }
            String rel = output.relativize(file).toString();
            root.properties().forEach(project -> project.getValue().path("releases").properties().forEach(release -> {
                int i = 0;
                for (JsonNode f : release.getValue()) {
                    String pointer = "/" + project.getKey() + "/releases/" + release.getKey() + "/" + i++ + "/url";
                    relative(file.getParent(), f.path("url").asString("")).filter(p -> p.toString().endsWith(".whl"))
                            .ifPresent(p -> indexed.computeIfAbsent(Wheel.normalize(project.getKey()), k -> new ArrayList<>())
                                    .add(new Candidate(release.getKey(), p, rel, pointer)));
                }
            }));
        }
    }

    /** A URL relative to a file's folder, as a file of the site; empty for another host or a place outside the site. */
    private Optional<Path> relative(Path folder, String url) {
        if (url.isEmpty() || url.startsWith("//") || url.startsWith("/") || url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return Optional.empty();
        }
        Path p = folder.resolve(url.split("[?#]", 2)[0]).normalize();
        return p.startsWith(output) ? Optional.of(p) : Optional.empty();
    }

    private void walk(JsonNode settings, Path extension) {
        Set<String> preloaded = new TreeSet<>();
        JsonNode packages = settings.path("loadPyodideOptions").path("packages");
        for (int i = 0; i < packages.size(); i++) {
            String p = packages.get(i).asString("");
            if (p.endsWith(".whl")) {
                // a wheel by URL, which Pyodide fetches from the kernel's worker script, in the extension's static/
                String named = ConfigPatch.ROOT + ": /jupyter-config-data" + ConfigPatch.pluginSetting(PyodideKernel.CURRENT.plugin(), "loadPyodideOptions")
                        + "/packages/" + i;
                relative(extension.resolve("static"), p).ifPresent(file -> need(file, named));
                WheelName.parse(p.substring(p.lastIndexOf('/') + 1)).ifPresent(t -> preloaded.add(Wheel.normalize(t.project())));
            } else {
                preloaded.add(Wheel.normalize(p));
                load(p);
            }
        }
        essential = true;
        if (!preloaded.contains("micropip")) {
            load("micropip");
        }
        if (!preloaded.contains("piplite")) {
            String configured = settings.path("pipliteWheelUrl").asString("");
            Optional<Path> wheel = configured.isEmpty() ? defaultPiplite(extension) : local(output, configured);
            if (wheel.isPresent()) {
                need(wheel.get(), configured.isEmpty() ? "the kernel extension's piplite wheel"
                        : ConfigPatch.ROOT + ": /jupyter-config-data" + ConfigPatch.pluginSetting(PyodideKernel.CURRENT.plugin(), "pipliteWheelUrl"));
            } else if (configured.isEmpty()) {
                missing.add(new Missing("piplite: the kernel extension has no static/pypi/piplite-*.whl", true));
            }
        }
        for (String name : KERNEL_PACKAGES) {
            if (!preloaded.contains(name)) {
                install(name);
            }
        }
    }

    private static Optional<Path> defaultPiplite(Path extension) {
        Path pypi = extension.resolve("static/pypi");
        if (!Files.isDirectory(pypi)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(pypi)) {
            return s.filter(p -> p.getFileName().toString().matches("piplite-.*\\.whl")).sorted().reduce((a, b) -> b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pyodide's loadPackage: the index's entry and its dependencies. */
    private void load(String name) {
        String n = Wheel.normalize(name);
        if (!seen.add(n)) {
            return;
        }
        String key = lockKeys.get(n);
        if (key == null) {
            unresolved.add(n);
            return;
        }
        JsonNode entry = lockPackages.path(key);
        String file = entry.path("file_name").asString("");
        if (!file.isEmpty()) {
            relative(lockDir, file).ifPresent(p -> {
                if (!need(p, lockRel + ": /packages/" + key + "/file_name") && essential) {
                    // the very wheel the lock names (its hash is the lock's), else the lock's version of the package
                    String version = entry.path("version").asString("");
                    remedy.add(WheelName.parse(file.substring(file.lastIndexOf('/') + 1)).map(t -> "pypi:" + t.project() + "==" + t.version())
                            .orElse("pypi:" + entry.path("name").asString(key) + (version.isEmpty() ? "" : "==" + version)));
                }
            });
        }
        for (JsonNode d : entry.path("depends")) {
            load(d.asString(""));
        }
    }

    /** piplite's install: Pyodide's index first, then the wheel indexes (newest version), then PyPI. */
    private void install(String name) {
        String n = Wheel.normalize(name);
        if (lockKeys.containsKey(n)) {
            load(n);
            return;
        }
        if (!seen.add(n)) {
            return;
        }
        List<Candidate> candidates = indexed.getOrDefault(n, List.of());
        if (candidates.isEmpty()) {
            unresolved.add(n);
            return;
        }
        Candidate newest = candidates.stream().reduce((a, b) -> Versions.compare(a.version(), b.version()) >= 0 ? a : b).orElseThrow();
        if (!need(newest.wheel(), newest.index() + ": " + newest.pointer())) {
            return;
        }
        Wheel wheel = PipliteAddon.read(ctx, newest.wheel());
        for (String requirement : wheel.requiresDist()) {
            String[] parts = requirement.split(";", 2);
            if (parts.length == 2 && !applies(parts[1].trim())) {
                continue;
            }
            Matcher m = Wheel.REQUIREMENT_NAME.matcher(parts[0]);
            if (m.find()) {
                install(m.group(1));
            }
        }
    }

    /** Whether a Requires-Dist marker holds in Pyodide; one that cannot be read is taken to hold. */
    private boolean applies(String marker) {
        try {
            return Markers.evaluate(marker, env);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** Records a file the kernel fetches; false when the site does not have it. */
    private boolean need(Path file, String namedBy) {
        String rel = output.relativize(file).toString();
        needed.add(rel);
        if (!Files.isRegularFile(file)) {
            missing.add(new Missing(namedBy + ": " + rel, essential));
            return false;
        }
        return true;
    }

    private void report(boolean noPyPI) {
        boolean offline = ctx.options().get(LiteBuildConfig.OFFLINE);
        boolean cannotStart = false;
        for (Missing m : missing) {
            if (m.essential()) {
                cannotStart = true;
                String message = "kernel start-up: " + m.text() + " is not in the site; the Pyodide kernel fetches it when it "
                        + "starts, and cannot start without it";
                ctx.warnOrError(offline, "--offline", message);
            } else {
                ctx.warn("kernel start-up: " + m.text() + " is not in the site; Pyodide's fetch of it fails when the kernel "
                        + "starts, and the kernel starts without it");
            }
        }
        if (!unresolved.isEmpty()) {
            String names = String.join(", ", unresolved);
            String message;
            if (noPyPI) {
                cannotStart = true;
                message = "kernel start-up: " + names + (unresolved.size() == 1 ? " is" : " are") + " in neither Pyodide's index ("
                        + lockRel + ") nor the site's wheel indexes, and disablePyPIFallback is set: the kernel cannot install "
                        + (unresolved.size() == 1 ? "it" : "them") + ", and does not start";
            } else {
                message = "kernel start-up: " + names + (unresolved.size() == 1 ? " is" : " are") + " in neither Pyodide's "
                        + "index (" + lockRel + ") nor the site's wheel indexes, so piplite looks for " + (unresolved.size() == 1
                        ? "it" : "them") + " on PyPI, another host; add wheels with --piplite-wheels, or set disablePyPIFallback";
            }
            ctx.warnOrError(offline, "--offline", message);
        }
        if (cannotStart && !(remedy.isEmpty() && unresolved.isEmpty())) {
            // a package no index names has no version to pin: the user picks the release
            List<String> all = new ArrayList<>(remedy);
            unresolved.forEach(n -> all.add("pypi:" + n + "==VERSION"));
            String specs = String.join(", ", all.stream().map(r -> "\"" + r + "\"").toList());
            ctx.warn("kernel start-up: to ship what the kernel needs to start, add its wheels to jupyter_lite_config.json: "
                    + "{\"PipliteAddon\": {\"piplite_urls\": [" + specs + "], \"install_on_import\": true}}"
                    + (unresolved.isEmpty() ? "" : ", with VERSION a release of " + String.join(", ", unresolved)
                    + " that runs on Python " + env.getOrDefault("python_full_version", "") + " (no index of the site names one)")
                    + " (or a folder holding those wheels in piplite_urls, or --piplite-wheels DIR --piplite-install-on-import)");
        }
        if (missing.isEmpty() && unresolved.isEmpty()) {
            ctx.info("kernel start-up: the site hosts all " + needed.size() + " files the Pyodide kernel fetches when it starts");
        } else {
            ctx.info("kernel start-up: of the " + needed.size() + " files the Pyodide kernel fetches when it starts, the site lacks "
                    + missing.size() + (unresolved.isEmpty() ? "" : ", and " + unresolved.size() + (unresolved.size() == 1 ? " package is" : " packages are") + " in no index"));
        }
    }
}
