package dev.jlite.core.internal.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.internal.archive.ArchivesImpl;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.net.HttpFetcher;
import dev.jlite.core.internal.net.Netrc;
import dev.jlite.core.internal.net.NpmClient;
import dev.jlite.core.spi.LiteException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pypi:} sources where the user's pip looks: pip's configuration files and {@code PIP_*} variables,
 * {@code file:} and HTTP simple indexes, find-links folders, files and pages, in pip's order.
 */
class PipIndexesTests {

    @TempDir
    Path tmp;
    MockWebServer server;
    final List<SourcesImpl> opened = new ArrayList<>();
    final List<String> asked = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        opened.forEach(SourcesImpl::close);
        server.close();
    }

    // --- pip's configuration, read as pip reads it

    @Test
    void laterFilesOverrideEarlierOnesAndTheEnvironmentOverridesThemAll() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            write(fs, "/etc/xdg/pip/pip.conf", "[global]\nindex-url = http://site-wide/simple\nfind-links = /srv/a\n");
            write(fs, "/etc/pip.conf", "[global]\nextra-index-url = http://etc/simple\n");
            write(fs, "/home/u/.config/pip/pip.conf", """
                    [global]
                    index_url = http://user/simple
                    extra-index-url =
                        http://one/simple
                        http://two/simple
                    ; a comment
                    [freeze]
                    index-url = http://not-for-install/simple
                    """);
            write(fs, "/work/pip.conf", "[install]\nfind-links: wheels  /srv/b\n");
            Map<String, String> env = Map.of("HOME", "/home/u", "PIP_CONFIG_FILE", "/work/pip.conf");
            PipConfig pip = PipConfig.read(fs, env);
            assertEquals(Optional.of("http://user/simple"), pip.indexUrl());
            assertEquals(List.of("http://one/simple", "http://two/simple"), pip.extraIndexUrls(), "the user's file over /etc's");
            assertEquals(List.of("wheels", "/srv/b"), pip.findLinks(), "[install] of PIP_CONFIG_FILE over the rest");
            assertFalse(pip.noIndex());
            assertEquals(List.of("/work/wheels", "/srv/b"), pip.absolute(fs.getPath("/work"), env).findLinks(),
                    "a relative find-links is taken against the working folder, as pip does");
            assertEquals(List.of("wheels", "/srv/b", "http://user/simple", "http://one/simple", "http://two/simple"), pip.places());

            Map<String, String> withVars = Map.of("HOME", "/home/u", "PIP_CONFIG_FILE", "/work/pip.conf",
                    "PIP_INDEX_URL", "http://env/simple", "PIP_EXTRA_INDEX_URL", "", "PIP_FIND_LINKS", "/x /y", "PIP_NO_INDEX", "yes");
            PipConfig vars = PipConfig.read(fs, withVars);
            assertEquals(Optional.of("http://env/simple"), vars.indexUrl());
            assertEquals(List.of(), vars.extraIndexUrls(), "an empty PIP_EXTRA_INDEX_URL clears the files' value");
            assertEquals(List.of("/x", "/y"), vars.places(), "no-index keeps only the find-links");

            PipConfig none = PipConfig.read(fs, Map.of("HOME", "/home/u", "PIP_CONFIG_FILE", "/dev/null", "PIP_FIND_LINKS", "/z"));
            assertEquals(new PipConfig(Optional.empty(), List.of(), List.of("/z"), false), none,
                    "PIP_CONFIG_FILE=/dev/null reads no file at all, as pip does; the variables still count");
        }
    }

    @Test
    void jlitesOwnSettingsTakeThePlaceOfPipsWhereGiven() {
        PipConfig pip = new PipConfig(Optional.of("http://pip/simple"), List.of("http://extra/simple"), List.of("/w"), false);
        assertEquals(List.of("/w", "http://mine/simple", "http://extra/simple"),
                pip.with(Optional.of("http://mine/simple"), Optional.empty(), Optional.empty()).places());
        assertEquals(List.of("http://pip/simple"), pip.with(Optional.empty(), Optional.of(List.of()), Optional.of(List.of())).places());
    }

    // --- finding the release

    @Test
    void aFileIndexAndAFindLinksFolderServeLikeAnHttpIndex() throws Exception {
        byte[] wheel = "the wheel".getBytes(StandardCharsets.UTF_8);
        Path index = fileIndex(tmp.resolve("mirror"), "Demo_Pkg", "demo_pkg-1.0-py3-none-any.whl", wheel);
        PipConfig fromIndex = new PipConfig(Optional.empty(), List.of(index.toUri().toString()), List.of(), false);
        Path got = sources(fromIndex, false).resolve("pypi:demo.pkg==1.0");
        assertEquals("demo_pkg-1.0-py3-none-any.whl", got.getFileName().toString());
        assertEquals("the wheel", Files.readString(got));
        assertEquals("the wheel", Files.readString(sources(fromIndex, true).resolve("pypi:demo.pkg==1.0")), "cached for --offline");

        Path folder = Files.createDirectories(tmp.resolve("wheels"));
        Files.write(folder.resolve("demo_pkg-1.0-py3-none-any.whl"), wheel);
        Files.write(folder.resolve("demo_pkg-2.0-py3-none-any.whl"), "newer".getBytes(StandardCharsets.UTF_8));
        Files.writeString(folder.resolve("notes.txt"), "not a wheel");
        PipConfig fromLinks = new PipConfig(Optional.empty(), List.of(), List.of(folder.toString()), true);
        assertEquals("the wheel", Files.readString(sources(fromLinks, false).resolve("pypi:Demo-Pkg==1.0")));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void theFirstPlaceInPipsOrderWinsBetweenEqualsAndABetterWheelLaterWinsOverAWorseOne() throws Exception {
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.writeString(links.resolve("demo-1.0-py3-none-any.whl"), "from find-links");
        Files.writeString(links.resolve("other-1.0-py310-none-any.whl"), "py310 from find-links");
        serveIndex(Map.of("/simple/demo/", link("demo-1.0-py3-none-any.whl"),
                "/simple/other/", link("other-1.0-py3-none-any.whl")), Map.of("/f/demo-1.0-py3-none-any.whl", "from the index",
                "/f/other-1.0-py3-none-any.whl", "py3 from the index"));
        PipConfig pip = new PipConfig(Optional.of(url("/simple/")), List.of(), List.of(links.toString()), false);
        assertEquals("from find-links", Files.readString(sources(pip, false).resolve("pypi:demo==1.0")));
        assertEquals("py3 from the index", Files.readString(sources(pip, false).resolve("pypi:other==1.0")),
                "pip takes the best wheel of all places, py3 before py310");
    }

    @Test
    void anIndexWithoutTheProjectIsPassedForTheExtraIndexes() throws Exception {
        serveIndex(Map.of("/extra/demo/", link("demo-1.0-py3-none-any.whl")), Map.of("/f/demo-1.0-py3-none-any.whl", "from the extra"));
        PipConfig pip = new PipConfig(Optional.of(url("/main/")), List.of(url("/extra/")), List.of(), false);
        assertEquals("from the extra", Files.readString(sources(pip, false).resolve("pypi:demo==1.0")));
        assertTrue(asked.containsAll(List.of("/main/demo/", "/extra/demo/", "/f/demo-1.0-py3-none-any.whl")), asked::toString);

        LiteException none = assertThrows(LiteException.class, () -> sources(pip, false).resolve("pypi:absent==1.0"));
        assertEquals("pypi:absent==1.0: " + url("/main/absent/") + ", " + url("/extra/absent/") + " have no wheel of 1.0 that runs in "
                + "Pyodide (no wheel of that version at all); give the wheel's URL instead", none.getMessage());
    }

    @Test
    void aFailingIndexFailsTheSourceRatherThanChangingWhatIsChosen() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(503).build();
            }
        });
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.writeString(links.resolve("demo-1.0-py3-none-any.whl"), "from find-links");
        PipConfig pip = new PipConfig(Optional.of(url("/simple/")), List.of(), List.of(links.toString()), false);
        LiteException e = assertThrows(LiteException.class, () -> sources(pip, false).resolve("pypi:demo==1.0"));
        assertTrue(e.getMessage().startsWith("pypi:demo==1.0: " + url("/simple/demo/") + ": HTTP 503"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; or take the index out of pip's configuration (index-url, extra-index-url, "
                + "find-links)"), e.getMessage());
        assertEquals(List.of(), FileOpsImpl.walkFiles(tmp.resolve("cache")).stream()
                .filter(p -> p.toString().endsWith(".whl")).toList(), "nothing was cached");
    }

    @Test
    void aPageOfLinksAndAWheelFileServeAsFindLinks() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("page"));
        Files.writeString(dir.resolve("demo-1.0-py3-none-any.whl"), "linked");
        Files.writeString(dir.resolve("links.html"), "<html><body><a href='demo-1.0-py3-none-any.whl'>demo</a></body></html>");
        PipConfig page = new PipConfig(Optional.empty(), List.of(), List.of(dir.resolve("links.html").toUri().toString()), false);
        assertEquals("linked", Files.readString(sources(page, false).resolve("pypi:demo==1.0")));

        Path single = Files.createDirectories(tmp.resolve("single")).resolve("solo-2.1-py2.py3-none-any.whl");
        Files.writeString(single, "one file");
        PipConfig file = new PipConfig(Optional.empty(), List.of(), List.of(single.toString()), false);
        assertEquals("one file", Files.readString(sources(file, false).resolve("pypi:solo==2.1")));

        PipConfig ftp = new PipConfig(Optional.of("ftp://mirror/simple/"), List.of(), List.of(), false);
        LiteException e = assertThrows(LiteException.class, () -> sources(ftp, false).resolve("pypi:demo==1.0"));
        assertEquals("pypi:demo==1.0: ftp://mirror/simple/demo/ is not a package index jlite can read (give an http(s): or file: "
                + "URL, or a folder); check pip's index-url, extra-index-url and find-links", e.getMessage());
    }

    // --- fixtures

    private SourcesImpl sources(PipConfig pip, boolean offline) {
        HttpFetcher.Options http = HttpFetcher.Options.defaults("test").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withRetries(0, Duration.ofMillis(10));
        Path cache = tmp.resolve("cache");
        SourcesImpl s = new SourcesImpl(tmp, cache, new ArchivesImpl(cache), new SourcesImpl.Remote(http, pip, 1, offline, false),
                () -> new HttpFetcher(http, Map.of(), Netrc.empty(), (a, b, c) -> { }), new NpmClient(Map.of()));
        opened.add(s);
        return s;
    }

    /** A PEP 503 index in a folder, as pip's {@code file:} indexes are: {@code <project>/index.html} linking to {@code ../../files/}. */
    private static Path fileIndex(Path root, String project, String fileName, byte[] bytes) throws Exception {
        Path simple = root.resolve("simple");
        Path page = simple.resolve(PypiIndex.normalize(project)).resolve("index.html");
        Files.createDirectories(page.getParent());
        Files.createDirectories(root.resolve("files"));
        Files.write(root.resolve("files").resolve(fileName), bytes);
        Files.writeString(page, "<!DOCTYPE html><html><body><a href=\"../../files/" + fileName + "#sha256="
                + FileOpsImpl.sha256Of(root.resolve("files").resolve(fileName)) + "\">" + fileName + "</a></body></html>");
        return simple;
    }

    private void serveIndex(Map<String, String> pages, Map<String, String> files) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                synchronized (asked) {
                    asked.add(path);
                }
                if (pages.containsKey(path)) {
                    return new MockResponse.Builder().setHeader("Content-Type", "text/html").body(pages.get(path)).build();
                }
                if (files.containsKey(path)) {
                    return new MockResponse.Builder().body(files.get(path)).build();
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
    }

    private static String link(String fileName) {
        return "<html><body><a href=\"/f/" + fileName + "\">" + fileName + "</a></body></html>";
    }

    private String url(String path) {
        return server.url(path).toString();
    }

    private static void write(FileSystem fs, String path, String text) throws Exception {
        Path p = fs.getPath(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
