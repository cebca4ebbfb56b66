package dev.jlite.core.internal.sources;

import static dev.jlite.core.internal.archive.ArchiveFixtures.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.RemoteFetcher;
import dev.jlite.core.internal.archive.ArchivesImpl;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.net.HttpFetcher;
import dev.jlite.core.internal.net.Netrc;
import dev.jlite.core.internal.net.NpmClient;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote sources through the download cache, against a real HTTP server on loopback. */
class RemoteSourcesTests {

    @TempDir
    Path tmp;
    Path site;
    Path cache;
    MockWebServer server;
    final List<SourcesImpl> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        site = Files.createDirectories(tmp.resolve("site"));
        cache = tmp.resolve("cache");
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void tearDown() {
        opened.forEach(SourcesImpl::close);
        server.close();
    }

    private SourcesImpl sources(boolean offline, boolean readOnly, Map<String, String> env, Optional<String> index) {
        HttpFetcher.Options http = HttpFetcher.Options.defaults("test").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withRetries(1, Duration.ofMillis(10));
        SourcesImpl s = new SourcesImpl(site, cache, new ArchivesImpl(cache), new SourcesImpl.Remote(http, pip(index), 4, offline, readOnly),
                () -> new HttpFetcher(http, Map.of(), Netrc.empty(), (a, b, c) -> { }), new NpmClient(env));
        opened.add(s);
        return s;
    }

    private static PipConfig pip(Optional<String> index) {
        return new PipConfig(index, List.of(), List.of(), false);
    }

    private SourcesImpl withStandIn(boolean offline, RemoteFetcher standIn) {
        HttpFetcher.Options http = HttpFetcher.Options.defaults("test").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withRetries(0, Duration.ofMillis(10));
        SourcesImpl s = new SourcesImpl(site, cache, new ArchivesImpl(cache), new SourcesImpl.Remote(http, PipConfig.NONE, 4, offline,
                false), () -> new HttpFetcher(http, Map.of(), Netrc.empty(), (a, b, c) -> { }), new NpmClient(Map.of()), standIn);
        opened.add(s);
        return s;
    }

    private SourcesImpl online() {
        return sources(false, false, Map.of(), Optional.empty());
    }

    private String url(String path) {
        return server.url(path).toString();
    }

    private static String sha(byte[] bytes) throws Exception {
        Path f = Files.createTempFile("sha", ".bin");
        Files.write(f, bytes);
        try {
            return FileOpsImpl.sha256Of(f);
        } finally {
            Files.delete(f);
        }
    }

    private List<String> cachedFiles() throws Exception {
        Path downloads = cache.resolve("downloads");
        return Files.isDirectory(downloads) ? FileOpsImpl.walkFiles(downloads) : List.of();
    }

