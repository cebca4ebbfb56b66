package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The site server over a real folder, on a free loopback port, fetched over HTTP and raw sockets. */
class SiteServerTests {

    private static final byte[] WASM = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    private static final String SECRET = "SECRET, outside the site";

    @TempDir
    Path tmp;
    Path site;
    SiteServer server;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void writeSite() throws IOException {
        site = Files.createDirectories(tmp.resolve("site/_output"));
        write("index.html", "<!doctype html><title>root</title>");
        write("lab/index.html", "<!doctype html><title>lab</title>");
        write("lab/jupyter-lite.json", "{\"jupyter-config-data\": {\"appUrl\": \"/lab\"}}");
        write("build/bundle.mjs", "export const x = 1;");
        write("build/empty.css", "");
        write("files/with space.txt", "spaced");
        write("files/no-index/a.txt", "a");
        Files.createDirectories(site.resolve("static/pyodide"));
        Files.write(site.resolve("static/pyodide/pyodide.asm.wasm"), WASM);
        Files.writeString(tmp.resolve("site/secret"), SECRET);
        Files.writeString(tmp.resolve("secret"), SECRET);
        Files.createSymbolicLink(site.resolve("lab/escape.txt"), Path.of("../../secret"));
        Files.createSymbolicLink(site.resolve("outside"), tmp);
        Files.createSymbolicLink(site.resolve("lab/alias.html"), Path.of("index.html"));
    }

