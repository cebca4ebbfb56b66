package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.TestApp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jlite command as a user types it, run in-process on the real file system. */
class CliTests {

    @TempDir
    Path tmp;
    Path site;
    Path app;
    Path cache;

    /** What one run printed. */
    record Ran(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        site = Files.createDirectories(tmp.resolve("site"));
        app = tmp.resolve("app");
        cache = tmp.resolve("cache");
        for (var e : TestApp.standard().files().entrySet()) {
            Path f = app.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
    }

    private Ran jlite(String... args) {
        return jlite(Map.of(), args);
    }

    private Ran jlite(Map<String, String> env, String... args) {
        return jlite(env, server -> {
            throw new AssertionError("not expected to serve");
        }, args);
    }

    private Ran jlite(Map<String, String> env, Consumer<SiteServer> onServing, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("HOME", tmp.resolve("home").toString());
        JliteTool tool = new JliteTool(environment, tmp, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), false)
                .onServing(onServing);
        int code = tool.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Ran(code, out.toString(), err.toString());
    }

    /** {@code jlite serve} of the test site: {@code fetch} runs while it serves, then the server is closed. */
    private Ran serve(Consumer<SiteServer> fetch, String... extra) {
        List<String> args = new ArrayList<>(List.of("serve", "--lite-dir", "site", "--app-archive", app.toString(),
                "--cache-dir", cache.toString()));
        args.addAll(List.of(extra));
        return jlite(Map.of(), server -> {
            try {
                fetch.accept(server);
            } finally {
                server.close();
            }
        }, args.toArray(String[]::new));
    }

