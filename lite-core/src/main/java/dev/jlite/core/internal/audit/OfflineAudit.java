package dev.jlite.core.internal.addons;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.pipeline.Pipeline;
import dev.jlite.core.spi.Json;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.PyodideKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Finds every reference a built site makes to a host other than its own: URL settings in runtime
 * configuration files, a Pyodide kernel left on its default CDN, package files named by URL in a
 * Pyodide index, wheels named by URL in a wheel index, and resources HTML pages load from elsewhere.
 * User contents ({@code files/}) are the user's business and are not audited.
 */
public final class OfflineAudit {

    /** One reference to an outside host. */
    public record Finding(String file, String where, String url, String why) {

        public String render() {
            return file + ": " + where + ": " + url + " " + why;
        }
    }

    private static final Pattern TAG = Pattern.compile(
            "<(script|img|iframe|source|video|audio|embed|track|link|object)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("\\b(src|href|data)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')",
            Pattern.CASE_INSENSITIVE);

    /**
     * A string in a script naming something a page loads: code, styles, fonts, WebAssembly, wheels. Other
     * absolute URLs in bundles are links for people and identifiers of schemas and XML namespaces, which
     * nothing fetches.
     */
    private static final Pattern LOADED = Pattern.compile(
            "([\"'`])((?:https?:)?//[^\"'`\\s\\\\]+?\\.(?:m?js|wasm|css|woff2?|ttf|otf|eot|whl|zip|tgz|data))(?:[?#][^\"'`\\s\\\\]*)?\\1");
    private static final Pattern PYODIDE_ENTRY = Pattern.compile(".*/pyodide\\.m?js");

    private final Path output;
    private final Json json;
    private final List<Finding> findings = new ArrayList<>();
    /** Pyodide entry points the app's code names: the kernel's default when no pyodideUrl is set. */
    private final java.util.SortedSet<String> pyodideDefaults = new java.util.TreeSet<>();

    private OfflineAudit(Path output, Json json) {
        this.output = output;
        this.json = json;
    }

    /** Every finding in the site under {@code output}, in a stable order. */
    public static List<Finding> audit(Path output, Json json) {
        OfflineAudit audit = new OfflineAudit(output, json);
        // a link someone put in the output that leads out of it is no file of the site, and is not read
        for (String rel : FileOpsImpl.walkSite(output, rel -> !rel.equals("files") && !rel.startsWith("files/")
                && !rel.equals(Pipeline.BOOKKEEPING))) {
            String name = rel.substring(rel.lastIndexOf('/') + 1);
            if (name.equals("jupyter-lite.json") || name.equals("jupyter-lite.ipynb")) {
                audit.config(rel);
            } else if (name.equals("pyodide-lock.json") || name.equals("repodata.json")) {
                audit.lock(rel);
            } else if (name.equals("all.json") && !rel.startsWith("api/")) {
                audit.wheelIndex(rel);
            } else if (name.endsWith(".html") || name.endsWith(".htm")) {
                audit.html(rel);
            } else if ((name.endsWith(".js") || name.endsWith(".mjs")) && (rel.startsWith("build/") || rel.startsWith("extensions/"))) {
                audit.bundle(rel);
            }
        }
        audit.kernelCdn();
        return List.copyOf(audit.findings);
    }

