package dev.jlite.cli;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jlite.core.LiteBuild;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Serves a built site on the JDK's HTTP server, for {@code jlite serve} and for tests that load a site in a
 * browser: GET and HEAD only, under a base URL, with MIME types from the site's {@code fileTypes}, the
 * configured response headers, and {@code index.html} for folders. Nothing outside the site is ever
 * served: {@code ..} and encoded separators in a path, and symbolic links that lead out, are 404, as is
 * jlite's bookkeeping folder ({@code .jlite/}).
 *
 * <pre>{@code
 * try (SiteServer server = SiteServer.start(site, SiteServer.Options.defaults().withPort(0))) {
 *     URI url = server.url(); // http://127.0.0.1:<port>/
 * }
 * }</pre>
 */
public final class SiteServer implements AutoCloseable {

    /** MIME types of the files a JupyterLite site needs, for extensions its {@code fileTypes} do not list. */
    static final Map<String, String> DEFAULT_TYPES = defaults();

    private static final String FALLBACK_TYPE = "application/octet-stream";
    /**
     * Threads answering requests. The JDK's server reads a request's headers on one of them, so a client that
     * sends its headers slowly holds one until {@link #HEADER_SECONDS} have passed: enough threads that a few
     * such clients cannot starve the others, few enough to stay cheap (they are made as needed).
     */
    private static final int THREADS = 64;
    /** The most time a client may take to send its request: then its connection is closed. */
    static final int HEADER_SECONDS = 10;

