package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jlite.testkit.TestApp;
import dev.jlite.testkit.TestHttpServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four builds of four sites, four processes, one cold cache, the same sources, all at once: each source is
 * fetched once and unpacked once, and every build succeeds.
 */
class SharedCacheIntegrationTests {

    @TempDir
    Path tmp;

    @Test
    void fourProcessesShareOneColdCache() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            server.serve("/app.tgz", TestApp.standard().tgz()).serve("/shared-1.0-py3-none-any.whl", wheel());
            // the first answers come late, so that the other builds find the sources being fetched
            server.failNext("/app.tgz", TestHttpServer.Failure.delay(Duration.ofSeconds(1)));
            server.failNext("/shared-1.0-py3-none-any.whl", TestHttpServer.Failure.delay(Duration.ofSeconds(1)));
            Path cache = tmp.resolve("shared-cache");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<JliteProcess.Ran>> runs = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Path site = Files.createDirectories(tmp.resolve("site-" + i));
                    Files.createDirectories(site.resolve("files"));
                    Files.writeString(site.resolve("files/readme-" + i + ".md"), "site " + i);
                    runs.add(pool.submit(() -> JliteProcess.run(tmp, Map.of(), "build", "--verbose", "--lite-dir",
                            site.toString(), "--cache-dir", cache.toString(), "--app-archive", server.url("/app.tgz"),
                            "--piplite-wheels", server.url("/shared-1.0-py3-none-any.whl"))));
                }
                int unpacked = 0;
                for (Future<JliteProcess.Ran> run : runs) {
                    JliteProcess.Ran r = run.get();
                    assertEquals(0, r.code(), r::all);
                    unpacked += (int) (r.out() + r.err()).lines().filter(l -> l.contains("unpacked ") && l.contains("app.tgz into the "
                            + "cache")).count();
                }
                assertEquals(1, unpacked, "the app archive is unpacked once");
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, server.requests("/app.tgz").size(), "fetched once");
            assertEquals(1, server.requests("/shared-1.0-py3-none-any.whl").size(), "fetched once");
            for (int i = 0; i < 4; i++) {
                Path output = tmp.resolve("site-" + i + "/_output");
                assertEquals("site " + i, Files.readString(output.resolve("files/readme-" + i + ".md")));
                assertEquals(true, Files.isRegularFile(output.resolve("pypi/shared-1.0-py3-none-any.whl")));
            }
        }
    }

    private static byte[] wheel() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("shared/__init__.py"));
            z.putNextEntry(new ZipEntry("shared-1.0.dist-info/METADATA"));
            z.write("Metadata-Version: 2.1\nName: shared\nVersion: 1.0\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return bytes.toByteArray();
    }
}