    /** Whether a URL reaches another host: absolute (or scheme-relative) and not loopback. */
    static boolean outside(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT);
        String rest;
        if (u.startsWith("//")) {
            rest = u.substring(2);
        } else {
            int scheme = u.indexOf("://");
            if (scheme <= 0 || !u.substring(0, scheme).matches("https?|wss?|ftp")) {
                return false;
            }
            rest = u.substring(scheme + 3);
        }
        String host = rest.split("[/?#]", 2)[0];
        host = host.contains("@") ? host.substring(host.lastIndexOf('@') + 1) : host;
        host = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.split(":", 2)[0];
        return !(host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.endsWith(".localhost"));
    }

    private JsonNode read(String rel) {
        try {
            return json.read(output.resolve(rel));
        } catch (LiteException e) {
            return null; // malformed JSON is the other checks' to report
        }
    }

    private void config(String rel) {
        JsonNode root = read(rel);
        if (root == null) {
            return;
        }
        boolean notebook = rel.endsWith(".ipynb");
        JsonNode data = (notebook ? root.path("metadata").path("jupyter-lite") : root).path("jupyter-config-data");
        urls(rel, data, notebook ? "/metadata/jupyter-lite/jupyter-config-data" : "/jupyter-config-data", "");
    }

    /** Values of keys ending in Url/Urls/URL, at any depth. */
    private void urls(String rel, JsonNode node, String pointer, String key) {
        boolean urlKey = key.endsWith("Url") || key.endsWith("Urls") || key.endsWith("URL") || key.endsWith("URLs");
        if (node.isObject()) {
            node.properties().forEach(e -> urls(rel, e.getValue(), pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                    e.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                urls(rel, node.get(i), pointer + "/" + i, urlKey ? key : "");
            }
        } else if (urlKey && node.isString() && outside(node.stringValue())) {
            findings.add(new Finding(rel, pointer, node.stringValue(), "is on another host; host it with the site"));
        }
    }

    private void lock(String rel) {
        JsonNode root = read(rel);
        if (root == null) {
            return;
        }
        root.path("packages").properties().forEach(e -> {
            String file = e.getValue().path("file_name").asString("");
            if (outside(file)) {
                findings.add(new Finding(rel, "/packages/" + e.getKey() + "/file_name", file,
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
                if (outside(url)) {
                    findings.add(new Finding(rel, "/" + project.getKey() + "/releases/" + version.getKey() + "/" + i + "/url", url,
                            "is on another host; piplite installs it from there"));
                }
                i++;
            }
        }));
    }

    private void html(String rel) {
        String text;
        try {
            text = Files.readString(output.resolve(rel), StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher tag = TAG.matcher(text);
        while (tag.find()) {
            Matcher attr = ATTRIBUTE.matcher(tag.group(2));
            while (attr.find()) {
                String url = attr.group(3) != null ? attr.group(3) : attr.group(4);
                if (outside(url)) {
                    findings.add(new Finding(rel, "<" + tag.group(1).toLowerCase(Locale.ROOT) + " " + attr.group(1).toLowerCase(Locale.ROOT)
                            + ">", url, "is loaded from another host"));
                }
            }
        }
    }

    /**
     * URLs of things to load written into the app's own scripts ({@code build/} and the federated
     * extensions), which the front end requests unless a setting names another place. A self-hosted
     * distribution under {@code static/} is not scanned: what its code names loads only on request.
     */
    private void bundle(String rel) {
        String text;
        try {
            text = Files.readString(output.resolve(rel), StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = LOADED.matcher(text);
        while (m.find()) {
            String url = m.group(2);
            if (!outside(url)) {
                continue;
            }
            if (PYODIDE_ENTRY.matcher(url).matches() && rel.startsWith("extensions/" + PyodideKernel.EXTENSION + "/")) {
                pyodideDefaults.add(url); // the kernel's default pyodideUrl: reported with that setting
            } else {
                findings.add(new Finding(rel, "string at offset " + m.start(2), url, "is loaded from another host by the app's code"));
            }
        }
    }

    /** A Pyodide kernel in the site whose pyodideUrl is not the site's own loads Pyodide from its default CDN. */
    private void kernelCdn() {
        boolean kernel = Files.isRegularFile(output.resolve("extensions").resolve(PyodideKernel.EXTENSION).resolve("package.json"));
        JsonNode root = Files.isRegularFile(output.resolve("jupyter-lite.json")) ? read("jupyter-lite.json") : null;
        if (!kernel || root == null) {
            return;
        }
        JsonNode url = root.path("jupyter-config-data").path("litePluginSettings").path(PyodideKernel.PLUGIN).path("pyodideUrl");
        if (url.isMissingNode() || url.isNull()) {
            findings.add(new Finding("jupyter-lite.json", "/jupyter-config-data/litePluginSettings/"
                    + PyodideKernel.PLUGIN.replace("/", "~1") + "/pyodideUrl", "(not set)",
                    "means the Pyodide kernel loads Pyodide from its default CDN"
                            + (pyodideDefaults.isEmpty() ? "" : " (" + String.join(", ", pyodideDefaults) + ")")
                            + "; host one with --pyodide"));
        }
    }
}