    static {
        // read once, when the JDK's server is first used; a value the user set is kept
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(HEADER_SECONDS));
        }
    }

    /**
     * How to serve.
     *
     * @param host      the address to listen on (loopback unless told otherwise)
     * @param port      the port; 0 picks a free one
     * @param baseUrl   the path the site answers under, e.g. {@code /} or {@code /@foo/}
     * @param headers   response headers added to every response, in order (a later name replaces an earlier one)
     * @param mimeTypes MIME type by lower-case file extension with its dot, e.g. {@code .wasm}
     * @param log       told of every request once answered (from the server's threads)
     * @param shutdown  whether a GET of {@code <base url>shutdown} stops the server
     */
    public record Options(InetAddress host, int port, String baseUrl, Map<String, String> headers,
                          Map<String, String> mimeTypes, Consumer<Served> log, boolean shutdown) {

        public Options {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            baseUrl = normalizeBaseUrl(baseUrl);
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            mimeTypes = Map.copyOf(mimeTypes);
            Objects.requireNonNull(log, "log");
        }

        /** Loopback, port 8000, base URL {@code /}, no extra headers, the default MIME types, no log. */
        public static Options defaults() {
            return new Options(InetAddress.getLoopbackAddress(), 8000, "/", Map.of(), DEFAULT_TYPES, served -> { }, false);
        }

        public Options withHost(InetAddress value) {
            return new Options(value, port, baseUrl, headers, mimeTypes, log, shutdown);
        }

        public Options withPort(int value) {
            return new Options(host, value, baseUrl, headers, mimeTypes, log, shutdown);
        }

        public Options withBaseUrl(String value) {
            return new Options(host, port, value, headers, mimeTypes, log, shutdown);
        }

        public Options withHeaders(Map<String, String> value) {
            return new Options(host, port, baseUrl, value, mimeTypes, log, shutdown);
        }

        public Options withMimeTypes(Map<String, String> value) {
            return new Options(host, port, baseUrl, headers, value, log, shutdown);
        }

        public Options withLog(Consumer<Served> value) {
            return new Options(host, port, baseUrl, headers, mimeTypes, value, shutdown);
        }

        /** With {@code true}, a GET of {@code <base url>shutdown} stops the server, as the reference's serve does. */
        public Options withShutdownUrl(boolean value) {
            return new Options(host, port, baseUrl, headers, mimeTypes, log, value);
        }
    }

    /** A request answered: its method, raw path (with any query) and status. */
    public record Served(String method, String path, int status) {

        /** As an access log line: {@code GET /lab/index.html 200}. */
        public String render() {
            return method + " " + path + " " + status;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final Path root;
    private final Options options;
    private final List<String> base;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    private SiteServer(HttpServer server, ExecutorService pool, Path root, Options options) {
        this.server = server;
        this.pool = pool;
        this.root = root;
        this.options = options;
        this.base = segments(options.baseUrl());
    }

    /** Starts serving {@code site}; fails if the address is taken (a {@link java.net.BindException}). */
    public static SiteServer start(Path site, Options options) throws IOException {
        Path root = site.toRealPath();
        if (!Files.isDirectory(root)) {
            throw new IOException(site + " is not a folder");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 0);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS,
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "jlite-serve-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        SiteServer s = new SiteServer(http, pool, root, options);
        http.setExecutor(pool);
        http.createContext("/", s::handle);
        http.start();
        return s;
    }

    /** The URL of the site: {@code http://<host>:<port><base url>}. */
    public URI url() {
        try {
            String host = options.host().getHostAddress();
            return new URI("http", null, host, port(), options.baseUrl(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The port listened on (the one picked, when asked for 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The folder served. */
    public Path root() {
        return root;
    }

    /** Waits until {@link #close} is called (from another thread, a signal handler, a test). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops listening and ends the exchanges in flight. Safe to call more than once, from any thread. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            server.stop(0);
        } finally {
            pool.shutdownNow();
            stopped.countDown();
        }
    }

    // ---- requests

    private void handle(HttpExchange exchange) {
        try {
            respond(exchange);
        } catch (IOException e) {
            // the client went away; nothing to tell anyone
        } finally {
            exchange.close();
            URI uri = exchange.getRequestURI();
            options.log().accept(new Served(exchange.getRequestMethod(),
                    uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), exchange.getResponseCode()));
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("Cache-Control", "no-cache");
        out.set("X-Content-Type-Options", "nosniff");
        options.headers().forEach(out::set);
        String method = exchange.getRequestMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            out.set("Allow", "GET, HEAD");
            text(exchange, 405, "405 method not allowed: jlite serve answers GET and HEAD\n", false);
            return;
        }
        URI uri = exchange.getRequestURI();
        if (options.shutdown() && uri.getRawPath().equals(options.baseUrl() + "shutdown")) {
            text(exchange, 200, "jlite serve is stopping\n", head);
            // after this answer is sent: close() ends the exchanges in flight
            Thread stopper = new Thread(this::close, "jlite-serve-shutdown");
            stopper.setDaemon(true);
            stopper.start();
            return;
        }
        Target target = target(uri.getRawPath());
        switch (target.kind()) {
            case REDIRECT -> {
                String query = uri.getRawQuery();
                out.set("Location", uri.getRawPath() + "/" + (query == null ? "" : "?" + query));
                text(exchange, 301, "301 moved to " + uri.getRawPath() + "/\n", head);
            }
            case FILE -> file(exchange, target.file(), head);
            default -> text(exchange, 404, "404 not found\n", head);
        }
    }

    /**
     * A file: whole, or the one byte range asked for ({@code Range: bytes=...}, 206, or 416 past its end), or
     * 304 when the browser's copy is current ({@code If-None-Match} against the ETag, else
     * {@code If-Modified-Since} against the file's time), so a large wheel or wasm file is sent once.
     */
    private void file(HttpExchange exchange, Path file, boolean head) throws IOException {
        long size = Files.size(file);
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.getEpochSecond()) + "."
                + Integer.toHexString(modified.getNano()) + "\"";
        Headers in = exchange.getRequestHeaders();
        Headers out = exchange.getResponseHeaders();
        out.set("Content-Type", contentType(file.getFileName().toString()));
        out.set("Accept-Ranges", "bytes");
        out.set("ETag", etag);
        out.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                modified.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)));
        if (Conditions.notModified(in.getFirst("If-None-Match"), in.getFirst("If-Modified-Since"), etag, modified)) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        Optional<long[]> range = Conditions.ifRange(in.getFirst("If-Range"), etag, modified)
                ? Conditions.range(in.getFirst("Range"), size) : Optional.empty();
        if (range.isPresent() && range.get().length == 0) {
            out.set("Content-Range", "bytes */" + size);
            text(exchange, 416, "416 range not satisfiable: the file has " + size + " bytes\n", head);
            return;
        }
        long first = range.map(r -> r[0]).orElse(0L);
        long length = range.map(r -> r[1] - r[0] + 1).orElse(size);
        int status = range.isPresent() ? 206 : 200;
        if (range.isPresent()) {
            out.set("Content-Range", "bytes " + first + "-" + (first + length - 1) + "/" + size);
        }
        if (head) {
            // the JDK server sends no length for HEAD on its own: say what GET would send
            out.set("Content-Length", Long.toString(length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
        if (length > 0) {
            try (SeekableByteChannel channel = Files.newByteChannel(file);
                 OutputStream body = exchange.getResponseBody()) {
                channel.position(first);
                InputStream bytes = Channels.newInputStream(channel);
                byte[] buffer = new byte[1 << 16];
                long left = length;
                while (left > 0) {
                    int n = bytes.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        break; // the file shrank meanwhile; the client sees a short body
                    }
                    body.write(buffer, 0, n);
                    left -= n;
                }
            }
        }
    }

    private static void text(HttpExchange exchange, int status, String message, boolean head) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    String contentType(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot).toLowerCase(Locale.ROOT);
        return options.mimeTypes().getOrDefault(ext, DEFAULT_TYPES.getOrDefault(ext, FALLBACK_TYPE));
    }

    // ---- where a request path leads

    enum Kind { FILE, REDIRECT, NOT_FOUND }

    record Target(Kind kind, Path file) {
        static final Target NOT_FOUND = new Target(Kind.NOT_FOUND, null);
        static final Target REDIRECT = new Target(Kind.REDIRECT, null);
    }

    /**
     * What a raw (still percent-encoded) request path leads to: a regular file inside the site, a redirect to
     * the same path with a slash (a folder asked for without one), or nothing. Each segment is decoded on its
     * own; one that decodes to {@code .}, {@code ..}, or contains a separator or a control character, an empty
     * segment inside the path, a path outside the base URL, and a file whose real path (symbolic links
     * followed) is outside the site, all lead to nothing.
     */
    Target target(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/") || rawPath.indexOf('\\') >= 0) {
            return Target.NOT_FOUND;
        }
        String[] raw = rawPath.substring(1).split("/", -1);
        List<String> segments = new ArrayList<>();
        for (String r : raw) {
            Optional<String> s = decode(r);
            if (s.isEmpty()) {
                return Target.NOT_FOUND;
            }
            segments.add(s.get());
        }
        if (segments.size() == base.size() && segments.equals(base)) {
            return base.isEmpty() ? Target.NOT_FOUND : Target.REDIRECT; // "/@foo": the site is at "/@foo/"
        }
        if (segments.size() <= base.size() || !segments.subList(0, base.size()).equals(base)) {
            return Target.NOT_FOUND;
        }
        List<String> rest = segments.subList(base.size(), segments.size());
        if (rest.get(0).equals(LiteBuild.OUTPUT_BOOKKEEPING)) {
            return Target.NOT_FOUND; // jlite's bookkeeping is no part of the site
        }
        boolean folder = rest.get(rest.size() - 1).isEmpty();
        List<String> names = folder ? rest.subList(0, rest.size() - 1) : rest;
        Path path = root;
        for (String name : names) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                return Target.NOT_FOUND;
            }
            try {
                path = path.resolve(name);
            } catch (InvalidPathException e) {
                return Target.NOT_FOUND;
            }
        }
        path = path.normalize();
        if (!path.startsWith(root)) {
            return Target.NOT_FOUND;
        }
        if (folder) {
            path = path.resolve("index.html");
        } else if (Files.isDirectory(path) && inside(path)) {
            return Target.REDIRECT;
        }
        if (!Files.isRegularFile(path) || !inside(path)) {
            return Target.NOT_FOUND;
        }
        return new Target(Kind.FILE, path);
    }

    /** Whether a path, with every symbolic link on the way followed, is still inside the site. */
    private boolean inside(Path path) {
        try {
            return path.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    /** One path segment, percent-decoded as UTF-8; empty when malformed or when it would name something else. */
    static Optional<String> decode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7f) {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        if (decoded.chars().anyMatch(ch -> ch == '/' || ch == '\\' || ch < 0x20 || ch == 0x7f)) {
            return Optional.empty();
        }
        return Optional.of(decoded);
    }

    private static List<String> segments(String baseUrl) {
        if (baseUrl.length() <= 1) {
            return List.of();
        }
        return List.of(baseUrl.substring(1, baseUrl.length() - 1).split("/", -1));
    }

    /**
     * A base URL as the server uses it: starting and ending with {@code /} ({@code @foo} is {@code /@foo/}).
     * Refuses what cannot be matched against a request path: {@code ?}, {@code #}, {@code %}, backslashes,
     * spaces and control characters, and empty, {@code .} or {@code ..} segments.
     */
    static String normalizeBaseUrl(String value) {
        String v = value.startsWith("/") ? value : "/" + value;
        v = v.endsWith("/") ? v : v + "/";
        if (v.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '?' || c == '#' || c == '%' || c == '\\')) {
            throw new IllegalArgumentException("the base URL must be a plain path such as / or /@foo/: " + value);
        }
        for (String s : segments(v)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("the base URL must not have empty, . or .. segments: " + value);
            }
        }
        return v;
    }

    // ---- MIME types

    /**
     * MIME types from a site's {@code fileTypes} ({@code jupyter-config-data.fileTypes} of its root
     * {@code jupyter-lite.json}): the first MIME type of each type, for each of its extensions; a later type
     * that claims the same extension wins, as in the reference's server. Entries that are not shaped like a
     * file type are left out.
     */
    static Map<String, String> mimeTypes(JsonNode fileTypes) {
        Map<String, String> out = new TreeMap<>();
        if (fileTypes == null || !fileTypes.isObject()) {
            return out;
        }
        for (String name : fileTypes.propertyNames()) {
            JsonNode type = fileTypes.get(name);
            JsonNode mime = type.path("mimeTypes").path(0);
            if (!mime.isString() || mime.asString().isBlank()) {
                continue;
            }
            for (JsonNode ext : type.path("extensions")) {
                if (ext.isString() && ext.asString().startsWith(".")) {
                    out.put(ext.asString().toLowerCase(Locale.ROOT), mime.asString());
                }
            }
        }
        return out;
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new TreeMap<>();
        m.put(".html", "text/html");
        m.put(".htm", "text/html");
        m.put(".js", "text/javascript");
        m.put(".mjs", "text/javascript");
        m.put(".cjs", "text/javascript");
        m.put(".css", "text/css");
        m.put(".json", "application/json");
        m.put(".map", "application/json");
        m.put(".webmanifest", "application/manifest+json");
        m.put(".wasm", "application/wasm");
        m.put(".svg", "image/svg+xml");
        m.put(".png", "image/png");
        m.put(".jpg", "image/jpeg");
        m.put(".jpeg", "image/jpeg");
        m.put(".gif", "image/gif");
        m.put(".webp", "image/webp");
        m.put(".ico", "image/x-icon");
        m.put(".woff", "font/woff");
        m.put(".woff2", "font/woff2");
        m.put(".ttf", "font/ttf");
        m.put(".otf", "font/otf");
        m.put(".eot", "application/vnd.ms-fontobject");
        m.put(".txt", "text/plain");
        m.put(".md", "text/markdown");
        m.put(".csv", "text/csv");
        m.put(".xml", "application/xml");
        m.put(".pdf", "application/pdf");
        m.put(".zip", "application/zip");
        m.put(".whl", "application/zip");
        m.put(".tgz", "application/gzip");
        m.put(".gz", "application/gzip");
        m.put(".ipynb", "application/x-ipynb+json");
        m.put(".py", "text/x-python");
        m.put(".data", FALLBACK_TYPE);
        return Collections.unmodifiableMap(m);
    }
}