    @Test
    void aUrlIsDownloadedOnceAndSharedByLaterBuilds() throws Exception {
        server.enqueue(new MockResponse.Builder().body("wheel bytes").build());
        Path first = online().resolve(url("/w/demo-1.0-py3-none-any.whl"));
        assertEquals("demo-1.0-py3-none-any.whl", first.getFileName().toString());
        assertEquals("wheel bytes", Files.readString(first));
        Path again = online().resolve(url("/w/demo-1.0-py3-none-any.whl"));
        Path offline = sources(true, false, Map.of(), Optional.empty()).resolve(url("/w/demo-1.0-py3-none-any.whl"));
        assertEquals(first, again);
        assertEquals(first, offline);
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(sha("wheel bytes".getBytes()) + "/demo-1.0-py3-none-any.whl"), cachedFiles());
    }

    @Test
    void aWrongPinIsAnErrorAndNothingIsCached() throws Exception {
        server.enqueue(new MockResponse.Builder().body("tampered").build());
        String pin = sha("the real thing".getBytes());
        String spec = url("/app.tgz") + "#sha256=" + pin;
        LiteException e = assertThrows(LiteException.class, () -> online().resolve(spec));
        assertEquals(spec + ": sha256 of " + url("/app.tgz") + " is " + sha("tampered".getBytes()) + ", not the pinned " + pin
                + "; nothing was cached. Check the source, or update the pin", e.getMessage());
        assertEquals(List.of(), cachedFiles());
        assertFalse(Files.exists(cache.resolve("sources")) && Files.list(cache.resolve("sources")).findAny().isPresent());
        assertEquals(List.of(), Files.isDirectory(cache.resolve("tmp")) ? FileOpsImpl.walkFiles(cache.resolve("tmp")) : List.of(),
                "no temporary file is left");
    }

    @Test
    void aPinnedDigestAlreadyCachedNeedsNoNetwork() throws Exception {
        server.enqueue(new MockResponse.Builder().body("same bytes").build());
        online().resolve(url("/one/name.whl"));
        String pin = sha("same bytes".getBytes());
        Path viaMirror = sources(true, false, Map.of(), Optional.empty()).resolve("https://mirror.example/two/name.whl#sha256=" + pin);
        assertEquals("same bytes", Files.readString(viaMirror));
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void twoConcurrentResolutionsOfOneUrlDownloadOnce() throws Exception {
        byte[] body = "x".repeat(300_000).getBytes(StandardCharsets.UTF_8);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().body(new String(body, StandardCharsets.UTF_8))
                        .throttleBody(64 * 1024, 20, TimeUnit.MILLISECONDS).build();
            }
        });
        SourcesImpl a = online();
        SourcesImpl b = online();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Path> fa = pool.submit(() -> {
                go.await();
                return a.resolve(url("/big.bin"));
            });
            Future<Path> fb = pool.submit(() -> {
                go.await();
                return b.resolve(url("/big.bin"));
            });
            go.countDown();
            Path pa = fa.get(30, TimeUnit.SECONDS);
            Path pb = fb.get(30, TimeUnit.SECONDS);
            assertEquals(pa, pb);
            assertEquals(sha(body), FileOpsImpl.sha256Of(pa));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void offlineWithAnEmptyCacheNamesEveryMissingSource() {
        SourcesImpl offline = sources(true, false, Map.of(), Optional.empty());
        LiteException e = assertThrows(LiteException.class, () -> offline.resolveAll(List.of(url("/a.whl"), "npm:left-pad@1.3.0",
                site.toString())));
        assertEquals("these sources are not in the cache, and --offline forbids fetching: " + url("/a.whl")
                + ", npm:left-pad@1.3.0; run once without --offline to fill the cache", e.getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void resolveAllKeepsOrderAndNamesEachFailure() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                return path.contains("missing") ? new MockResponse.Builder().code(404).build()
                        : new MockResponse.Builder().body(path).build();
            }
        });
        List<String> specs = List.of(url("/1.whl"), url("/2.whl"), url("/3.whl"), url("/4.whl"));
        List<Path> got = online().resolveAll(specs);
        for (int i = 0; i < 4; i++) {
            assertEquals("/" + (i + 1) + ".whl", Files.readString(got.get(i)));
        }
        LiteException e = assertThrows(LiteException.class, () -> online().resolveAll(List.of(url("/1.whl"),
                url("/missing-a.whl"), url("/missing-b.whl"))));
        assertEquals(url("/missing-a.whl") + ": HTTP 404 Client Error; check the URL; and " + url("/missing-b.whl")
                + ": HTTP 404 Client Error; check the URL", e.getMessage());
    }

    @Test
    void aSubPathReachesIntoADownloadedArchive() throws Exception {
        byte[] tgz = tar().file("dist/a.txt", "inside").gzipped();
        server.enqueue(new MockResponse.Builder().body(new okio.Buffer().write(tgz)).build());
        Path inside = online().resolve(url("/bundle.tgz") + "!/dist/a.txt");
        assertEquals("inside", Files.readString(inside));
        assertTrue(inside.startsWith(cache.resolve("unpacked")));
    }

    @Test
    void planningNeverFetches() {
        SourcesImpl readOnly = sources(false, true, Map.of(), Optional.empty());
        LiteException e = assertThrows(LiteException.class, () -> readOnly.resolve(url("/a.whl")));
        assertEquals(url("/a.whl") + " is not in the cache yet", e.getMessage());
        assertEquals(0, server.getRequestCount());
        assertFalse(Files.exists(cache));
    }

    /** A stand-in for the npm client: packs a prepared tarball, or fails as npm does. */
    private Map<String, String> fakeNpm(byte[] tgz, boolean fail) throws Exception {
        Path tarball = tmp.resolve("prepared.tgz");
        Files.write(tarball, tgz);
        Path script = tmp.resolve("fake-npm");
        String body = fail
                ? "echo '{\"error\": {\"code\": \"E404\", \"summary\": \"Not Found - GET the registry\"}}'; exit 1"
                : "dest=\"$5\"; cp \"" + tarball + "\" \"$dest/demo-pkg-1.0.0.tgz\"; "
                + "echo \"$@\" > \"" + tmp.resolve("npm-args") + "\"; "
                + "echo '[{\"name\": \"demo-pkg\", \"version\": \"1.0.0\", \"filename\": \"demo-pkg-1.0.0.tgz\", \"integrity\": \"x\"}]'";
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>();
        env.put("JLITE_NPM", script.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return env;
    }

    @Test
    void npmPackagesComeFromTheNpmClientAndSubPathsStartInsidePackage() throws Exception {
        byte[] tgz = tar().file("package/package.json", "{}").file("package/dist/app.js", "app()").gzipped();
        SourcesImpl s = sources(false, false, fakeNpm(tgz, false), Optional.empty());
        Path app = s.resolve("npm:demo-pkg@1.0.0!/dist/app.js");
        assertEquals("app()", Files.readString(app));
        assertEquals("pack demo-pkg@1.0.0 --json --pack-destination", Files.readString(tmp.resolve("npm-args")).trim()
                .replaceAll(" /\\S+$", ""));
        Files.delete(tmp.resolve("fake-npm")); // a second resolution comes from the cache
        assertEquals(app, sources(false, false, Map.of(), Optional.empty()).resolve("npm:demo-pkg@1.0.0!/dist/app.js"));
    }

    @Test
    void npmFailuresSayWhatNpmSaid() throws Exception {
        SourcesImpl s = sources(false, false, fakeNpm(new byte[0], true), Optional.empty());
        LiteException e = assertThrows(LiteException.class, () -> s.resolve("npm:nope@9.9.9"));
        assertEquals("npm:nope@9.9.9: npm pack failed: E404 Not Found - GET the registry", e.getMessage());
        assertEquals(List.of(), Files.isDirectory(cache) ? cachedFiles() : List.of());
    }

    @Test
    void aMissingNpmClientIsNamed() {
        SourcesImpl s = sources(false, false, Map.of("JLITE_NPM", tmp.resolve("no-such-npm").toString()), Optional.empty());
        LiteException e = assertThrows(LiteException.class, () -> s.resolve("npm:pyodide@0.27.7"));
        assertEquals("npm:pyodide@0.27.7: the npm client is needed for npm: sources and was not found on PATH; install "
                + "Node.js and npm, or give the package as a file", e.getMessage());
    }

    @Test
    void pypiFindsThePurePythonWheelThroughTheJsonApiAndChecksItsDigest() throws Exception {
        byte[] wheel = "pure wheel".getBytes(StandardCharsets.UTF_8);
        String digest = sha(wheel);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.equals("/simple/demo-pkg/")) {
                    assertTrue(request.getHeaders().get("Accept").startsWith("application/vnd.pypi.simple.v1+json"));
                    return new MockResponse.Builder().setHeader("Content-Type", "application/vnd.pypi.simple.v1+json")
                            .body("{\"name\": \"demo-pkg\", \"files\": ["
                                    + "{\"filename\": \"demo_pkg-1.0-cp312-cp312-manylinux_2_17_x86_64.whl\", \"url\": \"../../files/native.whl\", \"hashes\": {}},"
                                    + "{\"filename\": \"demo_pkg-1.0-py3-none-any.whl\", \"url\": \"../../files/demo_pkg-1.0-py3-none-any.whl\", \"hashes\": {\"sha256\": \"" + digest + "\"}},"
                                    + "{\"filename\": \"demo_pkg-0.9-py3-none-any.whl\", \"url\": \"../../files/old.whl\", \"hashes\": {}},"
                                    + "{\"filename\": \"demo-pkg-1.0.tar.gz\", \"url\": \"../../files/sdist.tgz\", \"hashes\": {}}]}").build();
                }
                if (path.equals("/files/demo_pkg-1.0-py3-none-any.whl")) {
                    return new MockResponse.Builder().body("pure wheel").build();
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        SourcesImpl s = sources(false, false, Map.of(), Optional.of(url("/simple/")));
        Path got = s.resolve("pypi:Demo_Pkg==1.0");
        assertEquals("demo_pkg-1.0-py3-none-any.whl", got.getFileName().toString());
        assertEquals("pure wheel", Files.readString(got));
    }

    @Test
    void pypiReadsTheHtmlIndexAndRefusesADigestMismatch() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getUrl().encodedPath().equals("/simple/demo/")) {
                    return new MockResponse.Builder().setHeader("Content-Type", "text/html").body("<html><body>"
                            + "<a href=\"/f/demo-2.0-py2.py3-none-any.whl#sha256=" + "0".repeat(64) + "\">demo-2.0-py2.py3-none-any.whl</a>"
                            + "</body></html>").build();
                }
                return new MockResponse.Builder().body("not matching").build();
            }
        });
        SourcesImpl s = sources(false, false, Map.of(), Optional.of(url("/simple")));
        LiteException e = assertThrows(LiteException.class, () -> s.resolve("pypi:demo==2.0"));
        assertTrue(e.getMessage().startsWith("pypi:demo==2.0: demo-2.0-py2.py3-none-any.whl does not match the sha256 the index "
                + "gives ("), e.getMessage());
    }

    @Test
    void pypiWithoutAWheelForPyodideListsWhatThereIs() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/vnd.pypi.simple.v1+json")
                .body("{\"files\": [{\"filename\": \"fast-1.0-cp312-cp312-win_amd64.whl\", \"url\": \"x.whl\", \"hashes\": {}}]}").build());
        SourcesImpl s = sources(false, false, Map.of(), Optional.of(url("/simple/")));
        LiteException e = assertThrows(LiteException.class, () -> s.resolve("pypi:fast==1.0"));
        assertEquals("pypi:fast==1.0: " + url("/simple/fast/") + " has no wheel of 1.0 that runs in Pyodide (it has "
                + "fast-1.0-cp312-cp312-win_amd64.whl); give the wheel's URL instead", e.getMessage());
    }

    @Test
    void pypiNeedsAnIndex() {
        LiteException e = assertThrows(LiteException.class, () -> online().resolve("pypi:demo==1.0"));
        assertEquals("pypi:demo==1.0: no Python package index is configured; set PIP_INDEX_URL (or index-url in pip.conf, "
                + "as pip reads it) or LiteBuildConfig.pypi_index_url to the index's simple URL, or give a folder of wheels as "
                + "PIP_FIND_LINKS or LiteBuildConfig.pypi_find_links", e.getMessage());
    }

    @Test
    void wheelRanking() {
        assertEquals(0, PypiIndex.rank("a-1.0-py3-none-any.whl"));
        assertEquals(1, PypiIndex.rank("a-1.0-py2.py3-none-any.whl"));
        assertEquals(2, PypiIndex.rank("a-1.0-py310-none-any.whl"));
        assertEquals(3, PypiIndex.rank("a-1.0-cp313-none-any.whl"));
        assertEquals(10, PypiIndex.rank("a-1.0-cp312-cp312-pyodide_2024_0_wasm32.whl"));
        assertEquals(Integer.MAX_VALUE, PypiIndex.rank("a-1.0-cp312-cp312-manylinux_2_17_x86_64.whl"));
    }

    @Test
    void pipConfigurationGivesTheIndex() throws Exception {
        Path conf = tmp.resolve("home/.config/pip/pip.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "[global]\n# a mirror\nindex-url = https://mirror.example/simple\n");
        assertEquals(Optional.of("https://mirror.example/simple"), PipConfig.read(tmp.getFileSystem(),
                Map.of("HOME", tmp.resolve("home").toString(), "XDG_CONFIG_DIRS", tmp.resolve("etc").toString())).indexUrl());
        assertEquals(Optional.empty(), PipConfig.read(tmp.getFileSystem(), Map.of("HOME", tmp.resolve("nobody").toString(),
                "XDG_CONFIG_DIRS", tmp.resolve("etc").toString())).indexUrl());
    }

    /** A stand-in for the network (tests, embedding) is asked where a download would happen, and only there. */
    @Test
    void aStandInServesLikeADownload() throws Exception {
        List<String> asked = new ArrayList<>();
        RemoteFetcher standIn = (location, target) -> {
            asked.add(location);
            if (location.startsWith("npm:") || location.startsWith("pypi:") || location.endsWith("/served.tgz")) {
                Files.write(target, tar().file("package/a.txt", location).gzipped());
                return Optional.of("served.tgz");
            }
            if (location.endsWith("/broken.tgz")) {
                throw new IOException("no such thing here");
            }
            return Optional.empty();
        };
        assertThrows(LiteException.class, () -> withStandIn(true, standIn).resolve("npm:demo@1.0"));
        assertEquals(List.of(), asked, "offline, it is never asked");

        Path inside = withStandIn(false, standIn).resolve("npm:demo@1.0!/a.txt");
        assertEquals("npm:demo@1.0", Files.readString(inside));
        assertEquals("npm:demo@1.0", Files.readString(withStandIn(true, standIn).resolve("npm:demo@1.0!/a.txt")), "now cached");
        assertEquals(List.of("npm:demo@1.0"), asked);
        assertTrue(cachedFiles().get(0).endsWith("/served.tgz"), cachedFiles()::toString);

        // pypi: needs no index when a stand-in serves it
        assertEquals("pypi:demo==1.0", Files.readString(withStandIn(false, standIn).resolve("pypi:demo==1.0!/package/a.txt")));

        String pin = "0".repeat(64);
        LiteException wrong = assertThrows(LiteException.class, () -> withStandIn(false, standIn)
                .resolve("https://example.test/served.tgz#sha256=" + pin));
        assertTrue(wrong.getMessage().startsWith("https://example.test/served.tgz#sha256=" + pin + ": sha256 of served.tgz is "),
                wrong.getMessage());
        assertTrue(wrong.getMessage().contains("nothing was cached"), wrong.getMessage());

        LiteException broken = assertThrows(LiteException.class, () -> withStandIn(false, standIn).resolve("https://example.test/broken.tgz"));
        assertEquals("https://example.test/broken.tgz: no such thing here", broken.getMessage());

        // what it does not serve is fetched as usual
        server.enqueue(new MockResponse.Builder().body("from the network").build());
        assertEquals("from the network", Files.readString(withStandIn(false, standIn).resolve(url("/plain.txt"))));
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(), Files.isDirectory(cache.resolve("tmp")) ? FileOpsImpl.walkFiles(cache.resolve("tmp")) : List.of(),
                "no temporary file is left");
    }

    @Test
    void withoutAStandInPypiStillNeedsAnIndexFirst() {
        LiteException e = assertThrows(LiteException.class, () -> withStandIn(true, RemoteFetcher.NONE)
                .resolve("pypi:demo==1.0"));
        assertTrue(e.getMessage().contains("no Python package index is configured"), e.getMessage());
    }
}