    private void write(String rel, String text) throws IOException {
        Path f = site.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private SiteServer start(String baseUrl, Map<String, String> headers) throws IOException {
        server = SiteServer.start(site, SiteServer.Options.defaults().withPort(0).withBaseUrl(baseUrl).withHeaders(headers));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<byte[]> get(String relative) throws Exception {
        return send(HttpRequest.newBuilder(server.url().resolve(relative)).GET());
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    /** A request sent byte for byte as written (no client normalizes its path); the whole response. */
    private String raw(String method, String target) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    @Test
    void everyRequestIsLoggedOnceAnswered() throws Exception {
        List<String> log = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        server = SiteServer.start(site, SiteServer.Options.defaults().withPort(0).withLog(served -> log.add(served.render())));
        // an entry is added once the exchange is done, maybe after the client has read the answer: wait for each
        String[] targets = {"lab/index.html?x=1", "nope.js", "lab"};
        for (int i = 0; i < targets.length; i++) {
            get(targets[i]);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (log.size() <= i && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        assertEquals(List.of("GET /lab/index.html?x=1 200", "GET /nope.js 404", "GET /lab 301"), log);
    }

    @Test
    void pagesAndFilesUnderABaseUrl() throws Exception {
        start("/@foo/", Map.of());
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/@foo/"), server.url());
        assertTrue(server.port() > 0);

        HttpResponse<byte[]> root = get("");
        assertEquals(200, root.statusCode());
        assertEquals("<!doctype html><title>root</title>", text(root));
        assertEquals("text/html", header(root, "Content-Type"));

        for (String lab : List.of("lab/", "lab/index.html", "lab/index.html?reload=1", "lab/alias.html")) {
            HttpResponse<byte[]> r = get(lab);
            assertEquals(200, r.statusCode(), lab);
            assertEquals("<!doctype html><title>lab</title>", text(r), lab);
        }

        HttpResponse<byte[]> wasm = get("static/pyodide/pyodide.asm.wasm");
        assertEquals(200, wasm.statusCode());
        assertEquals("application/wasm", header(wasm, "Content-Type"));
        assertEquals(String.valueOf(WASM.length), header(wasm, "Content-Length"));
        assertArrayEquals(WASM, wasm.body());

        assertEquals("text/javascript", header(get("build/bundle.mjs"), "Content-Type"));
        assertEquals("application/json", header(get("lab/jupyter-lite.json"), "Content-Type"));
        HttpResponse<byte[]> empty = get("build/empty.css");
        assertEquals(200, empty.statusCode());
        assertEquals("text/css", header(empty, "Content-Type"));
        assertEquals(0, empty.body().length);
        assertEquals("spaced", text(get("files/with%20space.txt")));
    }

    @Test
    void aFolderWithoutItsSlashIsRedirectedAndOneWithoutAnIndexIsNotFound() throws Exception {
        start("/@foo/", Map.of());
        HttpResponse<byte[]> lab = get("/@foo/lab?x=1");
        assertEquals(301, lab.statusCode());
        assertEquals("/@foo/lab/?x=1", header(lab, "Location"));
        HttpResponse<byte[]> base = get("/@foo");
        assertEquals(301, base.statusCode());
        assertEquals("/@foo/", header(base, "Location"));
        assertEquals(404, get("files/no-index/").statusCode(), "no listing of folders");
        assertEquals(404, get("nope.html").statusCode());
    }

    @Test
    void configuredHeadersComeOnEveryResponseAndTheLaterWins() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Lite", "1");
        headers.put("Cache-Control", "max-age=5");
        start("/", headers);
        for (String path : List.of("", "lab/index.html", "missing.txt")) {
            HttpResponse<byte[]> r = get(path);
            assertEquals("1", header(r, "X-Lite"), path);
            assertEquals("max-age=5", header(r, "Cache-Control"), "a configured header replaces jlite's own: " + path);
            assertEquals(Optional.empty(), r.headers().firstValue("Cross-Origin-Opener-Policy"), path);
            assertEquals(Optional.empty(), r.headers().firstValue("Cross-Origin-Embedder-Policy"), path);
        }
        assertEquals(404, get("missing.txt").statusCode());
    }

    @Test
    void nothingOutsideTheSiteOrTheBaseUrlIsServed() throws Exception {
        start("/@foo/", Map.of());
        assertEquals(200, status(raw("GET", "/@foo/lab/index.html")), "the raw requests reach the site");
        for (String target : List.of("/@foo/../secret", "/@foo/../../secret", "/@foo/%2e%2e/secret", "/@foo/%2E%2E/secret",
                "/@foo/lab/..%2f..%2fsecret", "/@foo/lab/..%2F..%2F..%2Fsecret", "/@foo/lab/%5c..%5c..%5csecret",
                "/@foo//etc/passwd", "/@foo/lab/./index.html", "/@foo/lab/%00index.html",
                "/@foo/lab/escape.txt", "/@foo/outside/secret", "/@foo/outside/site/secret", "/secret", "/",
                "/index.html", "/@bar/index.html", "/@foobar/index.html")) {
            String response = raw("GET", target);
            assertEquals(404, status(response), target + "\n" + response);
            assertFalse(response.contains(SECRET), target);
        }
        // Not even a URI: the JDK's server answers 400 before jlite sees the request.
        for (String target : List.of("/@foo/lab/..\\..\\secret", "/@foo/%ZZ", "/@foo/lab/%2")) {
            String response = raw("GET", target);
            assertEquals(400, status(response), target + "\n" + response);
            assertFalse(response.contains(SECRET), target);
        }
        String absolute = raw("GET", "http://127.0.0.1/@foo/%2e%2e/secret");
        assertEquals(404, status(absolute), absolute);
    }

    @Test
    void headAnswersWithTheLengthAndNoBodyAndOtherMethodsAreRefused() throws Exception {
        start("/@foo/", Map.of("X-Lite", "1"));
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(server.url().resolve("static/pyodide/pyodide.asm.wasm"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(WASM.length), header(head, "Content-Length"));
        assertEquals("application/wasm", header(head, "Content-Type"));
        assertEquals("1", header(head, "X-Lite"));
        assertEquals(0, head.body().length);
        String rawHead = raw("HEAD", "/@foo/lab/index.html");
        assertTrue(rawHead.endsWith("\r\n\r\n"), "no body after the headers: " + rawHead);

        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<byte[]> r = send(HttpRequest.newBuilder(server.url().resolve("lab/index.html"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x")));
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", header(r, "Allow"), method);
        }
        assertEquals(405, status(raw("OPTIONS", "/@foo/lab/index.html")));
    }

    @Test
    void closeStopsServingAndCanBeCalledTwice() throws Exception {
        start("/", Map.of());
        int port = server.port();
        assertEquals(200, get("").statusCode());
        Thread waiter = new Thread(() -> {
            try {
                server.awaitStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        server.close();
        server.close();
        waiter.join(5_000);
        assertFalse(waiter.isAlive(), "awaitStop returns once closed");
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
    }

    @Test
    void mimeTypesComeFromTheSitesFileTypesFirstMimeTypeEach() {
        var fileTypes = JsonMapper.builder().build().readTree("""
                {"wasm": {"name": "wasm", "mimeTypes": ["application/wasm"], "extensions": [".wasm"], "fileFormat": "base64"},
                 "js": {"name": "js", "mimeTypes": ["application/javascript", "text/javascript"], "extensions": [".js", ".MJS"]},
                 "odd": {"name": "odd", "mimeTypes": [], "extensions": [".odd"]},
                 "later": {"name": "later", "mimeTypes": ["text/x-later"], "extensions": [".js", "noext"]}}""");
        assertEquals(Map.of(".wasm", "application/wasm", ".js", "text/x-later", ".mjs", "application/javascript"),
                SiteServer.mimeTypes(fileTypes));
        assertEquals(Map.of(), SiteServer.mimeTypes(null));
    }

    @Test
    void unknownExtensionsAreOctetStreams() throws Exception {
        start("/", Map.of());
        assertEquals("application/octet-stream", server.contentType("data.bin"));
        assertEquals("application/octet-stream", server.contentType("README"));
        assertEquals("font/woff2", server.contentType("icons.WOFF2"));
        assertEquals("image/svg+xml", server.contentType("logo.svg"));
    }

    @Test
    void aBaseUrlIsAPathWithSlashesAtBothEnds() {
        assertEquals("/", SiteServer.normalizeBaseUrl(""));
        assertEquals("/@foo/", SiteServer.normalizeBaseUrl("@foo"));
        assertEquals("/a/b/", SiteServer.normalizeBaseUrl("/a/b"));
        for (String bad : List.of("/a/../b/", "/a//b/", "/a b/", "/a?b/", "/a%20b/", "/a\\b/")) {
            assertThrows(IllegalArgumentException.class, () -> SiteServer.normalizeBaseUrl(bad), bad);
        }
    }

    @Test
    void pathSegmentsAreDecodedOneByOne() {
        assertEquals(Optional.of("with space"), SiteServer.decode("with%20space"));
        assertEquals(Optional.of("é"), SiteServer.decode("%C3%A9"));
        assertEquals(Optional.of(".."), SiteServer.decode("%2e%2e"));
        for (String bad : List.of("a%2fb", "a%5Cb", "%00", "%", "%2", "%zz", "%C3")) {
            assertEquals(Optional.empty(), SiteServer.decode(bad), bad);
        }
    }

    // ---- ranges and revalidation

    private HttpResponse<byte[]> get(String relative, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(server.url().resolve(relative)).headers(headers).GET());
    }

    @Test
    void aRangeGivesThoseBytes() throws Exception {
        start("/", Map.of());
        write("pypi/big.whl", "0123456789abcdef");

        HttpResponse<byte[]> middle = get("pypi/big.whl", "Range", "bytes=4-9");
        HttpResponse<byte[]> tail = get("pypi/big.whl", "Range", "bytes=-3");
        HttpResponse<byte[]> open = get("pypi/big.whl", "Range", "bytes=10-");
        HttpResponse<byte[]> whole = get("pypi/big.whl");

        assertEquals(206, middle.statusCode());
        assertEquals("456789", text(middle));
        assertEquals("bytes 4-9/16", middle.headers().firstValue("Content-Range").orElse(""));
        assertEquals("def", text(tail));
        assertEquals("bytes 13-15/16", tail.headers().firstValue("Content-Range").orElse(""));
        assertEquals("abcdef", text(open));
        assertEquals(200, whole.statusCode());
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));
    }

    @Test
    void aRangePastTheEndIs416AndSeveralRangesGiveTheWholeFile() throws Exception {
        start("/", Map.of());
        write("pypi/big.whl", "0123456789");

        HttpResponse<byte[]> past = get("pypi/big.whl", "Range", "bytes=10-20");
        HttpResponse<byte[]> several = get("pypi/big.whl", "Range", "bytes=0-1,4-5");
        HttpResponse<byte[]> junk = get("pypi/big.whl", "Range", "lines=1-2");

        assertEquals(416, past.statusCode());
        assertEquals("bytes */10", past.headers().firstValue("Content-Range").orElse(""));
        assertEquals(200, several.statusCode());
        assertEquals("0123456789", text(several));
        assertEquals(200, junk.statusCode());
    }

    @Test
    void anUnchangedFileIsNotSentAgain() throws Exception {
        start("/", Map.of());
        HttpResponse<byte[]> first = get("static/pyodide/pyodide.asm.wasm");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<byte[]> byTag = get("static/pyodide/pyodide.asm.wasm", "If-None-Match", etag);
        HttpResponse<byte[]> byTime = get("static/pyodide/pyodide.asm.wasm", "If-Modified-Since", modified);
        HttpResponse<byte[]> otherTag = get("static/pyodide/pyodide.asm.wasm", "If-None-Match", "\"other\"");
        Files.write(site.resolve("static/pyodide/pyodide.asm.wasm"), new byte[] {0, 0x61, 0x73, 0x6d, 2, 0, 0, 0, 9});
        HttpResponse<byte[]> changed = get("static/pyodide/pyodide.asm.wasm", "If-None-Match", etag);

        assertEquals(304, byTag.statusCode());
        assertEquals(0, byTag.body().length);
        assertEquals(304, byTime.statusCode());
        assertEquals(200, otherTag.statusCode());
        assertArrayEquals(WASM, otherTag.body());
        assertEquals(200, changed.statusCode(), "a new size or time is a new tag");
        assertEquals(9, changed.body().length);
    }

    @Test
    void aRangeWithAStaleIfRangeGivesTheWholeFile() throws Exception {
        start("/", Map.of());
        write("pypi/big.whl", "0123456789");
        String etag = get("pypi/big.whl").headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> current = get("pypi/big.whl", "Range", "bytes=0-1", "If-Range", etag);
        HttpResponse<byte[]> stale = get("pypi/big.whl", "Range", "bytes=0-1", "If-Range", "\"stale\"");

        assertEquals(206, current.statusCode());
        assertEquals("01", text(current));
        assertEquals(200, stale.statusCode());
        assertEquals("0123456789", text(stale));
    }

    // ---- slow clients

    @Test
    void clientsSendingTheirHeadersSlowlyDoNotStarveTheOthers() throws Exception {
        start("/", Map.of());
        List<Socket> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                // a request line and one header, then nothing: the server waits for the rest
                s.getOutputStream().write("GET /index.html HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            Thread.sleep(200); // the server has taken them up
            java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    String path = i % 2 == 0 ? "index.html" : "lab/jupyter-lite.json";
                    answers.add(clients.submit(() -> get(path).statusCode()));
                }
                for (var a : answers) {
                    assertEquals(200, a.get());
                }
            } finally {
                clients.shutdownNow();
            }
            for (Socket s : slow) {
                assertFalse(s.isClosed(), "the slow clients are still connected");
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }
}
