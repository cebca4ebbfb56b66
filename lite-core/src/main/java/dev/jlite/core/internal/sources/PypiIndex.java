package dev.jlite.core.internal.sources;

import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.internal.net.HttpFetcher;
import dev.jlite.core.spi.LiteException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Finds a release's wheel on a Python package index through its simple API: the JSON form (PEP 691)
 * when the index offers it, else the HTML form (PEP 503). Pure-Python wheels are preferred
 * ({@code py3-none-any}, then {@code py2.py3}, then {@code pyXY}), then WebAssembly wheels for Pyodide.
 */
final class PypiIndex {

    /** A wheel file found on the index. */
    record Wheel(String fileName, String url, Optional<String> sha256) {
    }

    private static final Pattern ANCHOR = Pattern.compile("<a\\s[^>]*href=\"([^\"]+)\"[^>]*>([^<]+)</a>", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHEEL = Pattern.compile("^([^-]+)-([^-]+)(?:-(\\d[^-]*))?-([^-]+)-([^-]+)-([^-]+)\\.whl$");

    private final HttpFetcher fetcher;
    private final String indexUrl;

    PypiIndex(HttpFetcher fetcher, String indexUrl) {
        this.fetcher = fetcher;
        this.indexUrl = indexUrl.endsWith("/") ? indexUrl : indexUrl + "/";
    }

    /** PEP 503 name normalisation: lower case, runs of {@code -_.} become {@code -}. */
    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    Wheel find(String name, String version, String spec) {
        String page = indexUrl + normalize(name) + "/";
        HttpFetcher.Text text = fetcher.text(page, "application/vnd.pypi.simple.v1+json, text/html;q=0.1");
        List<Wheel> files = text.contentType().contains("json") ? fromJson(text) : fromHtml(text);
        List<Wheel> release = new ArrayList<>();
        for (Wheel w : files) {
            Matcher m = WHEEL.matcher(w.fileName());
            if (m.matches() && normalize(m.group(1)).equals(normalize(name)) && m.group(2).equals(version)) {
                release.add(w);
            }
        }
        return release.stream().filter(w -> rank(w.fileName()) < Integer.MAX_VALUE)
                .min(Comparator.comparingInt((Wheel w) -> rank(w.fileName())).thenComparing(Wheel::fileName))
                .orElseThrow(() -> new LiteException(spec + ": " + HttpFetcher.redact(page) + " has no wheel of " + version
                        + " that runs in Pyodide" + (release.isEmpty() ? " (no wheel of that version at all)"
                        : " (it has " + String.join(", ", release.stream().map(Wheel::fileName).toList()) + ")")
                        + "; give the wheel's URL instead", spec, null));
    }

    /** Lower is better; MAX_VALUE means it cannot run in Pyodide. */
    static int rank(String fileName) {
        Matcher m = WHEEL.matcher(fileName);
        if (!m.matches()) {
            return Integer.MAX_VALUE;
        }
        String py = m.group(4);
        String abi = m.group(5);
        String platform = m.group(6);
        if (abi.equals("none") && platform.equals("any")) {
            if (py.equals("py3")) {
                return 0;
            }
            if (py.equals("py2.py3")) {
                return 1;
            }
            return py.matches("py3\\d+") ? 2 : 3;
        }
        if (platform.matches("(pyodide|pyemscripten|emscripten)_.*_wasm32")) {
            return 10;
        }
        return Integer.MAX_VALUE;
    }

    private static List<Wheel> fromJson(HttpFetcher.Text text) {
        JsonNode root = JsonSupport.instance().parse(text.body(), text.url());
        List<Wheel> out = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            // A yanked file still counts: an exact ==version asks for it by name (PEP 592).
            String url = URI.create(text.url()).resolve(f.path("url").asString("")).toString();
            Optional<String> sha = Optional.ofNullable(f.path("hashes").get("sha256")).map(JsonNode::asString);
            out.add(new Wheel(f.path("filename").asString(""), url, sha));
        }
        return out;
    }

    private static List<Wheel> fromHtml(HttpFetcher.Text text) {
        List<Wheel> out = new ArrayList<>();
        Matcher m = ANCHOR.matcher(text.body());
        while (m.find()) {
            String href = m.group(1).replace("&amp;", "&");
            Optional<String> sha = Optional.empty();
            int hash = href.indexOf("#sha256=");
            if (hash >= 0) {
                sha = Optional.of(href.substring(hash + "#sha256=".length()).toLowerCase(Locale.ROOT));
                href = href.substring(0, hash);
            }
            out.add(new Wheel(m.group(2).trim(), URI.create(text.url()).resolve(href).toString(), sha));
        }
        return out;
    }
}
