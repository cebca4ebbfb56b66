package dev.jlite.testkit;

import dev.jlite.core.RemoteFetcher;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Remote sources served from memory, for {@link LiteTestKit#sources}: bytes by spec, e.g.
 *
 * <pre>{@code
 * FakeSources fakes = FakeSources.serving("npm:my-theme@1.0.0", TestApp.standard().tgz())
 *         .and("https://example.test/demo-1.0-py3-none-any.whl", wheelBytes);
 * LiteRun run = LiteTestKit.addons(new MyAddon()).sources(fakes).online().run(Command.BUILD);
 * assertEquals(1, fakes.downloads("npm:my-theme@1.0.0"));
 * }</pre>
 *
 * <p>They behave as remote sources do, because the build fetches them through its own remote path and
 * only the last step (the network, or {@code npm pack}) is replaced: fetched into the kit's cache when the
 * kit is {@link LiteTestKit#online() online}, and then not fetched again; with {@code --offline} (the kit's
 * default) unavailable unless already cached; {@code #sha256=} pins checked; {@code !/path} reaching into
 * an archive (for {@code npm:}, inside its {@code package/} folder). Each fetch is counted.
 *
 * <p>A remote spec they do not serve fails the build, naming it, so that a test never reaches the real
 * network by mistake; {@code http://} URLs of the loopback host (e.g. a {@link TestHttpServer}) are left
 * to the real fetcher. Specs are matched without their {@code !/} sub-path and {@code #sha256=} pin, as
 * written otherwise (an {@code npm:} spec names its exact version). Safe to use from several threads.
 */
public final class FakeSources {

    /** One served source: the file name it is kept under, and its bytes. */
    private record Served(String fileName, byte[] content) {
    }

    private final Map<String, Served> served = new TreeMap<>();
    private final List<String> downloads = new ArrayList<>();

    private FakeSources() {
    }

    /**
     * Fake sources serving {@code content} for {@code spec}, kept under the file name such a download would
     * have: the URL's last path segment, {@code <name>-<version>.tgz} for {@code npm:} (a scope's {@code @}
     * and {@code /} become {@code -}, as {@code npm pack} names it), and a pure-Python wheel's name,
     * {@code <name>-<version>-py3-none-any.whl}, for {@code pypi:<name>==<version>}.
     *
     * @param spec    a remote source spec: {@code https://...}, {@code npm:<package>@<version>} or
     *                {@code pypi:<name>==<version>}
     * @param content the bytes to serve
     * @return the fake sources
     */
    public static FakeSources serving(String spec, byte[] content) {
        return new FakeSources().and(spec, content);
    }

    /**
     * Fake sources serving {@code content} for {@code spec} under the given file name (e.g. a wheel's full
     * name, which tools read its tags from).
     *
     * @param spec     a remote source spec
     * @param fileName the name the download is kept under
     * @param content  the bytes to serve
     * @return the fake sources
     */
    public static FakeSources serving(String spec, String fileName, byte[] content) {
        return new FakeSources().and(spec, fileName, content);
    }

    /**
     * Also serves {@code content} for {@code spec}, named as {@link #serving(String, byte[])} names it.
     *
     * @param spec    a remote source spec
     * @param content the bytes to serve
     * @return these fake sources
     */
    public FakeSources and(String spec, byte[] content) {
        String location = location(spec);
        return and(location, defaultFileName(location), content);
    }

    /**
     * Also serves {@code content} for {@code spec} under the given file name.
     *
     * @param spec     a remote source spec
     * @param fileName the name the download is kept under
     * @param content  the bytes to serve
     * @return these fake sources
     */
    public FakeSources and(String spec, String fileName, byte[] content) {
        String location = location(spec);
        if (!isRemote(location)) {
            throw new IllegalArgumentException(spec + " is not a remote source (https://..., npm:<package>@<version> or "
                    + "pypi:<name>==<version>); local files go in with LiteTestKit.liteFile");
        }
        if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("a file name, without folders, is needed for " + spec + ", not '" + fileName + "'");
        }
        synchronized (this) {
            served.put(location, new Served(fileName, content.clone()));
        }
        return this;
    }

    /**
     * Every fetch of a source served here, in order: a spec (without sub-path and pin) per download. A
     * source found in the cache is not fetched, and not listed.
     *
     * @return the specs fetched so far
     */
    public synchronized List<String> downloads() {
        return List.copyOf(downloads);
    }

    /**
     * How many times a source was fetched.
     *
     * @param spec a spec given to {@link #serving} or {@link #and} (its sub-path and pin are ignored)
     * @return the number of downloads of it so far
     */
    public synchronized int downloads(String spec) {
        String location = location(spec);
        return (int) downloads.stream().filter(location::equals).count();
    }

    /**
     * The specs served, sorted.
     *
     * @return every spec these fakes serve, without sub-path or pin
     */
    public synchronized List<String> specs() {
        return List.copyOf(served.keySet());
    }

    /** The build's hook: serves what is here, leaves loopback URLs to the network, refuses everything else. */
    RemoteFetcher fetcher() {
        return this::fetch;
    }

    private Optional<String> fetch(String location, Path target) throws IOException {
        Served s;
        synchronized (this) {
            s = served.get(location);
            if (s == null) {
                if (isLoopback(location)) {
                    return Optional.empty();
                }
                throw new IOException("the test's FakeSources serve no such source (they serve: "
                        + (served.isEmpty() ? "nothing" : String.join(", ", served.keySet())) + ")");
            }
            downloads.add(location);
        }
        Files.write(target, s.content());
        return Optional.of(s.fileName());
    }

    /** The spec without its pin and sub-path, which is how the build asks for it. */
    static String location(String spec) {
        String rest = spec.trim();
        int hash = rest.lastIndexOf("#sha256=");
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int bang = rest.indexOf("!/");
        return bang >= 0 ? rest.substring(0, bang) : rest;
    }

    private static boolean isRemote(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("npm:") || lower.startsWith("pypi:");
    }

    private static boolean isLoopback(String location) {
        try {
            URI uri = new URI(location);
            String host = uri.getHost();
            return "http".equalsIgnoreCase(uri.getScheme()) && host != null
                    && (host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("[::1]"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static String defaultFileName(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("npm:")) {
            String pkg = location.substring(4);
            int at = pkg.lastIndexOf('@');
            String name = at > 0 ? pkg.substring(0, at) : pkg;
            String version = at > 0 ? "-" + pkg.substring(at + 1) : "";
            return name.replace("@", "").replace('/', '-') + version + ".tgz";
        }
        if (lower.startsWith("pypi:")) {
            String body = location.substring(5);
            int eq = body.indexOf("==");
            String name = (eq > 0 ? body.substring(0, eq) : body).trim().replaceAll("[-_.]+", "_");
            String version = eq > 0 ? body.substring(eq + 2).trim() : "0";
            return name + "-" + version + "-py3-none-any.whl";
        }
        String path = location;
        int query = path.indexOf('?');
        path = query >= 0 ? path.substring(0, query) : path;
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() || last.contains(":") ? "download" : last;
    }
}
