package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.testkit.LiteRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build killed at any instant is repaired by the next one. A real site (the galaxy app, npm's Pyodide
 * 314.0.7, Debian's wheels installed on import, contents) is built by the real command in its own JVM and
 * killed with SIGKILL at times spread over a build; the next, ordinary build must leave exactly the tree
 * (the sha256 of every file) of a clean build, and the one after it must have nothing to do. The same for
 * a kill during {@code jlite archive}: the next archive has the clean archive's bytes.
 */
@Tag("e2e")
class CrashIntegrationTests {

    /** Kills per kind of run: cold builds, {@code --force} builds, archives. */
    private static final int KILLS = 10;

    /**
     * The i-th of {@link #KILLS} moments to kill a run that takes {@code millis}: spread from 45% to 105% of it
     * (the first third or so is the JVM starting, which writes nothing).
     */
    private static long moment(long millis, int i) {
        return millis * 45 / 100 + millis * 60 * i / (100L * KILLS);
    }

    @TempDir
    Path tmp;
    Path site;
    Path cache;

    @BeforeEach
    void setUp() throws Exception {
        Path assets = Path.of(System.getProperty("jlite.repo.root")).resolve(".cache/assets");
        Path app = assets.resolve("galaxy-app/galaxyproject-jupyterlite-0.0.31.tgz");
        Path pyodide = assets.resolve("pyodide-314.0.7/pyodide-314.0.7.tgz");
        assertTrue(Files.isRegularFile(app) && Files.isRegularFile(pyodide), "run scripts/fetch-assets.sh first");
        assertTrue(Files.isRegularFile(Path.of("/usr/share/python-wheels/pip-23.0.1-py3-none-any.whl")),
                "Debian's python3-pip-whl is needed (scripts/test.sh installs it)");
        site = Files.createDirectories(tmp.resolve("site"));
        cache = tmp.resolve("cache");
        Files.createDirectories(site.resolve("files/data"));
        Files.writeString(site.resolve("files/README.md"), "# A site killed and repaired\n");
        for (int i = 0; i < 40; i++) {
            Files.writeString(site.resolve("files/data/part-" + i + ".csv"), "a,b\n" + i + "," + (i * i) + "\n");
        }
        Files.writeString(site.resolve("jupyter-lite.json"), "{\"jupyter-config-data\": {\"appName\": \"Killed\"}}");
        Files.writeString(site.resolve("jupyter_lite_config.json"), """
                {
                  "LiteBuildConfig": {"app_archive": "%s!/package/static/dist/_output"},
                  "PyodideAddon": {"pyodide_url": "%s"},
                  "PipliteAddon": {"piplite_urls": ["/usr/share/python-wheels"], "install_on_import": true}
                }
                """.formatted(app, pyodide));
    }

    private JliteProcess.Ran jlite(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--lite-dir", site.toString(), "--cache-dir", cache.toString()));
        return JliteProcess.run(tmp, Map.of(), all.toArray(String[]::new));
    }

    /** How many runs the tests actually killed (a run that ended before its moment was not). */
    private int killed;

    /** Starts {@code args}, kills it with SIGKILL after {@code millis}, and waits until it is gone. */
    private void killAfter(long millis, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--lite-dir", site.toString(), "--cache-dir", cache.toString()));
        Process p = JliteProcess.start(tmp, Map.of(), all.toArray(String[]::new));
        if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            killed++;
        }
    }

    /** How long a run takes, in milliseconds, measured once. */
    private long timed(String... args) throws Exception {
        long start = System.nanoTime();
        JliteProcess.Ran r = jlite(args);
        assertEquals(0, r.code(), r::all);
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * The fastest of three runs, each into {@code emptied} deleted first (when not null), so that the kill moments fall
     * inside the runs that follow even when the first was slowed by a cold page cache or a busy machine.
     */
    private long fastest(Path emptied, String... args) throws Exception {
        long fastest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            if (emptied != null) {
                deleteTree(emptied);
            }
            fastest = Math.min(fastest, timed(args));
        }
        return fastest;
    }

    @Test
    void aBuildKilledAtAnyInstantIsRepairedByTheNext() throws Exception {
        Path output = site.resolve("_output");
        timed("build", "--output-dir", tmp.resolve("clean").toString()); // fills the cache
        List<String> clean = LiteRun.tree(tmp.resolve("clean"));
        assertTrue(clean.size() > 1000, "a real site: " + clean.size() + " files");
        long cold = fastest(tmp.resolve("timed"), "build", "--output-dir", tmp.resolve("timed").toString());
        long forced = fastest(null, "build", "--force", "--output-dir", tmp.resolve("timed").toString());
        assertEquals(clean, LiteRun.tree(tmp.resolve("timed")));
        List<String> report = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            // cold: into an empty output
            deleteTree(output);
            long at = moment(cold, i);
            killAfter(at, "build");
            repairAndCompare(output, clean, "a cold build killed after " + at + " ms", report);
        }
        for (int i = 0; i < KILLS; i++) {
            // --force: over a whole site
            long at = moment(forced, i);
            killAfter(at, "build", "--force");
            repairAndCompare(output, clean, "a --force build killed after " + at + " ms", report);
        }
        for (int i = 0; i < 3; i++) {
            // a cold cache too: the app and Pyodide are being unpacked when the kill comes
            deleteTree(output);
            deleteTree(cache);
            long at = 300 + cold * i / 3;
            killAfter(at, "build");
            repairAndCompare(output, clean, "a build on a cold cache killed after " + at + " ms", report);
        }
        System.out.println(String.join("\n", report));
        assertTrue(killed >= 20, "only " + killed + " of " + (2 * KILLS + 3) + " builds were still running when killed");
    }

    /**
     * {@code jlite args...} in this JVM: the same code as the command, without a JVM start, for the runs after a
     * kill (the runs that are killed are real processes).
     */
    private InProcess.Ran inProcess(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--lite-dir", site.toString(), "--cache-dir", cache.toString()));
        return InProcess.run(tmp, Map.of("HOME", tmp.resolve("home").toString()), all.toArray(String[]::new));
    }

    private void repairAndCompare(Path output, List<String> clean, String what, List<String> report) throws Exception {
        InProcess.Ran repair = inProcess("build");
        assertEquals(0, repair.code(), () -> what + ", then a build: " + repair.all());
        List<String> tree = LiteRun.tree(output);
        assertEquals(clean, tree, () -> what + ": the next build did not give the clean tree\n" + repair.all());
        InProcess.Ran again = inProcess("build");
        assertEquals(0, again.code(), again::all);
        assertTrue(again.out().startsWith("nothing to do:"), () -> what + ": the build after the repair still had work:\n"
                + again.all());
        report.add(what + ": repaired (" + repair.out().strip().lines().reduce((a, b) -> b).orElse("") + ")");
    }

    /** Two builds into one output, with two caches: the second is refused while the first holds the output, with one line. */
    @Test
    void twoBuildsIntoOneOutputExcludeEachOther() throws Exception {
        Path output = site.resolve("_output");
        assertEquals(0, jlite("build", "--output-dir", tmp.resolve("clean").toString()).code());
        List<String> clean = LiteRun.tree(tmp.resolve("clean"));
        Path lock = output.resolve(".jlite/lock");
        Process first = JliteProcess.start(tmp, Map.of(), "build", "--force", "--lite-dir", site.toString(), "--cache-dir",
                tmp.resolve("cache-one").toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!heldByAnother(lock)) {
            assertTrue(first.isAlive() && System.nanoTime() < deadline, "the first build never held " + lock);
            Thread.sleep(5);
        }
        JliteProcess.Ran second = JliteProcess.run(tmp, Map.of(), "build", "--force", "--lite-dir", site.toString(), "--cache-dir",
                tmp.resolve("cache-two").toString());
        assertEquals(1, second.code(), second::all);
        assertEquals("error: another jlite run is building into " + output + " (it holds " + lock + "); wait for it to finish, "
                + "or choose another --output-dir", second.err().lines().findFirst().orElse(""), second::all);
        assertTrue(first.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue());
        assertEquals(clean, LiteRun.tree(output), "the first build's site, nothing of the second's mixed in");
    }

    /** Whether another process holds the lock of an output. */
    private static boolean heldByAnother(Path lock) throws Exception {
        if (!Files.exists(lock)) {
            return false;
        }
        try (var channel = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.WRITE)) {
            var held = channel.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        }
    }

    @Test
    void anArchiveKilledAtAnyInstantIsRepairedByTheNext() throws Exception {
        Path archive = tmp.resolve("site.tgz");
        Path cleanArchive = tmp.resolve("clean.tgz");
        assertEquals(0, jlite("archive", "--output-dir", tmp.resolve("clean").toString(), "--output-archive",
                cleanArchive.toString()).code());
        List<String> clean = LiteRun.tree(tmp.resolve("clean"));
        assertEquals(0, jlite("build").code());
        // timed as it is killed: a forced archive of a built site, with the cache warm
        long took = fastest(null, "archive", "--force", "--output-archive", archive.toString());
        for (int i = 0; i < KILLS; i++) {
            long at = moment(took, i);
            killAfter(at, "archive", "--force", "--output-archive", archive.toString());
            InProcess.Ran repair = inProcess("archive", "--output-archive", archive.toString());
            assertEquals(0, repair.code(), () -> "an archive killed after " + at + " ms, then an archive: " + repair.all());
            assertEquals(sha256(cleanArchive), sha256(archive), "an archive killed after " + at + " ms: the next archive");
            assertEquals(clean, LiteRun.tree(site.resolve("_output")), "an archive killed after " + at + " ms: the site");
        }
        assertTrue(killed >= KILLS / 2, "only " + killed + " of " + KILLS + " archives were still running when killed");
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".site.tgz"))
                    .toList(), "no half-written archive is left beside it");
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
