package dev.jlite.core.internal.audit;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.pipeline.Pipeline;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.Json;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.pyodide.PyodideKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Finds every reference a built site makes to a host other than its own, reading every file the site
 * serves except the user's contents ({@code files/}): pages ({@link HtmlScan}), styles ({@link CssScan}),
 * scripts ({@link ScriptScan}), runtime configuration (every URL in it), web app manifests, Pyodide locks,
 * wheel indexes and other JSON. Each kind's class says which references count; what a person follows (a
 * link, a documentation URL, an XML namespace, a schema id) does not. Under {@code static/}, where the
 * site hosts Pyodide and MathJax, code counts only what it passes to a loading call: those distributions
 * name their own home as a default that the site's configuration replaces.
 */
public final class RemoteReferences {

    /** One reference to an outside host: the file, where in it (a line, or a JSON pointer), the URL and why it matters. */
    public record Finding(String file, String where, String url, String why) {

        public String render() {
            return file + ": " + where + ": " + url + " " + why;
        }
    }

    private static final Pattern PYODIDE_ENTRY = Pattern.compile(".*/pyodide\\.m?js");
    private static final String HOST_IT = "is on another host; host it with the site";
    /** What an SVG needs to load anything: a link, a style, a script, an event handler, or a CSS url(). */
    private static final Pattern SVG_LOADS = Pattern.compile("(?i)href|src|url\\(|script|style|\\son[a-z]+\\s*=");

    private final Path output;
    private final Json json;
    /** What was found, file by file (files are read in parallel; each by one thread, in its own order). */
    private final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
    /** Pyodide entry points the kernel's code names: its default when no pyodideUrl is set. */
    private final SortedSet<String> pyodideDefaults = new ConcurrentSkipListSet<>();

    private RemoteReferences(Path output, Json json) {
        this.output = output;
        this.json = json;
    }

    /** Every finding in the site under {@code output}, in a stable order. */
    public static List<Finding> audit(Path output, Json json) {
        RemoteReferences audit = new RemoteReferences(output, json);
        // a link someone put in the output that leads out of it is no file of the site, and is not read
        FileOpsImpl.walkSite(output, rel -> !rel.equals("files") && !rel.startsWith("files/") && !rel.equals(Pipeline.BOOKKEEPING))
                .parallelStream().forEach(audit::file);
        audit.kernelCdn();
        // stable: a file's findings stay in the order it was read
        return audit.findings.stream().sorted(Comparator.comparing(Finding::file)).toList();
    }

    private void file(String rel) {
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        String lower = name.toLowerCase(Locale.ROOT);
        String ext = lower.contains(".") ? lower.substring(lower.lastIndexOf('.') + 1) : "";
        if (name.equals("jupyter-lite.json")) {
            config(rel, read(rel), "");
        } else if (name.equals("jupyter-lite.ipynb")) {
            JsonNode root = read(rel);
            config(rel, root == null ? null : root.path("metadata").path("jupyter-lite"), "/metadata/jupyter-lite");
        } else if (name.equals("pyodide-lock.json") || name.equals("repodata.json")) {
            lock(rel);
        } else if (name.equals("all.json") && !rel.startsWith("api/")) {
            wheelIndex(rel);
        } else if (ext.equals("webmanifest") || name.equals("manifest.json")) {
            JsonNode root = read(rel);
            if (root != null) {
                // the stores a manifest names are links for people
                JsonScan.strings(root, "", p -> p.equals("/related_applications"), url -> true,
                        (pointer, url) -> findings.add(new Finding(rel, pointer, url, "is loaded from another host by the browser")));
            }
        } else if (ext.equals("json")) {
            JsonNode root = read(rel);
            if (root != null) {
                JsonScan.strings(root, "", p -> false, ScriptScan::loaded, (pointer, url) -> {
                    if (!kernelDefault(rel, url)) {
                        findings.add(new Finding(rel, pointer, url, "is loaded from another host by the app"));
                    }
                });
            }
        } else if (ext.equals("html") || ext.equals("htm") || ext.equals("xhtml") || ext.equals("svg")) {
            String text = text(rel);
            if (ext.equals("svg") && !SVG_LOADS.matcher(text).find()) {
                return; // an icon or a font: nothing in it can name another host, or load anything
            }
            HtmlScan.scan(text, ext.equals("svg") || ext.equals("xhtml"), json, (line, what, url) -> findings.add(new Finding(rel,
                    "line " + line + ", " + what, url, what.equals("<base href>")
                            ? "sends every relative URL of the page to another host" : "is loaded from another host")));
        } else if (ext.equals("css")) {
            CssScan.scan(text(rel), 1, (line, what, url) -> findings.add(new Finding(rel, "line " + line + ", " + what, url,
                    "is loaded from another host by a style")));
        } else if (ext.equals("js") || ext.equals("mjs") || ext.equals("cjs")) {
            ScriptScan.scanUtf8(bytes(rel), !rel.startsWith("static/"), (line, what, url) -> {
                if (!kernelDefault(rel, url)) {
                    findings.add(new Finding(rel, "line " + line + ", " + what, url, "is loaded from another host by the app's code"));
                }
            });
        }
    }

