package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * The demo site in a real browser: built from the README's demo (the real JupyterLite app, npm's Pyodide
 * 314.0.7, the app's wheels installed on import, MathJax 2), served on loopback, opened in headless
 * Chromium whose every request to another host goes to a {@link RecordingProxy}. A page of the site
 * that loads the hosted Pyodide runs Python; one that loads the hosted MathJax typesets; the JupyterLab
 * shell renders; a notebook starts its kernel as far as the hosted files allow, and {@code jlite check}
 * names each file it then fetched and missed. None of it asks another host, and a page that does is
 * caught, which a test of the test shows.
 */
@Tag("e2e")
class BrowserIntegrationTests {

    @TempDir
    static Path tmp;
    static Path site;
    /** The build's folders: --lite-dir, --output-dir and --cache-dir with their values. */
    static String[] where;
    static String check;
    static SiteServer server;
    static RecordingProxy proxy;
    static Chromium chromium;
    /** Every request the site answered: "GET /path 200". */
    static final List<String> served = Collections.synchronizedList(new ArrayList<>());

    static final String PYTHON_PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>python</title></head><body><pre id="out">loading</pre>
            <script type="module">
            const out = document.getElementById('out');
            try {
              const { loadPyodide } = await import('../../static/pyodide/pyodide.mjs');
              const pyodide = await loadPyodide();
              window.pythonResult = pyodide.runPython('sum(range(10))');
              window.pythonVersion = pyodide.runPython('import sys; sys.version.split()[0]');
              out.textContent = String(window.pythonResult);
            } catch (e) {
              window.pythonError = String((e && e.stack) || e);
              out.textContent = window.pythonError;
            }
            </script></body></html>
            """;

    /** MathJax 2 as JupyterLab 3 configured it: the STIX-Web fonts of the trimmed set. */
    static final String MATH_PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>math</title>
            <script type="text/x-mathjax-config">
            MathJax.Hub.Config({
              tex2jax: {inlineMath: [['$', '$']], processEscapes: true},
              'HTML-CSS': {availableFonts: [], imageFont: null, preferredFont: null, webFont: 'STIX-Web'},
              messageStyle: 'none'
            });
            MathJax.Hub.Queue(function () {
              window.mathJaxVersion = MathJax.version;
              window.typeset = document.querySelectorAll('#formula .MathJax').length;
              window.mathErrors = document.querySelectorAll('.MathJax_Error, merror').length;
            });
            </script>
            <script src="../../static/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"></script>
            </head><body><p id="formula">$e^{i\\pi} + 1 = 0$</p></body></html>
            """;

