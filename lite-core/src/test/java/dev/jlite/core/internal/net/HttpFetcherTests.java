package dev.jlite.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.LiteException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads against a real HTTP server on loopback. */
class HttpFetcherTests {

    @TempDir
    Path tmp;
    MockWebServer server;
    final List<long[]> progress = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpFetcher fetcher(Map<String, String> env, Netrc netrc) {
        HttpFetcher.Options o = HttpFetcher.Options.defaults("test")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400))
                .withRetries(2, Duration.ofMillis(10));
        return new HttpFetcher(o, env, netrc, (label, done, total) -> progress.add(new long[] {done, total}));
    }

    private HttpFetcher fetcher() {
        return fetcher(Map.of(), Netrc.empty());
    }

    private String url(String path) {
        return server.url(path).toString();
    }

    @Test
    void aDownloadStreamsToTheFileWithItsDigestAndName() throws Exception {
        server.enqueue(new MockResponse.Builder().body("hello wheel").build());
        try (HttpFetcher f = fetcher()) {
            HttpFetcher.Fetched got = f.download(url("/pkgs/demo-1.0-py3-none-any.whl?x=1"), tmp.resolve("out"));
            assertEquals("hello wheel", Files.readString(tmp.resolve("out")));
            assertEquals(11, got.size());
            assertEquals("5efd2fc9aacba2b1a0e7a4d8d84b61bc65a2ea6e2c0af0bf4a7d1d2894d85bd9".length(), got.sha256().length());
            assertEquals(dev.jlite.core.internal.files.FileOpsImpl.sha256Of(tmp.resolve("out")), got.sha256());
            assertEquals("demo-1.0-py3-none-any.whl", got.fileName());
        }
        RecordedRequest r = server.takeRequest();
        assertTrue(r.getHeaders().get("User-Agent").startsWith("jlite/"), r.getHeaders().toString());
        assertEquals(11, progress.get(progress.size() - 1)[0], "the last progress report is the whole body");
    }

    @Test
    void contentDispositionNamesTheFile() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Disposition", "attachment; filename=\"real-name.tgz\"")
                .body("x").build());
        try (HttpFetcher f = fetcher()) {
            assertEquals("real-name.tgz", f.download(url("/download?id=7"), tmp.resolve("out")).fileName());
        }
    }

    @Test
    void a503IsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        server.enqueue(new MockResponse.Builder().body("finally").build());
        try (HttpFetcher f = fetcher()) {
            f.download(url("/a.txt"), tmp.resolve("out"));
        }
        assertEquals("finally", Files.readString(tmp.resolve("out")));
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void a404IsNotRetriedAndNamesTheUrl() {
        server.enqueue(new MockResponse.Builder().code(404).body("no").build());
        try (HttpFetcher f = fetcher()) {
            LiteException e = assertThrows(LiteException.class, () -> f.download(url("/missing.whl"), tmp.resolve("out")));
            assertEquals(url("/missing.whl") + ": HTTP 404 Client Error; check the URL", e.getMessage());
        }
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void persistentServerErrorsGiveUpAfterTheRetries() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
        }
        try (HttpFetcher f = fetcher()) {
            LiteException e = assertThrows(LiteException.class, () -> f.download(url("/a"), tmp.resolve("out")));
            assertEquals(url("/a") + ": HTTP 502 Server Error (3 attempts); the server is failing, try again later", e.getMessage());
        }
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void anIndexPageFailsAsADownloadDoes() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        }
        server.enqueue(new MockResponse.Builder().code(404).body("no").build());
        server.enqueue(new MockResponse.Builder().code(503).build());
        server.enqueue(new MockResponse.Builder().body("<html>numpy</html>").build());
        try (HttpFetcher f = fetcher()) {
            LiteException e = assertThrows(LiteException.class, () -> f.text(url("/simple/a/"), "text/html"));
            assertEquals(url("/simple/a/") + ": HTTP 503 Server Error (3 attempts); the server is failing, try again later",
                    e.getMessage());
            assertEquals(java.util.Optional.empty(), f.textIfFound(url("/simple/b/"), "text/html"), "404: no such project");
            assertEquals("<html>numpy</html>", f.text(url("/simple/numpy/"), "text/html").body(), "a 503, then the page");
        }
        assertEquals(6, server.getRequestCount());
    }

    @Test
    void aTruncatedBodyIsRetriedThenReported() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().body("only a little").setHeader("Content-Length", "1000")
                    .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
        }
        try (HttpFetcher f = fetcher()) {
            LiteException e = assertThrows(LiteException.class, () -> f.download(url("/big.tgz"), tmp.resolve("out")));
            assertTrue(e.getMessage().startsWith(url("/big.tgz") + ": "), e.getMessage());
            assertTrue(e.getMessage().endsWith(" (3 attempts); check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) "
                    + "or the URL"), e.getMessage());
        }
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void aConnectionResetMidBodyIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().body("x".repeat(200_000))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(new MockResponse.Builder().body("whole").build());
        try (HttpFetcher f = fetcher()) {
            f.download(url("/a"), tmp.resolve("out"));
        }
        assertEquals("whole", Files.readString(tmp.resolve("out")));
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void aSlowBodyTimesOut() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().body("slow body").throttleBody(1, 1, TimeUnit.SECONDS).build());
        }
        try (HttpFetcher f = fetcher()) {
            LiteException e = assertThrows(LiteException.class, () -> f.download(url("/slow"), tmp.resolve("out")));
            assertEquals(url("/slow") + ": timed out (3 attempts); check the network, the proxy settings (HTTPS_PROXY, "
                    + "NO_PROXY) or the URL", e.getMessage());
        }
    }

    @Test
    void credentialsInTheUrlBecomeBasicAuthAndAreNotShown() throws Exception {
        server.enqueue(new MockResponse.Builder().code(403).build());
        String secret = server.url("/private.whl").newBuilder().username("me").password("s3cret").build().toString();
        try (HttpFetcher f = fetcher()) {
            LiteException e = assertThrows(LiteException.class, () -> f.download(secret, tmp.resolve("out")));
            assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
            assertTrue(e.getMessage().endsWith("; the server wants credentials: put them in the URL or in ~/.netrc"));
        }
        assertEquals("Basic " + Base64.getEncoder().encodeToString("me:s3cret".getBytes()),
                server.takeRequest().getHeaders().get("Authorization"));
    }

    @Test
    void netrcCredentialsAreUsedForTheirHost() throws Exception {
        server.enqueue(new MockResponse.Builder().body("ok").build());
        Netrc netrc = Netrc.parse("machine " + server.getHostName() + " login alice password wonder\ndefault login x password y");
        try (HttpFetcher f = fetcher(Map.of(), netrc)) {
            f.download(url("/a"), tmp.resolve("out"));
        }
        assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:wonder".getBytes()),
                server.takeRequest().getHeaders().get("Authorization"));
    }

    @Test
    void httpProxyFromTheEnvironmentIsUsedWithItsCredentials() throws Exception {
        server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"proxy\"").build());
        server.enqueue(new MockResponse.Builder().body("through the proxy").build());
        String proxy = "http://pu:pp@" + server.getHostName() + ":" + server.getPort();
        try (HttpFetcher f = fetcher(Map.of("http_proxy", proxy), Netrc.empty())) {
            f.download("http://assets.example.invalid/file.txt", tmp.resolve("out"));
        }
        assertEquals("through the proxy", Files.readString(tmp.resolve("out")));
        RecordedRequest first = server.takeRequest();
        assertEquals("assets.example.invalid", first.getUrl().host(), "the proxy was asked for the real host");
        assertNull(first.getHeaders().get("Proxy-Authorization"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("pu:pp".getBytes()),
                server.takeRequest().getHeaders().get("Proxy-Authorization"));
    }

    private HttpFetcher limited(Duration deadline, long maxBytes) {
        HttpFetcher.Options o = HttpFetcher.Options.defaults("test")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withRetries(2, Duration.ofMillis(10))
                .withLimits(deadline, maxBytes);
        return new HttpFetcher(o, Map.of(), Netrc.empty(), (label, done, total) -> { });
    }

    @Test
    void aBodyThatDripsIsStoppedAtTheDeadlineAndNotRetried() {
        // a byte every 200 ms never trips the 2 s read timeout; 100 bytes would take 20 s
        server.enqueue(new MockResponse.Builder().body("x".repeat(100)).throttleBody(1, 200, TimeUnit.MILLISECONDS).build());
        long start = System.nanoTime();
        try (HttpFetcher f = limited(Duration.ofSeconds(1), 1 << 20)) {
            LiteException e = assertThrows(LiteException.class, () -> f.download(url("/drip.whl"), tmp.resolve("out")));
            assertEquals(url("/drip.whl") + ": not finished within 1 s, the deadline of one download "
                    + "(LiteBuildConfig.download_deadline); the server is too slow, or raise the deadline", e.getMessage());
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "stopped at the deadline, not after the body");
        assertEquals(1, server.getRequestCount(), "a deadline is for the download as a whole: no retry");
    }

    @Test
    void aLengthOverTheCapIsRefusedBeforeTheBodyIsRead() {
        server.enqueue(new MockResponse.Builder().body("y".repeat(5000)).build());
        try (HttpFetcher f = limited(Duration.ofSeconds(30), 1000)) {
            LiteException e = assertThrows(LiteException.class, () -> f.download(url("/big.tgz"), tmp.resolve("out")));
            assertEquals(url("/big.tgz") + ": larger than 1000 bytes, the limit of one download "
                    + "(LiteBuildConfig.download_max_bytes): the server says it is 5000 bytes; raise the limit if the file is "
                    + "meant to be that large", e.getMessage());
        }
        assertEquals(1, server.getRequestCount(), "not retried");
    }

    @Test
    void anIndexPageOverTheCapIsRefusedWithoutReadingItAll() {
        server.enqueue(new MockResponse.Builder().chunkedBody("<a>".repeat(20_000), 1000).build());
        try (HttpFetcher f = limited(Duration.ofSeconds(30), 10_000)) {
            LiteException e = assertThrows(LiteException.class, () -> f.text(url("/simple/demo/"), "text/html"));
            assertEquals(url("/simple/demo/") + ": an index page larger than 10000 bytes, more than any index sends; "
                    + "check the URL, or the server", e.getMessage());
        }
        assertEquals(1, server.getRequestCount(), "not retried");
    }

    @Test
    void anIndexPageThatDripsStopsAtTheDeadline() {
        server.enqueue(new MockResponse.Builder().body("y".repeat(100)).throttleBody(1, 200, TimeUnit.MILLISECONDS).build());
        long start = System.nanoTime();
        try (HttpFetcher f = limited(Duration.ofSeconds(1), 1 << 20)) {
            LiteException e = assertThrows(LiteException.class, () -> f.text(url("/simple/"), "text/html"));
            assertTrue(e.getMessage().startsWith(url("/simple/") + ": not finished within 1 s"), e.getMessage());
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "stopped at the deadline");
    }

    @Test
    void anIndexPageIsDecodedInTheCharsetItNames() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/html; charset=ISO-8859-1")
                .body(new okio.Buffer().write("caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).build());
        try (HttpFetcher f = fetcher()) {
            assertEquals("caf\u00e9", f.text(url("/simple/"), "text/html").body());
        }
    }

    @Test
    void aBodyWithoutLengthIsCutAtTheCap() {
        server.enqueue(new MockResponse.Builder().chunkedBody("z".repeat(50_000), 1000).build());
        try (HttpFetcher f = limited(Duration.ofSeconds(30), 10_000)) {
            LiteException e = assertThrows(LiteException.class, () -> f.download(url("/chunked"), tmp.resolve("out")));
            assertEquals(url("/chunked") + ": larger than 10000 bytes, the limit of one download "
                    + "(LiteBuildConfig.download_max_bytes): it sends more than that; raise the limit if the file is meant to be "
                    + "that large", e.getMessage());
        }
        assertEquals(1, server.getRequestCount(), "not retried");
    }

    @Test
    void aBodyLongerThanItsContentLengthIsRefused() throws Exception {
        byte[] answer = ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789"
                + "and then some more").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        try (java.net.ServerSocket raw = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    try (java.net.Socket c = raw.accept()) {
                        c.getInputStream().read(new byte[4096]);
                        c.getOutputStream().write(answer);
                        c.getOutputStream().flush();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            String url = "http://127.0.0.1:" + raw.getLocalPort() + "/a.whl";
            try (HttpFetcher f = limited(Duration.ofSeconds(30), 1 << 20)) {
                LiteException e = assertThrows(LiteException.class, () -> f.download(url, tmp.resolve("out")));
                assertEquals(url + ": the server sent more than the 10 bytes its Content-Length announced; the answer is not "
                        + "trusted and nothing was cached. Check the server, or any proxy between", e.getMessage());
            }
        }
    }

    @Test
    void aBodyOfExactlyItsLengthOnAReusedConnectionIsFine() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().body("body " + i).build());
        }
        try (HttpFetcher f = limited(Duration.ofSeconds(30), 1 << 20)) {
            for (int i = 0; i < 3; i++) {
                f.download(url("/n" + i), tmp.resolve("out" + i));
                assertEquals("body " + i, Files.readString(tmp.resolve("out" + i)));
            }
        }
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void parallelDownloadsOverPooledConnectionsAreEachCheckedAgainstTheirOwnLength() throws Exception {
        // Bodies of many sizes, so a small one finishing while a large one arrives on the same pooled
        // connection would be charged with the large one's bytes if the counts were shared.
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int n = Integer.parseInt(request.getUrl().pathSegments().get(0));
                return new MockResponse.Builder().body("y".repeat(n)).build();
            }
        });
        int threads = 6;
        int each = 30;
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        try (HttpFetcher f = limited(Duration.ofSeconds(60), 1 << 22)) {
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        int size = ((thread * each + i) * 7919) % 200_000 + (i % 3 == 0 ? 1 : 40_000);
                        Path out = tmp.resolve(thread + "-" + i);
                        try {
                            HttpFetcher.Fetched got = f.download(url("/" + size), out);
                            assertEquals(size, got.size());
                            assertEquals(size, Files.size(out));
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                });
                running.add(worker);
                worker.start();
            }
            for (Thread worker : running) {
                worker.join();
            }
        }
        assertEquals(List.of(), failures.stream().map(Throwable::getMessage).toList());
        assertEquals(threads * each, server.getRequestCount(), "none retried");
    }

    @Test
    void aFullDiskIsReportedAsSuchAndNotRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().body("w".repeat(1 << 20)).build());
        try (java.nio.file.FileSystem small = com.google.common.jimfs.Jimfs.newFileSystem(
                com.google.common.jimfs.Configuration.unix().toBuilder().setMaxSize(64 << 10).setBlockSize(4096).build());
             HttpFetcher f = limited(Duration.ofSeconds(30), 4 << 20)) {
            Path target = small.getPath("/cache/tmp/x.part");
            LiteException e = assertThrows(LiteException.class, () -> f.download(url("/w.whl"), target));
            assertEquals("cannot write a download to /cache/tmp/x.part: the disk is full (no space left on device); free some "
                    + "space, or choose another cache folder (--cache-dir)", e.getMessage());
        }
        assertEquals(1, server.getRequestCount(), "not retried");
    }

    @Test
    void aVeryLongNameFromContentDispositionIsShortenedKeepingItsSuffix() throws Exception {
        String name = "n".repeat(300) + "-1.0-py3-none-any.whl";
        server.enqueue(new MockResponse.Builder().body("ok").setHeader("Content-Disposition", "attachment; filename=\""
                + name + "\"").build());
        try (HttpFetcher f = fetcher()) {
            HttpFetcher.Fetched got = f.download(url("/d"), tmp.resolve("out"));
            assertEquals(HttpFetcher.MAX_NAME, got.fileName().length(), got.fileName());
            assertTrue(got.fileName().endsWith(".whl"), got.fileName());
            assertTrue(got.fileName().startsWith("nnnn"), got.fileName());
        }
    }
}
