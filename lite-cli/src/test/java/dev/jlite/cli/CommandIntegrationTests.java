package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.testkit.TestApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command, from the built jars and from the repository's launcher, in a separate JVM. */
class CommandIntegrationTests {

    @TempDir
    Path tmp;
    Path app;

    record Ran(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    @BeforeEach
    void writeApp() throws IOException {
        app = tmp.resolve("app");
        for (var e : TestApp.standard().files().entrySet()) {
            Path f = app.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
    }

    private Ran run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().put("JLITE_NO_BUILD", "1");
        pb.environment().keySet().removeIf(k -> k.startsWith("JUPYTERLITE_") || k.equals("SOURCE_DATE_EPOCH")
                || k.equals(AddonPath.ENV) || k.equals("XDG_DATA_HOME"));
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jlite did not finish");
        return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", BuiltJars.modulePath(), "-m", "dev.jlite.cli/dev.jlite.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void buildsFromTheModulePath() throws Exception {
        Files.createDirectories(tmp.resolve("site"));
        Files.writeString(tmp.resolve("site/jupyter-lite.json"), "{\"jupyter-config-data\": {\"appName\": \"Real\"}}");
        Ran r = run(java("build", "--lite-dir", "site", "--app-archive", app.toString()));
        assertEquals(0, r.code(), r::all);
        assertTrue(Files.isRegularFile(tmp.resolve("site/_output/lab/index.html")), r::all);
        assertTrue(Files.readString(tmp.resolve("site/_output/jupyter-lite.json")).contains("\"appName\": \"Real\""));
        assertTrue(Files.isDirectory(tmp.resolve("home/.cache/jlite/builds")), "the default cache is per user");
        Ran again = run(java("build", "--lite-dir", "site", "--app-archive", app.toString()));
        assertTrue(again.out().matches("(?s)nothing to do: \\d+ tasks up to date.*"), again::all);
    }

    @Test
    void checkIsSilentOnStandardErrorUnlessItFindsAProblem() throws Exception {
        // The schema validator logs through slf4j: without a provider slf4j itself would warn on stderr.
        Files.createDirectories(tmp.resolve("site"));
        Ran good = run(java("check", "--lite-dir", "site", "--app-archive", app.toString()));
        assertEquals(0, good.code(), good::all);
        assertEquals("", good.err(), good::all);
        assertTrue(good.out().matches("(?s)check: \\d+ tasks ran, 0 up to date.*"), good::all);

        Files.writeString(tmp.resolve("site/jupyter-lite.json"), "{\"jupyter-config-data\": {\"appUrl\": \"./lab/\"}}");
        Ran bad = run(java("check", "--lite-dir", "site", "--app-archive", app.toString()));
        assertEquals(1, bad.code(), bad::all);
        assertEquals(List.of("error: jupyter-lite.json: /jupyter-config-data/appUrl: must match the pattern .*[^/]$, got \"./lab/\"",
                "jlite check: failed"), bad.err().lines().toList());
    }

    @Test
    void serveStopsCleanlyOnCtrlC() throws Exception {
        Files.createDirectories(tmp.resolve("site"));
        ProcessBuilder pb = new ProcessBuilder(java("serve", "--lite-dir", "site", "--app-archive", app.toString(),
                "--port", "0", "--base-url", "/@foo/")).directory(tmp.toFile());
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("JUPYTERLITE_") || k.equals("SOURCE_DATE_EPOCH"));
        Path err = tmp.resolve("serve-stderr");
        Process p = pb.redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String built = out.readLine();
            String serving = out.readLine();
            assertTrue(built != null && built.matches("serve: \\d+ tasks ran, 0 up to date.*"), built + "\n" + Files.readString(err));
            Matcher m = Pattern.compile("serving .* at (http://127\\.0\\.0\\.1:\\d+/@foo/) \\(Ctrl-C, or a visit to "
                    + "\\1shutdown, stops it\\)").matcher(serving);
            assertTrue(m.matches(), serving);

            HttpURLConnection page = (HttpURLConnection) URI.create(m.group(1) + "lab/index.html").toURL().openConnection();
            assertEquals(200, page.getResponseCode());
            assertTrue(new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("<body>lab</body>"));
            page.disconnect();

            // a client that never finishes its headers is let go after SiteServer.HEADER_SECONDS
            URI site = URI.create(m.group(1));
            try (java.net.Socket slow = new java.net.Socket(site.getHost(), site.getPort())) {
                slow.getOutputStream().write("GET /@foo/lab/index.html HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.getOutputStream().flush();
                slow.setSoTimeout(30_000);
                long start = System.nanoTime();
                int read;
                try {
                    read = slow.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    read = -1;
                }
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                assertEquals(-1, read, "the server closes the connection without answering");
                assertTrue(seconds >= SiteServer.HEADER_SECONDS - 2 && seconds <= SiteServer.HEADER_SECONDS + 5,
                        "closed after " + seconds + " s");
            }

            // a program started in the background of a script (as CI may start this build) inherits SIGINT ignored,
            // and the JVM leaves an ignored SIGINT ignored: then SIGTERM, which jlite serve stops on too
            String signal = ignores(p.pid(), 2) ? "-TERM" : "-INT";
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                // what it was doing, for the report: a thread dump and what it printed
                Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(p.pid()),
                        "Thread.print").redirectErrorStream(true).start();
                String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                throw new AssertionError("jlite serve did not stop on " + signal + " within 30 s\nstderr:\n" + readQuietly(err)
                        + "\nthreads:\n" + threads);
            }
            assertEquals(0, p.exitValue(), () -> "exit code\n" + readQuietly(err));
            assertEquals("stopped " + m.group(1), out.readLine());
            assertEquals("", Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
    }

    /** Whether the process ignores signal {@code number} (Linux's /proc/PID/status, SigIgn). */
    private static boolean ignores(long pid, int number) throws IOException {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        if (!Files.isRegularFile(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst()
                .map(l -> (Long.parseUnsignedLong(l.substring("SigIgn:".length()).trim(), 16) & (1L << (number - 1))) != 0)
                .orElse(false);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void failsWithOneLineAndExitCodeOne() throws Exception {
        Ran r = run(java("build", "--app-archive", "missing.tgz"));
        assertEquals(1, r.code(), r::all);
        assertEquals(List.of("error: addon 'static' failed in INIT, task 'unpack': missing.tgz: " + tmp.toRealPath().resolve("missing.tgz")
                + " does not exist", "jlite build: failed"), r.err().lines().toList());
    }

    @Test
    void theLauncherRunsTheBuiltCommand() throws Exception {
        Path launcher = BuiltJars.root().resolve("jlite");
        assertTrue(Files.isExecutable(launcher), launcher + " is executable");
        Ran r = run(List.of(launcher.toString(), "--version"));
        assertEquals(0, r.code(), r::all);
        assertEquals("jlite " + BuiltJars.version() + " (a drop-in for jupyterlite-core 0.8.1, jupyterlite-pyodide-kernel 0.8.3)\n",
                r.out());
        Ran bad = run(List.of(launcher.toString(), "build", "--no-such-option"));
        assertEquals(2, bad.code(), bad::all);
    }

    /** {@code jupyter-lite} is jlite printing errors on standard output, as the reference does; {@code jupyter-piplite} its piplite. */
    @Test
    void theDropInLaunchersRunJliteAsTheReference() throws Exception {
        Path lite = BuiltJars.root().resolve("jupyter-lite");
        Path piplite = BuiltJars.root().resolve("jupyter-piplite");
        assertTrue(Files.isExecutable(lite) && Files.isExecutable(piplite));
        Ran version = run(List.of(lite.toString(), "--version"));
        assertEquals(0, version.code(), version::all);
        assertTrue(version.out().contains("jupyterlite-core 0.8.1"), version::all);
        assertEquals("", version.err());
        Ran missing = run(List.of(lite.toString(), "build", "--app-archive", "missing.tgz"));
        assertEquals(1, missing.code(), missing::all);
        assertTrue(missing.out().contains("error: addon 'static' failed in INIT, task 'unpack': missing.tgz: "), missing::all);
        assertEquals(List.of("jlite build: failed"), missing.err().lines().toList());
        Ran empty = run(List.of(piplite.toString(), "index", Files.createDirectories(tmp.resolve("no-wheels")).toString()));
        assertEquals(1, empty.code(), empty::all);
        assertTrue(empty.out().contains("has no wheels to index"), empty::all);
    }

    @Test
    void environmentOnlyConfiguration() throws Exception {
        List<String> cmd = java("build");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.put("HOME", tmp.resolve("home").toString());
        env.put("JUPYTERLITE_APP_ARCHIVE", app.toString());
        env.put("JUPYTERLITE_OUTPUT_DIR", tmp.resolve("env-site").toString());
        env.put("SOURCE_DATE_EPOCH", "1700000000");
        Process p = pb.inheritIO().start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals(1_700_000_000_000L, Files.getLastModifiedTime(tmp.resolve("env-site/index.html")).toMillis());
    }
}
