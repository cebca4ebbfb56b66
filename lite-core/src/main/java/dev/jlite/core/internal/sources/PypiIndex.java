package dev.jlite.core.internal.sources;

import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.internal.net.HttpFetcher;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.WheelName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import tools.jackson.databind.JsonNode;

/**
 * Finds a release's wheel where pip would: the find-links (folders, wheel files, pages of links), then the
 * index, then the extra indexes, each index read through its simple API (the JSON form of PEP 691 when an
 * HTTP index offers it, else the HTML form of PEP 503; a {@code file:} index is a folder of project
 * folders, each with an {@code index.html}). Pure-Python wheels are preferred ({@code py3-none-any}, then
 * {@code py2.py3}, then {@code pyXY}), then WebAssembly wheels for Pyodide; among equals, the higher build
 * tag, then the first found in pip's order.
 */
final class PypiIndex {

    /** A wheel file found: its {@code url} is {@code http(s):} or {@code file:}. */
    record Wheel(String fileName, String url, Optional<String> sha256) {

        boolean isLocal() {
            return url.startsWith("file:");
        }
    }

    private static final Pattern BUILD = Pattern.compile("(\\d+)(.*)");

    private final Supplier<HttpFetcher> fetcher;
    private final FileSystem fs;
    private final PipConfig where;

    PypiIndex(Supplier<HttpFetcher> fetcher, FileSystem fs, PipConfig where) {
        this.fetcher = fetcher;
        this.fs = fs;
        this.where = where;
    }

    /** PEP 503 name normalisation: lower case, runs of {@code -_.} become {@code -}. */
    static String normalize(String name) {
        return WheelName.normalize(name);
    }

    Wheel find(String name, String version, String spec) {
        List<String> pages = where.indexes().stream()
                .map(index -> (index.endsWith("/") ? index : index + "/") + normalize(name) + "/").toList();
        List<String> looked = Stream.concat(where.findLinks().stream(), pages.stream()).map(HttpFetcher::redact).toList();
        List<Wheel> release = Stream.concat(where.findLinks().stream().flatMap(link -> findLink(link, spec).stream()),
                        pages.stream().flatMap(page -> project(page, spec).stream()))
                .filter(w -> WheelName.parse(w.fileName())
                        .filter(n -> normalize(n.project()).equals(normalize(name)) && n.version().equals(version)).isPresent())
                .toList();
        // min() keeps the first of equals, so pip's order decides between the same wheel in two places
        return release.stream().filter(w -> rank(w.fileName()) < Integer.MAX_VALUE)
                .min(Comparator.comparingInt((Wheel w) -> rank(w.fileName())).thenComparing(PypiIndex::build, Comparator.reverseOrder()))
                .orElseThrow(() -> new LiteException(spec + ": " + String.join(", ", looked) + (looked.size() == 1 ? " has" : " have")
                        + " no wheel of " + version + " that runs in Pyodide" + (release.isEmpty() ? " (no wheel of that version at all)"
                        : (looked.size() == 1 ? " (it has " : " (they have ") + String.join(", ", release.stream().map(Wheel::fileName).distinct().toList()) + ")")
                        + "; give the wheel's URL instead", spec, null));
    }

    /** Lower is better; MAX_VALUE means it cannot run in Pyodide. */
    static int rank(String fileName) {
        Optional<WheelName> n = WheelName.parse(fileName);
        if (n.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        String py = n.get().python();
        String abi = n.get().abi();
        String platform = n.get().platform();
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

    /** The wheel's build tag (PEP 427) as a number, for ordering; -1 without one. */
    private static long build(Wheel w) {
        Optional<String> tag = WheelName.parse(w.fileName()).flatMap(WheelName::build);
        if (tag.isEmpty()) {
            return -1;
        }
        Matcher b = BUILD.matcher(tag.get());
        return b.matches() && b.group(1).length() < 18 ? Long.parseLong(b.group(1)) : -1;
    }

    /** A project's page on an index; nothing when the index does not have the project. */
    private List<Wheel> project(String page, String spec) {
        Optional<Path> local = localPath(page, spec);
        if (local.isPresent()) {
            Path file = Files.isDirectory(local.get()) ? local.get().resolve("index.html") : local.get();
            return Files.isRegularFile(file) ? fromHtml(read(file, spec), fileUri(file)) : List.of();
        }
        Optional<HttpFetcher.Text> text = remote(page, "application/vnd.pypi.simple.v1+json, text/html;q=0.1", spec);
        if (text.isEmpty()) {
            return List.of();
        }
        return text.get().contentType().contains("json") ? fromJson(text.get()) : fromHtml(text.get().body(), text.get().url());
    }

    /** One find-links entry: a folder of wheels, a wheel, or a page (local or remote) of links to wheels. */
    private List<Wheel> findLink(String link, String spec) {
        Optional<Path> local = localPath(link, spec);
        if (local.isEmpty()) {
            return remote(link, "text/html", spec).map(t -> fromHtml(t.body(), t.url())).orElse(List.of());
        }
        Path path = local.get();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                return files.sorted()
                        .filter(f -> f.getFileName().toString().endsWith(".whl") && Files.isRegularFile(f))
                        .map(f -> new Wheel(f.getFileName().toString(), fileUri(f), Optional.empty()))
                        .toList();
            } catch (IOException e) {
                throw new LiteException(spec + ": cannot list the find-links folder " + path + ": " + e.getMessage(), spec, e);
            }
        }
        if (!Files.isRegularFile(path)) {
            return List.of();
        }
        String fileName = path.getFileName().toString();
        return fileName.endsWith(".whl") ? List.of(new Wheel(fileName, fileUri(path), Optional.empty()))
                : fromHtml(read(path, spec), fileUri(path));
    }

