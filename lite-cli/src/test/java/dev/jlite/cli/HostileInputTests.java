package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.TestApp;
import dev.jlite.testkit.TestHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and failing inputs through the real command: bombs, archives with names that are not UTF-8, broken
 * wheels, servers that drip, overrun their length or never end. Each gets exit 1 and one line naming the thing
 * at fault and the way out, and leaves the output and the cache as they were; bombs are stopped having written
 * little.
 */
class HostileInputTests {

    /** What a refused bomb may have written, all told: far less than it would unpack to. */
    private static final long BOMB_WRITE_BUDGET = 100L << 20;

    @TempDir
    Path tmp;
    Path site;
    Path app;
    Path cache;
    Path out;
    TestHttpServer server;

    @BeforeEach
    void setUp() throws IOException {
        site = Files.createDirectories(tmp.resolve("site"));
        app = tmp.resolve("app");
        cache = tmp.resolve("cache");
        out = tmp.resolve("out");
        for (var e : TestApp.standard().files().entrySet()) {
            Path f = app.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        server = TestHttpServer.start();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private InProcess.Ran jlite(String... args) {
        return InProcess.run(tmp, Map.of("HOME", tmp.resolve("home").toString()), args);
    }

    private InProcess.Ran build(String... extra) {
        List<String> args = new ArrayList<>(List.of("build", "--lite-dir", site.toString(), "--cache-dir", cache.toString(),
                "--output-dir", out.toString()));
        if (!List.of(extra).contains("--app-archive")) {
            args.addAll(List.of("--app-archive", app.toString()));
        }
        args.addAll(List.of(extra));
        return jlite(args.toArray(String[]::new));
    }

    /** The cache's files and digests, but the build state (which a failed build also keeps). */
    private List<String> cacheTree() {
        return Files.isDirectory(cache) ? LiteRun.tree(cache).stream().filter(l -> !l.substring(66).startsWith("builds/")).toList()
                : List.of();
    }

    /** The error lines of a run. */
    private static List<String> errors(InProcess.Ran r) {
        return r.err().lines().filter(l -> l.startsWith("error: ")).map(l -> l.substring("error: ".length())).toList();
    }

    /** A good build, then {@code bad}: exit 1, one error, output and cache as they were; returns the error. */
    private String refusedAfterAGoodBuild(String[] good, String[] bad, long writeBudget) throws IOException {
        InProcess.Ran first = build(good);
        assertEquals(0, first.code(), first::all);
        List<String> output = LiteRun.tree(out);
        List<String> cached = cacheTree();
        long before = Bombs.written();
        long start = System.nanoTime();
        InProcess.Ran r = build(bad);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long written = Bombs.written() - before;
        System.out.println("refused in " + millis + " ms, " + (written >> 10) + " KiB written: " + r.err().strip());
        assertEquals(1, r.code(), r::all);
        assertEquals(1, errors(r).size(), r::all);
        assertEquals(output, LiteRun.tree(out), "the output is as it was");
        assertEquals(cached, cacheTree(), "the cache is as it was");
        assertTrue(written < writeBudget, "wrote " + written + " bytes");
        return errors(r).get(0);
    }

    // ---- bombs

    @Test
    void aZipOfTenGibOfZerosIsRefusedBeforeAByteIsWritten() throws IOException {
        Path bomb = Bombs.zipOfZeros(tmp.resolve("bomb.zip"), 10L << 30, "package/zeros.bin", "package/index.html", "<html/>");
        assertTrue(Files.size(bomb) < 12L << 20, "about 10 MB: " + Files.size(bomb));

        String error = refusedAfterAGoodBuild(new String[0], new String[] {"--app-archive", bomb.toString()}, BOMB_WRITE_BUDGET);

        assertEquals("addon 'static' failed in INIT, task 'unpack': " + bomb + " unpacks to more than the limit of 4 GiB (its "
                + "entries say so); refusing to unpack it (raise LiteBuildConfig.unpack_max_bytes if you trust it)", error);
    }

    @Test
    void aTarOfAMillionEntriesIsRefusedAtTheEntryLimit() throws IOException {
        Path bomb = Bombs.tarOfEntries(tmp.resolve("many.tgz"), 1_000_000, "package/f");

        String error = refusedAfterAGoodBuild(new String[0], new String[] {"--app-archive", bomb.toString()}, BOMB_WRITE_BUDGET);

        assertEquals("addon 'static' failed in INIT, task 'unpack': " + bomb + " has more entries than the limit of 10000 (at "
                + "entry 'package/f0010001'); refusing to unpack it (raise LiteBuildConfig.unpack_max_entries if you trust it)",
                error);
    }

    @Test
    void aWheelWhoseRecordInflatesToThreeGibIsRefusedAndNotShipped() throws IOException {
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        Path good = wheel(wheels.resolve("good-1.0-py3-none-any.whl"), "good", "1.0");
        Path bomb = Bombs.zipOfZeros(wheels.resolve("bomb-1.0-py3-none-any.whl"), 3L << 30, "bomb-1.0.dist-info/RECORD",
                "bomb/__init__.py", "", "bomb-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: bomb\nVersion: 1.0\n");
        assertTrue(Files.size(bomb) < 4L << 20, "about 3 MB: " + Files.size(bomb));

        String error = refusedAfterAGoodBuild(new String[] {"--piplite-wheels", good.toString()},
                new String[] {"--piplite-wheels", good.toString(), "--piplite-wheels", bomb.toString()}, BOMB_WRITE_BUDGET);

        assertEquals("addon 'piplite' failed in POST_BUILD, task 'wheels': " + bomb + ": entry 'bomb-1.0.dist-info/RECORD' is "
                + "larger than 32 MB, far more than metadata ever is; the file is damaged or hostile, and is not read", error);
        assertFalse(Files.exists(out.resolve("pypi/" + bomb.getFileName())), "the bomb is not shipped");
    }

    // ---- fidelity

    @Test
    void anAppArchiveWithANameThatIsNotUtf8IsRefused() throws IOException {
        byte[] tgz = TestApp.standard().tgz();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip, StandardCharsets.ISO_8859_1)) {
            z.putNextEntry(new ZipEntry("package/index.html"));
            z.write("<html/>".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("package/caf\u00e9.txt"));
            z.write("latin-1".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        assertTrue(tgz.length > 0);
        Path latin = Files.write(tmp.resolve("latin.zip"), zip.toByteArray());

        String error = refusedAfterAGoodBuild(new String[0], new String[] {"--app-archive", latin.toString()}, BOMB_WRITE_BUDGET);

        assertEquals("addon 'static' failed in INIT, task 'unpack': " + latin + ": entry 'package/caf\uFFFD.txt' has a name that "
                + "is not UTF-8 (the bytes that do not decode are shown as U+FFFD); refusing to unpack it", error);
    }

    @Test
    void aWheelWhoseNameDisagreesWithItsMetadataIsAWarning() throws IOException {
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        Path odd = wheel(wheels.resolve("alpha-1.0-py3-none-any.whl"), "beta", "2.0");

        InProcess.Ran r = build("--piplite-wheels", odd.toString());

        assertEquals(0, r.code(), r::all);
        assertTrue(r.err().contains("warning: " + odd + ": its file name says alpha 1.0 but its METADATA says beta 2.0; pip "
                + "refuses such a wheel, and piplite indexes it under beta 2.0: rename the file, or rebuild the wheel"), r::all);
    }

    @Test
    void eachMissingWheelIsNamedOnce() {
        InProcess.Ran r = build("--piplite-wheels", "missing-a-1.0-py3-none-any.whl", "--piplite-wheels",
                "missing-b-1.0-py3-none-any.whl", "--piplite-wheels", "missing-c-1.0-py3-none-any.whl");

        assertEquals(1, r.code(), r::all);
        assertEquals(1, errors(r).size(), r::all);
        for (String name : List.of("missing-a", "missing-b", "missing-c")) {
            String missing = site.resolve(name + "-1.0-py3-none-any.whl") + " does not exist";
            int at = r.err().indexOf(missing);
            assertTrue(at >= 0 && r.err().indexOf(missing, at + 1) < 0, name + " is named once:\n" + r.all());
        }
    }

    /** A pure-Python wheel whose METADATA gives {@code name} and {@code version}. */
    private static Path wheel(Path file, String name, String version) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            z.putNextEntry(new ZipEntry(name + "/__init__.py"));
            z.putNextEntry(new ZipEntry(name + "-" + version + ".dist-info/METADATA"));
            z.write(("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n").getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return file;
    }

    // ---- servers that lie

    private InProcess.Ran fetch(String url, String... settings) {
        List<String> args = new ArrayList<>(List.of("fetch", "--lite-dir", site.toString(), "--cache-dir", cache.toString(),
                url));
        args.addAll(List.of(settings));
        return jlite(args.toArray(String[]::new));
    }

    /** A fetch that fails: exit 1, one error line, nothing in the cache, no download left in progress. */
    private String refusedFetch(String url, String... settings) {
        InProcess.Ran r = fetch(url, settings);
        assertEquals(1, r.code(), r::all);
        assertEquals(1, errors(r).size(), r::all);
        assertEquals(List.of(), cacheTree(), "nothing cached, no .part left");
        return errors(r).get(0);
    }

    @Test
    void aServerThatDripsIsStoppedAtTheDeadline() {
        server.serve("/drip.whl", new byte[1000]).failAlways("/drip.whl", TestHttpServer.Failure.drip(Duration.ofMillis(100)));
        long start = System.nanoTime();

        String error = refusedFetch(server.url("/drip.whl"), "--LiteBuildConfig.download_deadline=2");

        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "stopped near the deadline");
        assertEquals(server.url("/drip.whl") + ": not finished within 2 s, the deadline of one download "
                + "(LiteBuildConfig.download_deadline); the server is too slow, or raise the deadline", error);
        assertEquals(1, server.requests("/drip.whl").size(), "not retried");
    }

    @Test
    void aServerThatSendsMoreThanItsLengthIsNotTrusted() {
        server.serve("/long.whl", "the announced part".getBytes(StandardCharsets.UTF_8))
                .failAlways("/long.whl", TestHttpServer.Failure.overrun(5000));

        String error = refusedFetch(server.url("/long.whl"));

        assertEquals(server.url("/long.whl") + ": the server sent more than the 18 bytes its Content-Length announced; the "
                + "answer is not trusted and nothing was cached. Check the server, or any proxy between", error);
    }

    @Test
    void aServerThatNeverEndsIsCutAtTheCap() {
        server.serve("/endless", new byte[1]).failAlways("/endless", TestHttpServer.Failure.endless());

        String error = refusedFetch(server.url("/endless"), "--LiteBuildConfig.download_max_bytes=1000000");

        assertEquals(server.url("/endless") + ": larger than 1000000 bytes, the limit of one download "
                + "(LiteBuildConfig.download_max_bytes): it sends more than that; raise the limit if the file is meant to be "
                + "that large", error);
    }

    @Test
    void aFileLargerThanTheCapIsRefusedBeforeItIsRead() {
        server.serve("/big.tgz", new byte[2_000_000]);

        String error = refusedFetch(server.url("/big.tgz"), "--LiteBuildConfig.download_max_bytes=1000000");

        assertEquals(server.url("/big.tgz") + ": larger than 1000000 bytes, the limit of one download "
                + "(LiteBuildConfig.download_max_bytes): the server says it is 2000000 bytes; raise the limit if the file is "
                + "meant to be that large", error);
    }

    /** Where {@code jlite fetch} says it put its one source ({@code <spec> -> <path>}). */
    private static Path fetched(InProcess.Ran r) {
        String line = r.out().strip();
        return Path.of(line.substring(line.indexOf(" -> ") + 4));
    }

    @Test
    void fetchForceFetchesAgain() throws IOException {
        server.serve("/data.bin", "first".getBytes(StandardCharsets.UTF_8));
        InProcess.Ran first = fetch(server.url("/data.bin"));
        assertEquals(0, first.code(), first::all);
        server.serve("/data.bin", "second".getBytes(StandardCharsets.UTF_8));

        InProcess.Ran cached = fetch(server.url("/data.bin"));
        InProcess.Ran forced = fetch(server.url("/data.bin"), "--force");

        assertEquals(0, forced.code(), forced::all);
        assertEquals("first", Files.readString(fetched(cached)), "without --force the cache answers");
        assertEquals("second", Files.readString(fetched(forced)), "with --force the server does");
        assertEquals(2, server.requests("/data.bin").size());
    }
}
