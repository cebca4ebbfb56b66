package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python kernel that starts and runs cells with nothing leaving the machine: the demo (the real
 * JupyterLite app, npm's Pyodide 314.0.7) built with the shared start-up wheels and snowballstemmer as
 * piplite wheels, served on loopback, driven in headless Chromium behind a {@link RecordingProxy} from
 * the browser's launch on. One site installs on import, as the seed pages promise; another does not, so
 * {@code %pip} and {@code piplite.install} install from the site. Each test prints the time from page
 * load to the output.
 */
@Tag("e2e")
class KernelIntegrationTests {

    @TempDir
    static Path tmp;
    static SiteServer onImport;
    static SiteServer byHand;
    static RecordingProxy proxy;
    static Chromium chromium;
    static final List<String> served = Collections.synchronizedList(new ArrayList<>());

    /** The shared wheels a kernel needs to start on npm's Pyodide: {@code JLITE_KERNEL_WHEELS}, else beside the project. */
    static Path wheels(String which) {
        String env = System.getenv("JLITE_KERNEL_WHEELS");
        Path dir = env == null ? BuiltJars.root().resolve("../shared/wheels").resolve(which).normalize()
                : which.equals("kernel-startup") ? Path.of(env) : Path.of(env).resolveSibling(which);
        assertTrue(Files.isRegularFile(dir.resolve("SHA256SUMS")), () -> "the kernel tests need the shared start-up wheels: "
                + "put them in ../shared/wheels/ beside the project (kernel-startup/ and extra/, each with SHA256SUMS), or name "
                + "the kernel-startup folder in JLITE_KERNEL_WHEELS (extra/ beside it); not found: " + dir);
        return dir;
    }

    @BeforeAll
    static void buildServeAndStartTheBrowser() throws Exception {
        Path startup = wheels("kernel-startup");
        Path extra = wheels("extra");
        Path cache = tmp.resolve("cache");
        onImport = SiteServer.start(build("on-import", startup, extra, true, cache),
                SiteServer.Options.defaults().withPort(0).withLog(s -> served.add(s.render())));
        byHand = SiteServer.start(build("by-hand", startup, extra, false, cache),
                SiteServer.Options.defaults().withPort(0).withLog(s -> served.add(s.render())));
        proxy = new RecordingProxy();
        chromium = Chromium.start(Files.createDirectories(tmp.resolve("browser")), proxy.port());
    }

    /** The demo, with the wheels as piplite wheels, installed on import or not; the site's folder. */
    private static Path build(String name, Path startup, Path extra, boolean installOnImport, Path cache) throws Exception {
        Path demo = tmp.resolve(name);
        Path source = BuiltJars.root().resolve("examples/demo");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = source.relativize(f).toString();
                if (!rel.startsWith("_output") && !rel.equals("jupyter_lite_config.json") && !rel.equals("jupyter-lite.json")) {
                    Files.createDirectories(demo.resolve(rel).getParent());
                    Files.copy(f, demo.resolve(rel));
                }
            }
        }
        String config = Files.readString(source.resolve("jupyter_lite_config.json"))
                .replace("\"install_on_import\": true", "\"install_on_import\": " + installOnImport);
        config = config.replaceFirst("(\"piplite_urls\": \\[\\s*\\n?\\s*)", "$1\"" + json(startup) + "\", \"" + json(extra) + "\", ");
        assertTrue(config.contains(json(startup)), config);
        Files.writeString(demo.resolve("jupyter_lite_config.json"), config);
        // the app object in the page, to run a notebook's cells
        Files.writeString(demo.resolve("jupyter-lite.json"), Files.readString(source.resolve("jupyter-lite.json"))
                .replace("\"appName\": \"jlite demo\",", "\"appName\": \"jlite demo\", \"exposeAppInBrowser\": true,"));
        Files.writeString(demo.resolve("files/run.ipynb"), NOTEBOOK);
        Path site = tmp.resolve(name + "-site");
        String[] where = {"--lite-dir", demo.toString(), "--output-dir", site.toString(), "--cache-dir", cache.toString()};
        JliteProcess.Ran built = JliteProcess.run(tmp, Map.of(), concat("build", where));
        assertEquals(0, built.code(), built::all);
        JliteProcess.Ran checked = JliteProcess.run(tmp, Map.of(), concat(new String[] {"check", "--offline"}, where));
        assertEquals(0, checked.code(), () -> "check --offline passes a site whose kernel starts offline:\n" + checked.all());
        return site;
    }

    private static String json(Path p) {
        return p.toAbsolutePath().normalize().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String[] concat(String first, String[] rest) {
        return concat(new String[] {first}, rest);
    }

    private static String[] concat(String[] first, String[] rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    static final String NOTEBOOK = """
            {"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
              "source": ["import sys\\n", "print('notebook says', 6 * 7, sys.platform)"]}],
             "metadata": {"kernelspec": {"display_name": "Python (Pyodide)", "language": "python", "name": "python"}},
             "nbformat": 4, "nbformat_minor": 5}
            """;

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        for (SiteServer s : new SiteServer[] {onImport, byHand}) {
            if (s != null) {
                s.close();
            }
        }
    }

    /** The text of every output area of the page, one per line. */
    private static final String OUTPUTS = "[...document.querySelectorAll('.jp-OutputArea-output')].map(e => e.textContent).join('\\n')";

    /**
     * Opens {@code path} of {@code site}, waits until the outputs hold {@code expected}, and asserts that
     * nothing left loopback from the browser's launch on; prints how long the output took.
     */
    private static String awaitOutput(SiteServer site, String path, String expected, String what) throws Exception {
        try (Chromium.Page page = chromium.open()) {
            long start = System.nanoTime();
            page.navigate(site.url().resolve(path).toString());
            String js = "(" + OUTPUTS + ").includes(" + jsString(expected) + ") || (" + OUTPUTS + ").includes('Error')";
            page.await(js, Duration.ofSeconds(180));
            String outputs = page.evaluate(OUTPUTS).asString();
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println(what + ": " + millis + " ms from page load to output");
            assertTrue(outputs.contains(expected), () -> what + ": the outputs:\n" + outputs + "\nconsole:\n"
                    + String.join("\n", page.console));
            page.awaitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(60), () -> served.size() + proxy.mark());
            assertEquals(List.of(), proxy.requests(), "nothing asked of another host since the browser started, workers included");
            return outputs;
        }
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String repl(String... code) {
        StringBuilder q = new StringBuilder("repl/index.html?kernel=python");
        for (String c : code) {
            q.append("&code=").append(java.net.URLEncoder.encode(c, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return q.toString();
    }

    @Test
    void theReplRunsPythonAndShowsItsOutput() throws Exception {
        awaitOutput(onImport, repl("print(6*7)"), "42", "the REPL, print(6*7)");
    }

    /** Opens the notebook in the lab app, runs its cells with its own kernel, and gives the output of its cell. */
    static final String RUN_NOTEBOOK = """
            (async () => {
              const app = window.jupyterapp;
              const w = await app.commands.execute('docmanager:open',
                  {path: 'run.ipynb', factory: 'Notebook', kernel: {name: 'python'}});
              await w.context.ready;
              await w.sessionContext.ready;
              app.shell.activateById(w.id);
              await app.commands.execute('notebook:run-all-cells');
              const deadline = Date.now() + 60000;
              while (!w.node.querySelector('.jp-OutputArea-output') && Date.now() < deadline) {
                await new Promise(r => setTimeout(r, 200));
              }
              return [...w.node.querySelectorAll('.jp-OutputArea-output')].map(e => e.textContent).join('\\n');
            })()""";

    @Test
    void aNotebookOpensRunsACellAndShowsItsOutput() throws Exception {
        try (Chromium.Page page = chromium.open()) {
            long start = System.nanoTime();
            page.navigate(onImport.url().resolve("lab/index.html").toString());
            page.await("window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')", Duration.ofSeconds(120));
            String out = page.evaluate(RUN_NOTEBOOK).asString();
            System.out.println("a notebook cell: " + (System.nanoTime() - start) / 1_000_000 + " ms from page load to output");
            assertTrue(out.contains("notebook says 42 emscripten"), () -> "the cell's output: " + out + "\nconsole:\n"
                    + String.join("\n", page.console));
            page.awaitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(60), () -> served.size() + proxy.mark());
            assertEquals(List.of(), proxy.requests(), "nothing asked of another host, workers included");
        }
    }

    @Test
    void aPlainImportInstallsAShippedWheelAndAShippedWheelReplacesPyodidesOwn() throws Exception {
        String pygments = shippedVersion("pygments");
        String out = awaitOutput(onImport, repl("import snowballstemmer", "print('stem', snowballstemmer.stemmer('english').stemWord('running'))",
                "import pygments", "print('pygments', pygments.__version__)"), "pygments " + pygments, "install on import");
        assertTrue(out.contains("stem run"), out);
    }

    @Test
    void withoutInstallOnImportPipAndPipliteInstallFromTheSite() throws Exception {
        String out = awaitOutput(byHand, repl("%pip install -q snowballstemmer", "import snowballstemmer",
                "print('pip', snowballstemmer.stemmer('english').stemWord('cycling'))"), "pip cycl", "%pip install");
        assertTrue(out.contains("pip cycl"), out);
        awaitOutput(byHand, repl("import piplite", "await piplite.install('snowballstemmer')", "import snowballstemmer",
                "print('piplite', snowballstemmer.__name__)"), "piplite snowballstemmer", "piplite.install");
    }

    /** The version of the shipped wheel of {@code project}, from its file name. */
    private static String shippedVersion(String project) throws IOException {
        try (Stream<Path> files = Files.list(wheels("kernel-startup"))) {
            String name = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(project + "-")).findFirst().orElseThrow();
            return name.split("-")[1];
        }
    }
}