    /** Whether {@code url} is the kernel's default pyodideUrl, named in its own files: reported with that setting. */
    private boolean kernelDefault(String rel, String url) {
        if (rel.startsWith("extensions/" + PyodideKernel.CURRENT.extension() + "/") && PYODIDE_ENTRY.matcher(url).matches()) {
            pyodideDefaults.add(url);
            return true;
        }
        return false;
    }

    /** The text of a file; bytes that are not UTF-8 read as replacement characters, as a browser shows them. */
    private String text(String rel) {
        return new String(bytes(rel), StandardCharsets.UTF_8);
    }

    private byte[] bytes(String rel) {
        try {
            return Files.readAllBytes(output.resolve(rel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(String rel) {
        try {
            return json.read(output.resolve(rel));
        } catch (LiteException e) {
            return null; // malformed JSON is the other checks' to report
        }
    }

    /** Runtime configuration: every URL in it is one the app loads or sends the kernel to. */
    private void config(String rel, JsonNode node, String pointer) {
        if (node != null) {
            JsonScan.strings(node, pointer, p -> false, url -> true, (at, url) -> findings.add(new Finding(rel, at, url, HOST_IT)));
        }
    }

    private void lock(String rel) {
        JsonNode root = read(rel);
        if (root == null) {
            return;
        }
        root.path("packages").properties().forEach(e -> {
            String file = e.getValue().path("file_name").asString("");
            if (Hosts.outside(file)) {
                findings.add(new Finding(rel, "/packages/" + ConfigPatch.escape(e.getKey()) + "/file_name", file,
                        "is on another host; Pyodide fetches it from there when the package is loaded"));
            }
        });
    }

    private void wheelIndex(String rel) {
        JsonNode root = read(rel);
        if (root == null || !root.isObject()) {
            return;
        }
        root.properties().forEach(project -> project.getValue().path("releases").properties().forEach(version -> {
            int i = 0;
            for (JsonNode file : version.getValue()) {
                String url = file.path("url").asString("");
                if (Hosts.outside(url)) {
                    findings.add(new Finding(rel, "/" + ConfigPatch.escape(project.getKey()) + "/releases/" + ConfigPatch.escape(version.getKey())
                            + "/" + i + "/url", url, "is on another host; piplite installs it from there"));
                }
                i++;
            }
        }));
    }

    /** A Pyodide kernel in the site whose pyodideUrl is not the site's own loads Pyodide from its default CDN. */
    private void kernelCdn() {
        boolean kernel = Files.isRegularFile(output.resolve("extensions").resolve(PyodideKernel.CURRENT.extension()).resolve("package.json"));
        JsonNode root = Files.isRegularFile(output.resolve("jupyter-lite.json")) ? read("jupyter-lite.json") : null;
        if (!kernel || root == null) {
            return;
        }
        JsonNode url = root.path("jupyter-config-data").path("litePluginSettings").path(PyodideKernel.CURRENT.plugin()).path("pyodideUrl");
        if (url.isMissingNode() || url.isNull()) {
            findings.add(new Finding("jupyter-lite.json", "/jupyter-config-data" + ConfigPatch.pluginSetting(PyodideKernel.CURRENT.plugin(),
                    "pyodideUrl"), "(not set)",
                    "means the Pyodide kernel loads Pyodide from its default CDN"
                            + (pyodideDefaults.isEmpty() ? "" : " (" + String.join(", ", pyodideDefaults) + ")")
                            + "; host one with --pyodide"));
        }
    }
}
