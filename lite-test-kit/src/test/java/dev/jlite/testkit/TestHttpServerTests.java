package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loopback server, against the build's real download path (OkHttp, retries, timeouts). */
class TestHttpServerTests {

    private static LiteTestKit kit(TestHttpServer server, String path) {
        return LiteTestKit.addons().online().appArchiveSpec(server.url(path)).option("http_retries", "2");
    }

    @Test
    void itServesBytesAndRecordsRequests() {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.serve("/releases/app.tgz", TestApp.standard().tgz());
            assertTrue(server.url("/releases/app.tgz").startsWith("http://127.0.0.1:"));
            LiteRun run = kit(server, "/releases/app.tgz").run(Command.BUILD);
            assertTrue(run.ok(), run::report);
            assertTrue(run.exists("lab/index.html"));
            List<TestHttpServer.Request> requests = server.requests();
            assertEquals(1, requests.size());
            assertEquals("GET", requests.get(0).method());
            assertEquals("/releases/app.tgz", requests.get(0).path());
            assertTrue(requests.get(0).headers().get("user-agent").startsWith("jlite/"), requests.get(0)::toString);
        }
    }

    @Test
    void aServerErrorATruncatedBodyAndADroppedConnectionAreRetried() {
        for (TestHttpServer.Failure failure : List.of(TestHttpServer.Failure.status(503), TestHttpServer.Failure.truncatedBody(),
                TestHttpServer.Failure.disconnect())) {
            try (TestHttpServer server = TestHttpServer.start()) {
                server.serve("/app.tgz", TestApp.standard().tgz()).failNext("/app.tgz", failure);
                LiteRun run = kit(server, "/app.tgz").run(Command.BUILD);
                assertTrue(run.ok(), () -> failure + "\n" + run.report());
                assertTrue(server.requests("/app.tgz").size() >= 2, () -> failure + ": " + server.requests());
            }
        }
    }

    @Test
    void aMissingFileFailsAtOnceNamingTheUrl() {
        try (TestHttpServer server = TestHttpServer.start()) {
            LiteRun run = kit(server, "/nothing.tgz").run(Command.BUILD);
            assertEquals(List.of("addon 'static' failed in INIT, task 'unpack': " + server.url("/nothing.tgz") + ": HTTP 404 Not "
                    + "Found; check the URL"), run.errors());
            assertEquals(1, server.requests().size(), "a 404 is not retried");
        }
    }

    @Test
    void aServerThatKeepsFailingIsNamedAfterEveryAttempt() {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.serve("/app.tgz", TestApp.standard().tgz()).failAlways("/app.tgz", TestHttpServer.Failure.status(500));
            LiteRun run = kit(server, "/app.tgz").option("http_retries", "1").run(Command.BUILD);
            assertEquals(List.of("addon 'static' failed in INIT, task 'unpack': " + server.url("/app.tgz") + ": HTTP 500 Internal "
                    + "Server Error (2 attempts); the server is failing, try again later"), run.errors());
            assertEquals(2, server.requests("/app.tgz").size());
        }
    }

    @Test
    void aSlowAnswerTimesOut() {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.serve("/app.tgz", TestApp.standard().tgz()).failAlways("/app.tgz", TestHttpServer.Failure.delay(Duration.ofSeconds(4)));
            LiteRun run = kit(server, "/app.tgz").option("http_retries", "0").option("http_timeout", "1").run(Command.BUILD);
            assertEquals(List.of("addon 'static' failed in INIT, task 'unpack': " + server.url("/app.tgz") + ": timed out "
                    + "(1 attempts); check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) or the URL"), run.errors());
        }
    }

    @Test
    void fakeSourcesLeaveLoopbackUrlsToTheServer() {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.serve("/app.tgz", TestApp.standard().tgz());
            FakeSources fakes = FakeSources.serving("npm:unused@1.0.0", new byte[] {1});
            LiteRun run = kit(server, "/app.tgz").sources(fakes).run(Command.BUILD);
            assertTrue(run.ok(), run::report);
            assertEquals(1, server.requests().size());
            assertEquals(List.of(), fakes.downloads());
        }
    }

    @Test
    void itAnswersAnyClientAndSaysWhatItLacks() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.serveText("/simple/demo/", "text/html", "<a href=\"demo-1.0.whl\">demo</a>");
            HttpURLConnection page = (HttpURLConnection) URI.create(server.url("/simple/demo/?x=1")).toURL().openConnection();
            assertEquals(200, page.getResponseCode());
            assertEquals("text/html; charset=utf-8", page.getContentType());
            try (InputStream in = page.getInputStream()) {
                assertEquals("<a href=\"demo-1.0.whl\">demo</a>", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            HttpURLConnection missing = (HttpURLConnection) URI.create(server.url("/nope")).toURL().openConnection();
            assertEquals(404, missing.getResponseCode());
            try (InputStream in = missing.getErrorStream()) {
                assertEquals("nothing at /nope\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals("x=1", server.requests("/simple/demo/").get(0).query());
        }
    }
}