    /** What the test of the test loads: a page of the site that references other hosts. */
    static final String OUTSIDE_PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>outside</title>
            <script src="http://outside.example/tracker.js"></script></head>
            <body><img src="https://cdn.example/pixel.png"><script>window.loaded = true;</script></body></html>
            """;

    @BeforeAll
    static void buildServeAndStartTheBrowser() throws Exception {
        Path demo = tmp.resolve("demo");
        Path source = BuiltJars.root().resolve("examples/demo");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = source.relativize(f).toString();
                if (!rel.startsWith("_output")) {
                    Files.createDirectories(demo.resolve(rel).getParent());
                    Files.copy(f, demo.resolve(rel));
                }
            }
        }
        write(demo.resolve("files/e2e/python.html"), PYTHON_PAGE);
        write(demo.resolve("files/e2e/math.html"), MATH_PAGE);
        write(demo.resolve("files/e2e/outside.html"), OUTSIDE_PAGE);
        site = tmp.resolve("site");
        where = new String[] {"--lite-dir", demo.toString(), "--output-dir", site.toString(), "--cache-dir", tmp.resolve("cache").toString()};
        JliteProcess.Ran build = JliteProcess.run(tmp, Map.of(), concat("build", where));
        assertEquals(0, build.code(), build::all);
        JliteProcess.Ran checked = JliteProcess.run(tmp, Map.of(), concat("check", where));
        assertEquals(0, checked.code(), checked::all);
        check = checked.out() + checked.err();

        server = SiteServer.start(site, SiteServer.Options.defaults().withPort(0).withLog(s -> served.add(s.render())));
        proxy = new RecordingProxy();
        chromium = Chromium.start(Files.createDirectories(tmp.resolve("browser")), proxy.port());
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** What the site served so far (the server's threads keep adding to it). */
    static List<String> served() {
        synchronized (served) {
            return List.copyOf(served);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String url(String path) {
        return server.url().resolve(path).toString();
    }

    /** The hosts the test of the test's page references: the only ones a request may go to. */
    static final Set<String> CAUGHT_ON_PURPOSE = Set.of("outside.example", "cdn.example");

    /** Waits until the page, the site and the proxy have been quiet for 1.5 s (the network idle). */
    static void quiet(Chromium.Page page) throws Exception {
        page.awaitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(120), () -> served.size() + proxy.mark());
    }

    /**
     * Fails, listing them, when anything was asked of another host since the browser started, but for the
     * hosts the test of the test references on purpose; and when the page asked for anything but the site.
     */
    static void assertNothingLeftLoopback(Chromium.Page page) {
        assertNone(proxy.requests().stream().filter(r -> !CAUGHT_ON_PURPOSE.contains(RecordingProxy.host(r))).toList(), page);
    }

    private static void assertNone(List<String> outside, Chromium.Page page) {
        if (!outside.isEmpty()) {
            throw new AssertionFailedError("requests to other hosts:\n" + String.join("\n", outside) + "\nthe page's requests:\n"
                    + String.join("\n", page.requests));
        }
        for (String request : page.requests) {
            assertTrue(request.startsWith(server.url().toString()) || request.startsWith("data:") || request.startsWith("blob:")
                    || request.startsWith("about:"), "a request the page made outside the site: " + request);
        }
    }

    /** Chromium's own traffic (updates, variations, safe browsing, metrics) is off: nothing from launch on. */
    @Test
    void theBrowserItselfAsksNoOtherHost() throws Exception {
        try (Chromium.Page page = chromium.open()) {
            // its background services start within seconds of launch: watch at least 10 s of them
            page.awaitQuiet(Duration.ofMillis(Math.max(2000, 10_000 - chromium.age().toMillis())), Duration.ofSeconds(60),
                    () -> served.size() + proxy.mark());
            assertNothingLeftLoopback(page);
        }
    }

    @Test
    void theSelfHostedPyodideRunsPythonInAPageOfTheSite() throws Exception {
        try (Chromium.Page page = chromium.open()) {
            page.navigate(url("files/e2e/python.html"));
            page.await("window.pythonResult !== undefined || window.pythonError !== undefined", Duration.ofSeconds(120));
            assertEquals("undefined", page.evaluate("typeof window.pythonError").asString(),
                    () -> page.console + "\n" + page.requests);
            assertEquals(45, page.evaluate("window.pythonResult").asInt());
            assertTrue(page.evaluate("window.pythonVersion").asString().startsWith("3.14."), "npm's Pyodide 314 is Python 3.14");
            quiet(page);
            assertNothingLeftLoopback(page);
        }
        assertTrue(served.contains("GET /static/pyodide/pyodide.asm.wasm 200"), () -> String.join("\n", served()));
        assertTrue(served.contains("GET /static/pyodide/python_stdlib.zip 200"), () -> String.join("\n", served()));
    }

    @Test
    void theSelfHostedMathJaxTypesetsInAPageOfTheSite() throws Exception {
        try (Chromium.Page page = chromium.open()) {
            page.navigate(url("files/e2e/math.html"));
            page.await("window.mathJaxVersion", Duration.ofSeconds(60));
            assertEquals("2.7.9", page.evaluate("window.mathJaxVersion").asString());
            assertEquals(1, page.evaluate("window.typeset").asInt(), () -> String.join("\n", page.console));
            assertEquals(0, page.evaluate("window.mathErrors").asInt());
            quiet(page);
            assertNothingLeftLoopback(page);
        }
        assertTrue(served().stream().anyMatch(s -> s.matches("GET /static/mathjax/fonts/HTML-CSS/STIX-Web/woff/\\S+\\.woff(\\?\\S*)? 200")),
                () -> "the STIX-Web web fonts came from the site:\n" + String.join("\n", served()));
    }

    @Test
    void theJupyterLabShellRendersWithTheSitesConfigurationAndNothingFromElsewhere() throws Exception {
        try (Chromium.Page page = chromium.open()) {
            page.navigate(url("lab/index.html"));
            // the shell, and in it a launcher or the notebook this app opens on its own
            page.await("document.querySelector('.jp-LabShell') && document.querySelector('.jp-Launcher, .jp-NotebookPanel')",
                    Duration.ofSeconds(120));
            // the configuration as the app resolved it at run time: the demo's, with the hosted Pyodide and MathJax
            String config = "JSON.parse(document.getElementById('jupyter-config-data').textContent)";
            assertEquals("jlite demo", page.evaluate(config + ".appName").asString());
            assertEquals("/static/pyodide/pyodide.mjs", page.evaluate(config + ".litePluginSettings['"
                    + "@jupyterlite/pyodide-kernel-extension:kernel'].pyodideUrl").asString());
            assertEquals("/static/mathjax/MathJax.js", page.evaluate(config + ".fullMathjaxUrl").asString());
            quiet(page); // what loads late (extensions, settings, the file browser) has loaded then
            assertNothingLeftLoopback(page);
        }
    }

    /**
     * npm's Pyodide has none of the package files of its lock, micropip among them, so the kernel cannot
     * start here. The test proves it gets as far as the hosted files allow (Pyodide itself loads in the
     * kernel's worker, which then asks the site for packages) and that every package file the browser asked
     * for and the site lacks is one that {@code jlite check} named.
     */
    @Test
    void aNotebookStartsItsKernelAsFarAsTheHostedFilesAllowAndCheckNamesWhatIsMissing() throws Exception {
        Pattern named = Pattern.compile("kernel start-up: .*?: (\\S+\\.whl) is not in the site");
        Set<String> missing = new TreeSet<>();
        for (String line : check.split("\n")) {
            Matcher m = named.matcher(line);
            if (m.find()) {
                missing.add("/" + m.group(1));
            }
        }
        assertFalse(missing.isEmpty(), check);
        assertTrue(missing.contains("/static/pyodide/micropip-0.11.1-py3-none-any.whl"), check);

        int from = served.size();
        try (Chromium.Page page = chromium.open()) {
            page.navigate(url("notebooks/index.html?path=intro.ipynb"));
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (wheels404(from).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            quiet(page);
            List<String> wheels = wheels404(from);
            assertFalse(wheels.isEmpty(), () -> "the kernel never asked for a package; the site served:\n"
                    + String.join("\n", served().subList(from, served().size())) + "\nconsole:\n" + String.join("\n", page.console));
            List<String> all = served();
            List<String> sinceStart = all.subList(from, all.size());
            // 304 when an earlier page of the same browser fetched it: the server now sends validators
            assertTrue(sinceStart.stream().anyMatch(s -> s.matches("GET /static/pyodide/pyodide\\.asm\\.wasm (200|304)")),
                    () -> "Pyodide loaded in the kernel's worker:\n" + String.join("\n", sinceStart));
            System.out.println("the kernel fetched, and the site lacked: " + wheels);
            for (String wheel : wheels) {
                assertTrue(missing.contains(wheel), wheel + " was fetched and missing, but jlite check did not name it:\n" + check);
            }
            assertNothingLeftLoopback(page);
        }
    }

    private static final Pattern URL_HOST = Pattern.compile("(?i)(?:(?:https?|wss?):)?[/\\\\]{2,}([a-z0-9.-]+\\.[a-z0-9-]+)");

    /**
     * The browser is the oracle for "is this a fetch": the audit's hostile corpus, put into the site and
     * opened page by page in a browser of its own, asks other hosts only for what {@code jlite check}
     * listed, and never one of the hosts the corpus names as not requests ({@code n-….example}).
     */
    @Test
    void everyHostTheBrowserAsksForInTheSeededPagesIsOneTheAuditListed() throws Exception {
        Path corpus = BuiltJars.root().resolve("lite-test-kit/src/test/resources/audit-corpus");
        Path seed = site.resolve("seed");
        List<String> pages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = corpus.relativize(f).toString();
                Files.createDirectories(seed.resolve(rel).getParent());
                Files.copy(f, seed.resolve(rel));
                if (!rel.contains("/") && (rel.endsWith(".html") || rel.endsWith(".svg"))) {
                    pages.add("seed/" + rel);
                }
            }
        }
        try {
            JliteProcess.Ran checked = JliteProcess.run(tmp, Map.of(), concat("check", where));
            Set<String> listed = new TreeSet<>();
            for (String line : (checked.out() + checked.err()).split("\n")) {
                if (line.contains(": seed/")) {
                    Matcher m = URL_HOST.matcher(line);
                    while (m.find()) {
                        listed.add(m.group(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
            assertTrue(listed.size() >= 40, () -> "the audit lists the corpus: " + checked.all());

            Set<String> asked = new TreeSet<>();
            try (RecordingProxy own = new RecordingProxy();
                 Chromium browser = Chromium.start(Files.createDirectories(tmp.resolve("seeded-browser")), own.port())) {
                for (String path : pages) {
                    try (Chromium.Page page = browser.open()) {
                        page.navigate(url(path));
                        page.awaitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(60), () -> served.size() + own.mark());
                    }
                }
                own.requests().forEach(r -> asked.add(RecordingProxy.host(r)));
            }
            System.out.println("the seeded pages asked " + asked.size() + " other hosts, the audit listed " + listed.size()
                    + ": " + asked);
            assertTrue(asked.size() >= 20, () -> "the browser fetches most of the corpus: " + asked);
            Set<String> unlisted = new TreeSet<>(asked);
            unlisted.removeAll(listed);
            assertEquals(Set.of(), unlisted, () -> "asked by the browser, missed by the audit; it listed " + listed);
            assertTrue(asked.stream().noneMatch(h -> h.startsWith("n-")), () -> "a host the corpus says is no request: " + asked);
        } finally {
            try (Stream<Path> files = Files.walk(seed)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** Paths of wheels the site answered 404 for since {@code from}. */
    private static List<String> wheels404(int from) {
        List<String> out = new ArrayList<>();
        synchronized (served) {
            for (String s : served.subList(from, served.size())) {
                String[] parts = s.split(" ");
                if (parts[2].equals("404") && parts[1].split("\\?")[0].endsWith(".whl")) {
                    out.add(parts[1].split("\\?")[0]);
                }
            }
        }
        return out;
    }

    /** The test of the test: a page of the site that loads a script and an image from other hosts is caught. */
    @Test
    void aPageThatReferencesAnotherHostIsCaught() throws Exception {
        int mark = proxy.mark();
        try (Chromium.Page page = chromium.open()) {
            page.navigate(url("files/e2e/outside.html"));
            page.await("window.loaded", Duration.ofSeconds(60));
            quiet(page);
            AssertionFailedError caught = assertThrows(AssertionFailedError.class, () -> assertNone(proxy.since(mark), page));
            assertTrue(caught.getMessage().contains("outside.example"), caught.getMessage());
            assertTrue(proxy.since(mark).contains("GET http://outside.example/tracker.js HTTP/1.1"), proxy.since(mark)::toString);
            assertTrue(proxy.since(mark).stream().anyMatch(r -> r.startsWith("CONNECT cdn.example:443 ")), proxy.since(mark)::toString);
        }
        assertTrue(served.contains("GET /files/e2e/outside.html 200"), "the page itself came from the site");
    }
}