    /**
     * A page of an HTTP index or find-links, empty when the server has no such page. A failing one fails the
     * source: the release pip's order picks must not depend on which servers answered.
     */
    private Optional<HttpFetcher.Text> remote(String url, String accept, String spec) {
        try {
            return fetcher.get().textIfFound(url, accept);
        } catch (LiteException e) {
            throw new LiteException(spec + ": " + e.getMessage() + "; or take the index out of pip's configuration (index-url, "
                    + "extra-index-url, find-links)", spec, e);
        }
    }

    /** The local file a {@code file:} URI or a plain path names; empty for {@code http(s):}. */
    private Optional<Path> localPath(String location, String spec) {
        String scheme = SourceSpec.parse(location).scheme().orElse("");
        if (scheme.isEmpty()) {
            return Optional.of(fs.getPath(location));
        }
        if (scheme.equals("file")) {
            return Optional.of(fs.getPath(path(location, spec)));
        }
        if (scheme.equals("http") || scheme.equals("https")) {
            return Optional.empty();
        }
        throw new LiteException(spec + ": " + HttpFetcher.redact(location) + " is not a package index jlite can read (give an "
                + "http(s): or file: URL, or a folder); check pip's index-url, extra-index-url and find-links", spec, null);
    }

    /** The decoded path of a {@code file:} URI. */
    static String path(String fileUri, String spec) {
        try {
            String p = new URI(fileUri).getPath();
            if (p == null || p.isEmpty()) {
                throw new LiteException(spec + ": " + fileUri + " names no local path", spec, null);
            }
            return p;
        } catch (URISyntaxException e) {
            throw new LiteException(spec + ": " + fileUri + " is not a valid file: URI (" + e.getReason() + ")", spec, e);
        }
    }

    private static String fileUri(Path file) {
        try {
            return new URI("file", null, file.toAbsolutePath().toString().replace('\\', '/'), null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(file.toString(), e);
        }
    }

    private static String read(Path file, String spec) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(HttpFetcher.MAX_TEXT + 1);
            if (bytes.length > HttpFetcher.MAX_TEXT) {
                throw new LiteException(spec + ": " + file + " is larger than any index page (" + HttpFetcher.MAX_TEXT + " bytes)",
                        spec, null);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LiteException(spec + ": cannot read " + file + ": " + e.getMessage(), spec, e);
        }
    }

    private static List<Wheel> fromJson(HttpFetcher.Text text) {
        JsonNode root = JsonSupport.instance().parse(text.body(), text.url());
        List<Wheel> out = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            // A yanked file still counts: an exact ==version asks for it by name (PEP 592).
            Optional<String> url = resolve(text.url(), f.path("url").asString(""));
            Optional<String> sha = Optional.ofNullable(f.path("hashes").get("sha256")).map(JsonNode::asString);
            url.ifPresent(u -> out.add(new Wheel(f.path("filename").asString(""), u, sha)));
        }
        return out;
    }

    /** The links of a PEP 503 page: the file name is the link's last path segment, as pip reads it. */
    private static List<Wheel> fromHtml(String body, String base) {
        List<Wheel> out = new ArrayList<>();
        for (Element a : Jsoup.parse(body).select("a[href]")) {
            String href = a.attr("href");
            Optional<String> sha = Optional.empty();
            int hash = href.indexOf('#');
            if (hash >= 0) {
                String fragment = href.substring(hash + 1);
                if (fragment.startsWith("sha256=")) {
                    sha = Optional.of(fragment.substring("sha256=".length()).toLowerCase(Locale.ROOT));
                }
                href = href.substring(0, hash);
            }
            Optional<String> url = resolve(base, href);
            if (url.isPresent()) {
                String path = Optional.ofNullable(URI.create(url.get()).getPath()).orElse("");
                String fileName = path.substring(path.lastIndexOf('/') + 1);
                out.add(new Wheel(fileName.isEmpty() ? a.text().strip() : fileName, url.get(), sha));
            }
        }
        return out;
    }

    /** {@code href} against {@code base}; empty for a link that is not a valid URI. */
    private static Optional<String> resolve(String base, String href) {
        try {
            return Optional.of(new URI(base).resolve(new URI(href.strip())).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