    private static HttpResponse<String> get(URI url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A build of the test site with the generated app, plus extra arguments. */
    private Ran build(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--lite-dir", "site", "--app-archive", app.toString(),
                "--cache-dir", cache.toString()));
        args.addAll(List.of(extra));
        return jlite(args.toArray(String[]::new));
    }

    /** The number a line of the output gives, e.g. the tasks of "build: 14 tasks ran". */
    private static int count(String out, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), "no '" + regex + "' in:\n" + out);
        return Integer.parseInt(m.group(1));
    }

    /** Runs git in {@code dir}, with a fixed author and commit date; fails the test when git fails. */
    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.email=test@example.invalid", "-c", "user.name=test"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_COMMITTER_DATE", "2024-05-06T07:08:09Z");
        pb.environment().put("GIT_AUTHOR_DATE", "2024-05-06T07:08:09Z");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "git " + String.join(" ", args) + ": " + out);
    }

    /** A small pure wheel, made in memory. */
    private static byte[] wheel(String name) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (String[] e : new String[][] {{name + "/__init__.py", "VALUE = 1\n"},
                    {name + "-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n"},
                    {name + "-1.0.dist-info/RECORD", ""}}) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e[0]));
                zip.write(e[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A file's change time: written again, a file has a new one, whatever its modification time says. */
    private static Object ctime(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ctime", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** Adding a wheel to many writes that wheel: the others, and the app's files, stay as they are. */
    @Test
    void addingAWheelWritesThatWheelAlone() throws Exception {
        Files.createDirectories(site.resolve("pypi"));
        for (int i = 0; i < 20; i++) {
            Files.write(site.resolve("pypi/pkg" + i + "-1.0-py3-none-any.whl"), wheel("pkg" + i));
        }
        // left alone for a moment, a file's size and times stand for its bytes (FileStat.settled): only then is
        // a copy of it known to be the same as it
        Thread.sleep(2100);
        Ran first = build("build");
        assertEquals(0, first.code(), first::all);
        Path out = site.resolve("_output");
        Map<String, Object> before = new java.util.TreeMap<>();
        for (String f : List.of("pypi/pkg0-1.0-py3-none-any.whl", "pypi/pkg19-1.0-py3-none-any.whl", "lab/index.html")) {
            before.put(f, ctime(out.resolve(f)));
        }
        Files.write(site.resolve("pypi/extra-1.0-py3-none-any.whl"), wheel("extra"));
        Ran added = build("build", "-v");
        assertEquals(0, added.code(), added::all);
        assertTrue(Files.isRegularFile(out.resolve("pypi/extra-1.0-py3-none-any.whl")));
        for (var e : before.entrySet()) {
            assertEquals(e.getValue(), ctime(out.resolve(e.getKey())), e.getKey() + " was written again\n" + added.all());
        }
        assertTrue(Files.readString(out.resolve("pypi/all.json")).contains("\"extra\""));
        // --force writes everything again
        Ran forced = build("build", "--force");
        assertEquals(0, forced.code(), forced::all);
        assertFalse(before.get("lab/index.html").equals(ctime(out.resolve("lab/index.html"))), "--force writes again");
    }

    /**
     * Without SOURCE_DATE_EPOCH, a lite dir in a git work tree builds with the time of its last commit, so two
     * clones (whose files were checked out at different times) build the same bytes; -v says so.
     */
    @Test
    void twoClonesOfALiteDirBuildTheSameBytes() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("site/files"));
        Files.writeString(repo.resolve("site/files/notes.md"), "# notes\n");
        Files.writeString(repo.resolve("site/jupyter-lite.json"), "{\"jupyter-config-data\": {\"appName\": \"Cloned\"}}");
        git(repo, "init", "-q");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "a site");
        git(tmp, "clone", "-q", repo.toString(), "one");
        git(tmp, "clone", "-q", repo.toString(), "two");
        Files.setLastModifiedTime(tmp.resolve("two/site/files/notes.md"), java.nio.file.attribute.FileTime.from(
                Instant.now().minusSeconds(3600)));
        Ran one = jlite("build", "-v", "--lite-dir", tmp.resolve("one/site").toString(), "--app-archive", app.toString(),
                "--cache-dir", cache.toString());
        Ran two = jlite("build", "--lite-dir", tmp.resolve("two/site").toString(), "--app-archive", app.toString(),
                "--cache-dir", cache.toString());
        assertEquals(0, one.code(), one::all);
        assertEquals(0, two.code(), two::all);
        assertTrue(one.all().contains("SOURCE_DATE_EPOCH is not set: using 1714979289 (2024-05-06T07:08:09Z), the time of the "
                + "last commit of the git work tree"), one::all);
        assertEquals(LiteRun.tree(tmp.resolve("one/site/_output")), LiteRun.tree(tmp.resolve("two/site/_output")));
        assertTrue(Files.readString(tmp.resolve("one/site/_output/api/contents/all.json"))
                .contains("\"last_modified\": \"2024-05-06T07:08:09Z\""));

        // SOURCE_DATE_EPOCH, when set, wins
        Ran pinned = jlite(Map.of("SOURCE_DATE_EPOCH", "1600000000"), "build", "-v", "--lite-dir",
                tmp.resolve("one/site").toString(), "--app-archive", app.toString(), "--cache-dir", cache.toString());
        assertEquals(0, pinned.code(), pinned::all);
        assertFalse(pinned.all().contains("SOURCE_DATE_EPOCH is not set"), pinned::all);
        assertTrue(Files.readString(tmp.resolve("one/site/_output/api/contents/all.json"))
                .contains("\"last_modified\": \"2020-09-13T12:26:40Z\""));
    }

    @Test
    void archiveFromTwoWorkingFoldersIntoFreshOutputsGivesTheSameBytes() throws Exception {
        Files.writeString(Files.createDirectories(site.resolve("files")).resolve("notes.md"), "# notes");
        Ran one = build("archive", "--output-dir", "out-one", "--output-archive", "one.tgz");
        assertEquals(0, one.code(), one::all);
        assertTrue(one.out().lines().anyMatch(l -> l.matches("archive: .*one\\.tgz \\(\\d+\\.\\d MB, \\d+ files, sha256 [0-9a-f]{64}\\)")),
                one::all);

        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/deeper"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        JliteTool tool = new JliteTool(Map.of("HOME", tmp.resolve("home").toString()), elsewhere,
                Clock.fixed(Instant.parse("2031-06-01T12:00:00Z"), ZoneOffset.UTC), false);
        int code = tool.run(new PrintWriter(out), new PrintWriter(err), "archive", "--lite-dir", site.toString(), "--app-archive",
                app.toString(), "--cache-dir", tmp.resolve("other-cache").toString(), "--output-dir", "out-two");
        assertEquals(0, code, () -> out + "\n" + err);
        Path two = elsewhere.resolve("site-jupyterlite.tgz");
        assertTrue(Files.isRegularFile(two), "by default beside the output: " + out);
        assertEquals(sha256(tmp.resolve("one.tgz")), sha256(two));

        Ran again = build("archive", "--output-dir", "out-one", "--output-archive", "one.tgz");
        assertTrue(again.out().startsWith("nothing to do") || again.out().startsWith("archive: 1 task ran"), again::all);
        assertTrue(again.out().contains("archive: " + tmp.resolve("one.tgz") + " ("), "the archive is named on a no-op run too: "
                + again.all());
    }

    @Test
    void addonsAddTheirOwnCommands() throws Exception {
        Ran help = jlite("--help");
        assertTrue(help.out().lines().anyMatch(l -> l.trim().startsWith("piplite") && l.contains("Commands of the piplite addon")),
                help::all);
        Ran group = jlite("piplite", "--help");
        assertEquals(0, group.code(), group::all);
        assertTrue(group.out().contains("index") && group.out().contains("Write DIR/all.json"), group::all);

        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        Files.write(wheels.resolve("demo-1.0-py3-none-any.whl"), dev.jlite.testkit.TestArchives.zip(Map.of(
                "demo/__init__.py", new byte[0],
                "demo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        Ran index = jlite("piplite", "index", "wheels", "--source-date-epoch", "1700000000");
        assertEquals(0, index.code(), index::all);
        assertTrue(index.out().startsWith("wrote " + wheels.resolve("all.json") + " (1 wheel, sha256 "), index::all);
        assertTrue(Files.readString(wheels.resolve("all.json")).contains("\"upload_time\": \"2023-11-14T22:13:20Z\""));

        // no folder: the working folder, as the reference's jupyter piplite index does
        Files.copy(wheels.resolve("demo-1.0-py3-none-any.whl"), tmp.resolve("demo-1.0-py3-none-any.whl"));
        Ran here = jlite("piplite", "index", "--source-date-epoch", "1700000000");
        assertEquals(0, here.code(), here::all);
        assertTrue(here.out().startsWith("wrote " + tmp.resolve("all.json") + " (1 wheel, sha256 "), here::all);
        assertEquals(Files.readString(wheels.resolve("all.json")), Files.readString(tmp.resolve("all.json")));

        Ran wrong = jlite("piplite", "index", "wheels", "more");
        assertEquals(2, wrong.code(), wrong::all);
        assertEquals(List.of("error: give one folder of wheels, or none for the working folder: jlite piplite index [DIR]",
                "Run 'jlite piplite index --help' for its arguments."), wrong.err().lines().toList());
        Ran missing = jlite("piplite", "index", "nowhere");
        assertEquals(1, missing.code(), missing::all);
        assertEquals(List.of("error: " + tmp.resolve("nowhere") + " is not a folder; give the folder that holds the wheels"),
                missing.err().lines().toList());
        Ran bare = jlite("piplite");
        assertEquals(2, bare.code(), bare::all);
    }

    /** The sha256 of a file, in hex. */
    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void versionAndHelp() {
        Ran version = jlite("--version");
        assertEquals(0, version.code());
        assertEquals("jlite " + JliteTool.version() + " (a drop-in for jupyterlite-core 0.8.1, jupyterlite-pyodide-kernel 0.8.3)"
                + System.lineSeparator(), version.out());
        assertEquals("", version.err());
        assertTrue(JliteTool.version().matches("\\d+\\.\\d+\\.\\d+.*"), JliteTool.version());

        Ran help = jlite("--help");
        assertEquals(0, help.code(), help::all);
        for (String command : List.of("build", "init", "check", "serve", "status", "list", "addons")) {
            assertTrue(help.out().contains(command), command + "\n" + help.out());
        }
        Ran buildHelp = jlite("build", "--help");
        assertEquals(0, buildHelp.code());
        for (String option : List.of("--app-archive", "--apps", "--lite-dir", "--output-dir", "--disable-addons",
                "--no-sourcemaps", "--source-date-epoch", "--cache-dir", "--force", "--offline", "--config", "--debug")) {
            assertTrue(buildHelp.out().contains(option), option);
        }
        assertEquals("", buildHelp.err());
    }

    @Test
    void noCommandIsAUsageError() {
        Ran r = jlite();
        assertEquals(2, r.code());
        assertTrue(r.out().contains("Usage: jlite"), r::all);
    }

    @Test
    void unknownOptionIsAUsageError() {
        Ran r = build("build", "--bogus");
        assertEquals(2, r.code(), r::all);
        assertEquals("jlite build: unknown option --bogus" + System.lineSeparator()
                + "Run 'jlite build --help' for the options." + System.lineSeparator(), r.err());
    }

    @Test
    void buildsAndThenHasNothingToDo() throws IOException {
        Ran first = build("build");
        assertEquals(0, first.code(), first::all);
        int tasks = count(first.out(), "build: (\\d+) tasks ran, 0 up to date \\(");
        assertEquals("", first.err());
        Path out = site.resolve("_output");
        assertTrue(Files.isRegularFile(out.resolve("index.html")));
        assertTrue(Files.isRegularFile(out.resolve("jupyter-lite.json")));
        assertTrue(Files.isDirectory(out.resolve("lab")));
        Ran second = build("build");
        assertEquals(0, second.code(), second::all);
        assertTrue(second.out().startsWith("nothing to do: " + tasks + " tasks up to date ("), second::all);
    }

    /** test_contents.py on the real file system: --contents from the lite dir, read-only files, hidden folders. */
    @Test
    void contentsComeFromTheLiteDirAndAHiddenFolderIsOneLine() throws IOException {
        Files.createDirectories(site.resolve("notebooks"));
        Files.writeString(site.resolve("notebooks/intro.ipynb"), "{}");
        Path readOnly = Files.writeString(site.resolve("notebooks/read-only.md"), "# do not edit");
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        Files.createDirectories(tmp.resolve("notebooks"));
        Files.writeString(tmp.resolve("notebooks/decoy.md"), "the working folder's, not the lite dir's");

        Ran ok = build("build", "--contents", "notebooks");
        assertEquals(0, ok.code(), ok::all);
        Path out = site.resolve("_output");
        assertTrue(Files.isRegularFile(out.resolve("files/intro.ipynb")), ok::all);
        assertFalse(Files.exists(out.resolve("files/decoy.md")));
        String listing = Files.readString(out.resolve("api/contents/all.json"));
        assertTrue(listing.contains("\"path\": \"intro.ipynb\""), listing);
        assertTrue(listing.replaceAll("\\s+", " ").contains("\"path\": \"read-only.md\", \"size\": 13, \"type\": \"file\", "
                + "\"writable\": false"), listing);
        assertTrue(Files.readString(out.resolve("jupyter-lite.json")).contains("\"contentsAllJsonFile\": \"all.json\""));

        Files.createDirectories(site.resolve("notebooks/.binder"));
        Files.writeString(site.resolve("notebooks/.binder/postBuild"), "#!/bin/sh");
        Ran hidden = build("build", "--contents", "notebooks");
        assertEquals(1, hidden.code(), hidden::all);
        List<String> lines = hidden.err().lines().toList();
        assertEquals(2, lines.size(), hidden::all);
        assertTrue(lines.get(0).startsWith("error: addon 'contents' failed in BUILD, task 'copy': "
                + site.resolve("notebooks/.binder") + " is hidden"), hidden::all);
        assertTrue(lines.get(0).endsWith("\"ContentsManager\": {\"allow_hidden\": true} in jupyter_lite_config.json; to "
                + "leave this folder out, add \"LiteBuildConfig\": {\"extra_ignore_contents\": [\"/\\\\.binder/\"]} there"),
                hidden::all);
        assertEquals("jlite build: failed", lines.get(1));
    }

    @Test
    void classTraitArgumentsWork() {
        Ran r = build("build", "--LiteBuildConfig.apps=repl", "--LiteBuildConfig.no_sourcemaps", "true");
        assertEquals(0, r.code(), r::all);
        assertTrue(Files.isDirectory(site.resolve("_output/repl")));
        assertFalse(Files.exists(site.resolve("_output/lab")));
        assertFalse(Files.exists(site.resolve("_output/build/shared.js.map")));
    }

    @Test
    void verboseSaysWhatEachTaskDid() {
        build("build");
        Ran r = build("build", "-v");
        assertEquals(0, r.code(), r::all);
        assertTrue(r.out().contains("skipped  static:unpack"), r::all);
        assertTrue(r.out().contains("up to date"), r::all);
    }

    @Test
    void failuresAreOneLineWithoutAStackTraceUnlessDebug() {
        Ran r = jlite("build", "--lite-dir", "site", "--app-archive", "nowhere.tgz", "--cache-dir", cache.toString());
        assertEquals(1, r.code(), r::all);
        String expected = "error: addon 'static' failed in INIT, task 'unpack': nowhere.tgz: " + site.resolve("nowhere.tgz")
                + " does not exist";
        assertEquals(expected + System.lineSeparator() + "jlite build: failed" + System.lineSeparator(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");

        Ran debug = jlite("build", "--lite-dir", "site", "--app-archive", "nowhere.tgz", "--cache-dir", cache.toString(), "--debug");
        assertEquals(1, debug.code());
        assertTrue(debug.err().contains("\tat dev.jlite.core"), debug::all);
    }

    @Test
    void aMalformedConfigFileIsUsageErrorNamingLineAndColumn() throws IOException {
        Files.writeString(site.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"apps\": [}}");
        Ran r = build("build");
        assertEquals(2, r.code(), r::all);
        assertTrue(r.err().startsWith("error: " + site.resolve("jupyter_lite_config.json")
                + ":1:31: malformed JSON: Unexpected close marker '}': expected ']'" + System.lineSeparator()), r::all);
        assertTrue(r.err().endsWith("jlite build: failed (invalid configuration)" + System.lineSeparator()), r::all);
        assertFalse(Files.exists(site.resolve("_output")));
    }

    @Test
    void anExplicitConfigFileReplacesTheLiteDirs() throws IOException {
        Files.writeString(site.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"apps\": [\"lab\"]}}");
        Files.writeString(tmp.resolve("other.json"), "{\"LiteBuildConfig\": {\"apps\": [\"tree\"]}}");
        Ran r = build("build", "--config", "other.json");
        assertEquals(0, r.code(), r::all);
        assertTrue(Files.isDirectory(site.resolve("_output/tree")));
        assertFalse(Files.exists(site.resolve("_output/lab")));
    }

    @Test
    void environmentVariablesAreReadAndTheCommandLineWins() {
        Ran r = jlite(Map.of("JUPYTERLITE_APP_ARCHIVE", app.toString(), "JUPYTERLITE_DIR", site.toString(),
                "JUPYTERLITE_OUTPUT_DIR", tmp.resolve("env-out").toString()), "build", "--cache-dir", cache.toString(),
                "--output-dir", "cli-out");
        assertEquals(0, r.code(), r::all);
        assertTrue(Files.isRegularFile(tmp.resolve("cli-out/index.html")), r::all);
        assertFalse(Files.exists(tmp.resolve("env-out")));
    }

    @Test
    void statusWritesNothing() throws IOException {
        Files.writeString(site.resolve("jupyter-lite.json"), "{\"jupyter-config-data\": {\"appName\": \"S\"}}");
        List<String> before = LiteRun.tree(tmp);
        Ran r = build("status");
        assertEquals(0, r.code(), r::all);
        int tasks = count(r.out(), "a build would run (\\d+) tasks; 0 up to date");
        assertEquals(before, LiteRun.tree(tmp));
        assertFalse(Files.exists(cache), "not even the cache folder");
        build("build");
        Ran after = build("status");
        assertTrue(after.out().contains("a build would run 0 tasks; " + tasks + " up to date"), after::all);
    }

    @Test
    void listSaysWhyTasksWouldRun() throws IOException {
        build("build");
        Files.writeString(site.resolve("jupyter-lite.json"), "{\"jupyter-config-data\": {\"appName\": \"Changed\"}}");
        Ran r = build("list");
        assertEquals(0, r.code(), r::all);
        String[] lines = r.out().split("\\R");
        assertTrue(lines[0].matches("PHASE\\s+TASK\\s+STATE"), r::all);
        assertTrue(lines[1].matches("INIT\\s+static:unpack\\s+up to date"), r::all);
        assertTrue(lines[lines.length - 2].matches("POST_BUILD\\s+lite:write\\s+would run: it depends on lite:merge, which would run"),
                r::all);
        assertTrue(lines[lines.length - 1].matches("POST_BUILD\\s+static:copy\\s+up to date"), r::all);
        for (int i = 1; i < lines.length - 2; i++) {
            // Only the merge of the edited file would run (and the writer after it); every other task is up to date.
            String expected = lines[i].contains(" lite:merge ") ? "BUILD\\s+lite:merge\\s+would run: its inputs or configuration changed"
                    : "[A-Z_]+\\s+[a-z-]+:[a-z-]+\\s+up to date";
            assertTrue(lines[i].matches(expected), lines[i] + "\n" + r.all());
        }
        assertTrue(r.out().contains(" lite:merge "), r::all);
    }

    @Test
    void checkPassesQuietlyOnAGoodSite() {
        Ran r = build("check");
        assertEquals(0, r.code(), r::all);
        assertTrue(r.out().matches("(?s)check: \\d+ tasks ran, 0 up to date \\(.*"), r::all);
        assertEquals("", r.err());
    }

    @Test
    void checkFailsWithOnePreciseLineAndLeavesTheFileByteIdentical() throws IOException {
        Files.writeString(site.resolve("jupyter-lite.json"), "{\"jupyter-config-data\": {\"exposeAppInBrowser\": \"yes\"}}");
        assertEquals(0, build("build").code());
        Path config = site.resolve("_output/jupyter-lite.json");
        byte[] before = Files.readAllBytes(config);
        List<String> tree = LiteRun.tree(site.resolve("_output"));

        Ran r = build("check");
        assertEquals(1, r.code(), r::all);
        assertEquals("error: jupyter-lite.json: /jupyter-config-data/exposeAppInBrowser: must be a boolean, got \"yes\""
                + System.lineSeparator() + "jlite check: failed" + System.lineSeparator(), r.err());
        assertArrayEquals(before, Files.readAllBytes(config));
        assertEquals(tree, LiteRun.tree(site.resolve("_output")));
    }

    @Test
    void serveBuildsThenServesTheSiteUntilStopped() throws IOException {
        Files.writeString(site.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"http_headers\": "
                + "{\"X-Served-By\": \"jlite\", \"X-Dropped\": null}, \"extra_http_headers\": {\"x-served-by\": \"jlite, extra\"}}}");
        AtomicReference<HttpResponse<String>> page = new AtomicReference<>();
        AtomicReference<URI> url = new AtomicReference<>();
        Ran r = serve(server -> {
            url.set(server.url());
            page.set(get(server.url()));
        }, "--port", "0", "--base-url", "/@foo/", "--cross-origin-isolation");
        assertEquals(0, r.code(), r::all);
        assertEquals("", r.err());
        String[] lines = r.out().split("\\R");
        assertEquals(3, lines.length, r::all);
        assertTrue(lines[0].matches("serve: \\d+ tasks ran, 0 up to date \\(.*"), r::all);
        Path output = site.resolve("_output").toRealPath();
        assertEquals("serving " + output + " at " + url.get() + " (Ctrl-C, or a visit to " + url.get() + "shutdown, stops it)",
                lines[1]);
        assertEquals("stopped " + url.get(), lines[2]);
        assertTrue(url.get().toString().matches("http://127\\.0\\.0\\.1:\\d+/@foo/"), url.get()::toString);

        HttpResponse<String> response = page.get();
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<body>root</body>"), response.body());
        assertEquals("same-origin", response.headers().firstValue("Cross-Origin-Opener-Policy").orElse(null));
        assertEquals("require-corp", response.headers().firstValue("Cross-Origin-Embedder-Policy").orElse(null));
        assertEquals(List.of("jlite, extra"), response.headers().allValues("X-Served-By"), "extra_http_headers wins");
        assertEquals(Optional.empty(), response.headers().firstValue("X-Dropped"), "a null header is left out");
    }

    /** The reference's serve stops on a GET of {@code <base url>shutdown}; scripts written for it stop jlite's too. */
    @Test
    void aVisitToTheShutdownUrlStopsTheServer() {
        AtomicReference<HttpResponse<String>> stopping = new AtomicReference<>();
        AtomicReference<Boolean> refused = new AtomicReference<>(false);
        Ran r = serve(server -> {
            stopping.set(get(server.url().resolve("shutdown")));
            long until = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < until && !refused.get()) {
                try {
                    get(server.url().resolve("lab/index.html"));
                    Thread.sleep(50);
                } catch (RuntimeException gone) {
                    refused.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "--port", "0", "--base-url", "/@foo/");
        assertEquals(0, r.code(), r::all);
        assertEquals(200, stopping.get().statusCode());
        assertEquals("jlite serve is stopping\n", stopping.get().body());
        assertTrue(refused.get(), "the server no longer answers");
        assertTrue(r.out().contains("stopped http://127.0.0.1:"), r::all);
    }

    @Test
    void crossOriginIsolationHeadersOnlyWithTheOption() {
        AtomicReference<HttpResponse<String>> page = new AtomicReference<>();
        Ran r = serve(server -> page.set(get(server.url().resolve("lab/index.html"))), "--port", "0");
        assertEquals(0, r.code(), r::all);
        assertEquals(200, page.get().statusCode());
        assertEquals(Optional.empty(), page.get().headers().firstValue("Cross-Origin-Opener-Policy"));
        assertEquals(Optional.empty(), page.get().headers().firstValue("Cross-Origin-Embedder-Policy"));
    }

    @Test
    void serveWithABadConfigurationExitsTwoWithoutStarting() throws IOException {
        String failed = "jlite serve: failed (invalid configuration)" + System.lineSeparator();
        Ran port = build("serve", "--port", "70000");
        assertEquals(2, port.code(), port::all);
        assertEquals("error: --port: expected a whole number from 0 to 65535, got 70000"
                + System.lineSeparator() + failed, port.err());
        Ran base = build("serve", "--port", "0", "--base-url", "/a/../b/");
        assertEquals(2, base.code(), base::all);
        assertEquals("error: LiteBuildConfig.base_url (--base-url) must not contain empty, . or .. segments, got \"/a/../b/\"; "
                + "give a path such as / or /@foo/" + System.lineSeparator() + failed, base.err());
        Ran header = build("serve", "--port", "0", "--LiteBuildConfig.http_headers={\"Bad Name\": \"x\"}");
        assertEquals(2, header.code(), header::all);
        assertTrue(header.err().startsWith("error: LiteBuildConfig.http_headers: \"Bad Name\" is not a header name"), header::all);
        assertFalse(Files.exists(site.resolve("_output")), "nothing was built");

        Files.writeString(site.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"port\": \"eighty\"}}");
        Ran config = build("serve", "--port", "0");
        assertEquals(2, config.code(), config::all);
        assertTrue(config.err().endsWith(failed), config::all);
        assertEquals("", config.out());
        assertFalse(Files.exists(site.resolve("_output")), "nothing was built");
    }

    @Test
    void aPortInUseIsAnErrorThatSaysWhatToDo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Ran r = build("serve", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, r.code(), r::all);
            assertTrue(r.err().startsWith("jlite serve: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " ("), r::all);
            assertTrue(r.err().contains("give another with --port (0 picks a free one)"), r::all);
        }
    }

    @Test
    void anAddonPathThatCannotBeUsedIsAUsageErrorNamingIt() throws IOException {
        Ran missing = build("build", "--addon-path", "nowhere");
        assertEquals(2, missing.code(), missing::all);
        assertEquals("jlite: --addon-path nowhere (" + tmp.resolve("nowhere") + "): there is no such file or folder; give a folder "
                + "of addon jars, or one addon jar" + System.lineSeparator(), missing.err());
        assertFalse(Files.exists(site.resolve("_output")), "nothing is built");

        Ran env = jlite(Map.of("JLITE_ADDON_PATH", tmp.resolve("gone") + java.io.File.pathSeparator), "addons");
        assertEquals(2, env.code(), env::all);
        assertEquals("jlite: JLITE_ADDON_PATH entry " + tmp.resolve("gone") + ": there is no such file or folder; give a folder "
                + "of addon jars, or one addon jar" + System.lineSeparator(), env.err());

        Files.writeString(tmp.resolve("notes.txt"), "not a jar");
        Ran file = jlite("addons", "--addon-path=notes.txt");
        assertEquals(2, file.code(), file::all);
        assertEquals("jlite: --addon-path notes.txt (" + tmp.resolve("notes.txt") + ") is not a folder or a .jar file; give a "
                + "folder of addon jars, or one addon jar" + System.lineSeparator(), file.err());
    }

    @Test
    void theAddonPathIsAnOptionOfEveryCommand() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("no-addons"));
        for (List<String> command : List.<List<String>>of(List.of(), List.of("build"), List.of("serve"), List.of("addons"),
                List.of("piplite"), List.of("piplite", "index"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--addon-path", empty.toString(), "--help"));
            Ran r = jlite(args.toArray(String[]::new));
            assertEquals(0, r.code(), r::all);
            assertTrue(r.out().contains("--addon-path=DIR|JAR"), command + ":\n" + r.all());
        }
        Ran listed = jlite("addons", "--addon-path", empty.toString());
        assertEquals(0, listed.code(), listed::all);
        assertEquals(jlite("addons").out(), listed.out(), "an empty folder adds nothing");
        Ran built = build("build", "--addon-path=" + empty);
        assertEquals(0, built.code(), built::all);
    }

    @Test
    void addonsListsEveryAddonWithItsModuleAndJar() {
        Ran r = jlite("addons");
        assertEquals(0, r.code(), r::all);
        String[] lines = r.out().split("\\R");
        assertTrue(lines[0].matches("ID\\s+VERSION\\s+MODULE\\s+LOCATION\\s+DESCRIPTION"), r::all);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            ids.add(lines[i].split("\\s+")[0]);
        }
        assertEquals(dev.jlite.core.AddonCatalog.discover().addons().stream().map(dev.jlite.core.AddonInfo::id).toList(), ids, r::all);
        assertTrue(ids.containsAll(List.of("static", "lite", "pyodide", "piplite", "mathjax")), ids::toString);
        assertTrue(r.out().contains("dev.jlite.addon.pyodide"), r::all);
        assertTrue(r.out().contains("dev.jlite.core"), r::all);
    }

    @Test
    void progressIsOneLineRedrawnOnATerminalAndNothingOtherwise() {
        StringWriter err = new StringWriter();
        JliteTool.Printer onTerminal = new JliteTool.Printer(new PrintWriter(new StringWriter()), new PrintWriter(err), false, false, true);
        onTerminal.progress("https://host.example/big.whl", 1_000_000, 4_000_000);
        assertEquals("\r\033[Kfetching https://host.example/big.whl: 1.0 of 4.0 MB (25%)", err.toString());
        onTerminal.progress("https://host.example/big.whl", 4_000_000, 4_000_000);
        assertTrue(err.toString().endsWith("\r\033[K"), "the line is cleared when the download ends");

        StringWriter quiet = new StringWriter();
        JliteTool.Printer piped = new JliteTool.Printer(new PrintWriter(new StringWriter()), new PrintWriter(quiet), false, false, false);
        piped.progress("https://host.example/big.whl", 1_000_000, 4_000_000);
        assertEquals("", quiet.toString());
    }

    @Test
    void fetchFillsTheCacheAndTellsWhere() throws IOException {
        Path file = Files.writeString(tmp.resolve("wheel.whl"), "not really a wheel");
        Ran r = jlite("fetch", "--cache-dir", cache.toString(), file.toString());
        assertEquals(0, r.code(), r::all);
        assertEquals(file + " -> " + file + System.lineSeparator(), r.out());
        Ran missing = jlite("fetch", "--cache-dir", cache.toString(), "--offline", "https://example.invalid/x.whl");
        assertEquals(1, missing.code(), missing::all);
        assertEquals("error: https://example.invalid/x.whl is not in the cache, and --offline forbids fetching it; run once "
                + "without --offline to fill the cache" + System.lineSeparator(), missing.err());
        assertEquals(2, jlite("fetch").code(), "no source is a usage error");
    }

    @Test
    void theToolProviderIsFoundByName() {
        ToolProvider tool = ToolProvider.findFirst("jlite").orElseThrow();
        StringWriter out = new StringWriter();
        assertEquals(0, tool.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--version"));
        assertTrue(out.toString().startsWith("jlite "));
    }

    // --- the reference's flags and settings, for a drop-in

    @Test
    void theReferencesFlagsThatMeanNothingToJliteAreAcceptedWithOneLineEach() throws IOException {
        Ran r = build("build", "--no-libarchive", "--ignore-sys-prefix", "--log-level", "DEBUG", "-y",
                "--Application.log_level=10", "--LiteBuildApp.answer_yes", "true");
        assertEquals(0, r.code(), r::all);
        assertEquals(List.of(
                "compat: --log-level changes nothing: jlite prints the same at every level; --verbose shows each task and "
                        + "--debug the stack traces of failures",
                "compat: -y changes nothing: jlite never asks a question to answer yes to",
                "compat: --Application.log_level changes nothing: Application is the reference's command-line application, "
                        + "which jlite has no part of",
                "compat: --LiteBuildApp.answer_yes changes nothing: LiteBuildApp is the reference's command-line application, "
                        + "which jlite has no part of",
                "compat: LiteBuildConfig.no_libarchive changes nothing: jlite reads every archive format itself, with no "
                        + "libarchive to avoid",
                "compat: LiteBuildConfig.ignore_sys_prefix changes nothing: jlite takes nothing from a Python environment's "
                        + "sys.prefix"), r.out().lines().filter(l -> l.startsWith("compat: ")).toList());
        assertEquals("", r.err());

        Files.writeString(site.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"ignore_sys_prefix\": "
                + "[\"federated_extensions\"], \"no_libarchive\": false}}");
        Ran fromFile = build("build", "--LiteBuildConfig.ignore_sys_prefix=True");
        assertEquals(0, fromFile.code(), fromFile::all);
        assertEquals(List.of("compat: LiteBuildConfig.ignore_sys_prefix changes nothing: jlite takes nothing from a Python "
                + "environment's sys.prefix"), fromFile.out().lines().filter(l -> l.startsWith("compat: ")).toList());

        Ran typo = build("build", "--LiteBuildConfg.apps=lab");
        assertEquals(2, typo.code(), "a class that is neither jlite's nor the reference's application is still a mistake");
    }

    @Test
    void theReferencesAddonNamesAreTakenByDisableAddons() throws IOException {
        Path ext = Files.createDirectories(site.resolve("extensions/@org/pkg/static"));
        Files.writeString(ext.resolve("remoteEntry.abc.js"), "x");
        Files.writeString(site.resolve("extensions/@org/pkg/package.json"), "{\"name\": \"@org/pkg\", \"version\": \"1.0.0\", "
                + "\"jupyterlab\": {\"_build\": {\"load\": \"static/remoteEntry.abc.js\"}}}");
        Files.writeString(site.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"federated_extensions\": "
                + "[\"extensions/@org/pkg\"]}}");
        assertEquals(0, build("build").code());
        assertTrue(Files.isRegularFile(site.resolve("_output/extensions/@org/pkg/package.json")));

        Ran off = build("build", "--disable-addons", "federated_extensions", "--disable-addons", "icons", "--disable-addons",
                "serve", "--output-dir", tmp.resolve("off").toString());
        assertEquals(0, off.code(), off::all);
        assertFalse(Files.exists(tmp.resolve("off/extensions/@org/pkg")), "the reference's name switched jlite's addon off");
        assertEquals(List.of("compat: --disable-addons: 'icons' changes nothing: the reference's icons addon copies "
                        + "jupyter_server's favicons, which jlite's sites take from the app",
                "compat: --disable-addons: 'serve' changes nothing: serving is jlite's serve command, not an addon"),
                off.out().lines().filter(l -> l.startsWith("compat: ")).toList());
        assertEquals("", off.err(), "no 'there is no addon' warning");
    }

    @Test
    void aConfigWarningIsPrintedOnceByStatus() throws IOException {
        Files.writeString(site.resolve("jupyter_lite_config.json"), "{\"LiteBuildConfig\": {\"nosuch\": 1}, "
                + "\"jupyter-lite-schema-version\": 0}");
        Ran built = build("build", "--apps", "lab", "--apps", "nope");
        assertEquals(0, built.code(), built::all);
        assertFalse(built.all().contains("jupyter-lite-schema-version"), "a top-level value that is no class is skipped quietly");
        assertEquals(1, built.err().lines().filter(l -> l.contains("'nope' is not one of")).count(), built::all);
        Ran r = build("status", "--apps", "lab", "--apps", "nope");
        assertEquals(0, r.code(), r::all);
        assertEquals(1, r.err().lines().filter(l -> l.contains("LiteBuildConfig.nosuch is not a setting")).count(), r::all);
        assertEquals(1, r.err().lines().filter(l -> l.contains("'nope' is not one of")).count(), r::all);
    }
}
