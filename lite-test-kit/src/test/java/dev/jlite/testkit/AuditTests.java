package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The offline audit: every reference to another host, with file, key and URL; errors with --offline. */
class AuditTests {

    static final String KERNEL = "extensions/@jupyterlite/pyodide-kernel-extension/";

    static TestApp withKernel() {
        return TestApp.standard()
                .with(KERNEL + "package.json", "{\"name\": \"@jupyterlite/pyodide-kernel-extension\", \"version\": \"0.8.5\","
                        + " \"jupyterlab\": {\"_build\": {\"load\": \"static/remoteEntry.x.js\"}}}")
                .with(KERNEL + "static/remoteEntry.x.js", "x");
    }

    private static List<String> audit(LiteRun run) {
        return run.diagnostics().stream().filter(d -> d.source().equals("audit")).map(d -> d.render()).toList();
    }

    @Test
    void aCdnPyodideUrlIsAWarningInCheckAndAnErrorOffline() {
        String cdn = "{\"jupyter-config-data\": {\"litePluginSettings\": {\"@jupyterlite/pyodide-kernel-extension:kernel\": "
                + "{\"pyodideUrl\": \"https://cdn.example/pyodide/v0.27.7/full/pyodide.mjs\"}}}}";
        LiteRun check = LiteTestKit.addons().online().app(withKernel()).liteFile("jupyter-lite.json", cdn).run(Command.CHECK);
        assertTrue(check.ok(), check::report);
        String finding = "jupyter-lite.json: /jupyter-config-data/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel/"
                + "pyodideUrl: https://cdn.example/pyodide/v0.27.7/full/pyodide.mjs is on another host; host it with the site";
        assertEquals(List.of(finding), check.warnings());

        LiteRun offline = LiteTestKit.addons().app(withKernel()).liteFile("jupyter-lite.json", cdn).run(Command.CHECK);
        assertEquals(1, offline.exitCode());
        assertEquals(List.of(finding + " (an error with --offline)"), offline.errors());

        LiteRun build = LiteTestKit.addons().app(withKernel()).liteFile("jupyter-lite.json", cdn).run(Command.BUILD);
        assertEquals(1, build.exitCode(), "a build with --offline audits too");
        assertEquals(List.of(finding + " (an error with --offline)"), build.errors());
    }

    @Test
    void aKernelWithoutAPyodideUrlLoadsFromItsCdn() {
        LiteRun run = LiteTestKit.addons().online().app(withKernel()).run(Command.CHECK);
        assertEquals(List.of("jupyter-lite.json: /jupyter-config-data/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel/"
                + "pyodideUrl: (not set) means the Pyodide kernel loads Pyodide from its default CDN; host one with --pyodide"),
                run.warnings());
    }

    @Test
    void remoteLockFilesWheelIndexesAndPageResourcesAreListed() {
        TestApp app = TestApp.standard()
                .with("static/pyodide/pyodide-lock.json", "{\"packages\": {\"numpy\": {\"file_name\": \"https://files.example/numpy.whl\"},"
                        + " \"six\": {\"file_name\": \"six.whl\"}}}")
                .with("pypi/all.json", "{\"demo\": {\"releases\": {\"1.0\": [{\"url\": \"https://files.example/demo.whl\"}, {\"url\": \"./ok.whl\"}]}}}")
                .with("lab/extra.html", "<html><head><script src=\"https://cdn.example/x.js\"></script><link rel=\"stylesheet\" "
                        + "href=\"//fonts.example/f.css\"><script src=\"./local.js\"></script><a href=\"https://jupyter.org\">a link</a>"
                        + "<img src='http://127.0.0.1:8000/ok.png'></head></html>");
        LiteRun run = LiteTestKit.addons().online().app(app).liteFile("files/mine.html", "<script src=\"https://user.example/x.js\"></script>")
                .run(Command.CHECK);
        assertEquals(List.of(
                "lab/extra.html: line 1, <script src>: https://cdn.example/x.js is loaded from another host",
                "lab/extra.html: line 1, <link href>: //fonts.example/f.css is loaded from another host",
                "pypi/all.json: /demo/releases/1.0/0/url: https://files.example/demo.whl is on another host; piplite installs it from there",
                "static/pyodide/pyodide-lock.json: /packages/numpy/file_name: https://files.example/numpy.whl is on another host; Pyodide "
                        + "fetches it from there when the package is loaded"), run.warnings());
    }

    @Test
    void urlsTheAppsCodeLoadsAreListedButLinksAndNamespacesAreNot() {
        String bundle = "var svg=\"http://www.w3.org/2000/svg\",help='https://jupyter.org/documentation',"
                + "schema=\"https://vega.github.io/schema/vega/v5.json\",font=`https://fonts.example/inter.woff2?v=3`,"
                + "s=document.createElement('script');s.src=\"https://cdn.example/lib.min.js\";"
                + "local='./static/x.js',loop='http://localhost:8000/dev.js'";
        TestApp app = withKernel()
                .with("build/lab/bundle.js", bundle)
                .with(KERNEL + "static/worker.js", "const d=\"https://cdn.example/pyodide/v314.0.5/full/pyodide.mjs\";");
        LiteRun run = LiteTestKit.addons().online().app(app).run(Command.CHECK);
        assertEquals(List.of(
                "build/lab/bundle.js: line 1, a string: https://fonts.example/inter.woff2?v=3 is loaded from another host by "
                        + "the app's code",
                "build/lab/bundle.js: line 1, .src: https://cdn.example/lib.min.js is loaded from another host by the "
                        + "app's code",
                "jupyter-lite.json: /jupyter-config-data/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel/"
                        + "pyodideUrl: (not set) means the Pyodide kernel loads Pyodide from its default CDN "
                        + "(https://cdn.example/pyodide/v314.0.5/full/pyodide.mjs); host one with --pyodide"), run.warnings());

        String local = "{\"jupyter-config-data\": {\"litePluginSettings\": {\"@jupyterlite/pyodide-kernel-extension:kernel\": "
                + "{\"pyodideUrl\": \"../static/pyodide/pyodide.mjs\"}}}}";
        LiteRun hosted = LiteTestKit.addons().online().app(app).liteFile("jupyter-lite.json", local).run(Command.CHECK);
        assertEquals(2, hosted.warnings().size(), "the kernel's default is not used once pyodideUrl is the site's own: " + hosted.warnings());
    }

    @Test
    void anArchiveOfAnUnchangedSiteSkipsTheAuditButStillReportsItsFindings() {
        LiteTestKit kit = LiteTestKit.addons().online().app(withKernel());
        LiteRun first = kit.run(Command.ARCHIVE);
        assertTrue(first.ran().contains("audit:offline"), first::report);
        LiteRun second = kit.run(Command.ARCHIVE);
        assertEquals(List.of(), second.ran(), second::report);
        assertEquals(first.warnings(), second.warnings(), "the findings are replayed");
        assertEquals(1, first.warnings().size(), first::report);
        LiteRun offline = kit.option("offline", "true").run(Command.ARCHIVE);
        assertEquals(1, offline.exitCode(), "--offline makes the finding an error: the audit runs again, and fails");
        assertTrue(offline.errors().get(0).endsWith("(an error with --offline)"), offline::report);
    }

    @Test
    void aSelfContainedSiteHasNoFindings() {
        LiteRun run = LiteTestKit.addons().run(Command.CHECK);
        assertTrue(run.ok(), run::report);
        assertEquals(List.of("offline audit: the site references no other host"), audit(run));
    }

    static final Path CORPUS = Path.of("src/test/resources/audit-corpus");
    private static final Pattern SEEDED = Pattern.compile("\\b([hn]-[a-z0-9-]+\\.example)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern FOUND_HOST = Pattern.compile("(?i)\\b([hn]-[a-z0-9-]+\\.example)\\b");

    /** Every seeded host the corpus names: h- hosts must be found, n- hosts must not. */
    static Set<String> seeded(String prefix) throws IOException {
        Set<String> hosts = new TreeSet<>();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.endsWith("README.md")).toList()) {
                Matcher m = SEEDED.matcher(Files.readString(f));
                while (m.find()) {
                    String host = m.group(1).toLowerCase(Locale.ROOT);
                    if (host.startsWith(prefix)) {
                        hosts.add(host);
                    }
                }
            }
        }
        return hosts;
    }

    @Test
    void everyReferenceOfTheHostileCorpusIsFoundAndNothingThatIsNotARequest() throws IOException {
        TestApp app = TestApp.standard();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                app = app.with(CORPUS.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        LiteRun run = LiteTestKit.addons().online().app(app).run(Command.CHECK);
        Set<String> found = new TreeSet<>();
        for (String w : run.warnings()) {
            Matcher m = FOUND_HOST.matcher(w);
            while (m.find()) {
                found.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        Set<String> expected = seeded("h-");
        assertTrue(expected.size() >= 45, "the corpus seeds a host per case: " + expected);
        Set<String> missed = new TreeSet<>(expected);
        missed.removeAll(found);
        assertEquals(Set.of(), missed, () -> "missed; the audit said:\n" + String.join("\n", run.warnings()));
        Set<String> wrong = new TreeSet<>(found);
        wrong.retainAll(seeded("n-"));
        assertEquals(Set.of(), wrong, () -> "not requests, but reported:\n" + String.join("\n", run.warnings()));
        assertTrue(run.warnings().contains("seeded.html: line 28, <img srcset>: https://h-srcset2.example/b.png is loaded from "
                + "another host"), () -> String.join("\n", run.warnings()));
        assertTrue(run.warnings().contains("base.html: line 2, <base href>: https://h-base.example/site/ sends every relative URL "
                + "of the page to another host"), () -> String.join("\n", run.warnings()));
        assertTrue(run.warnings().contains("bootstrap.js: line 14, a string: https://h-js-escaped.example/lib.js is loaded from "
                + "another host by the app's code"), () -> String.join("\n", run.warnings()));
        assertTrue(run.warnings().contains("build/seeded.css: line 10, url(): https://h-css-escaped.example/e.png is loaded from "
                + "another host by a style"), () -> String.join("\n", run.warnings()));
    }

    @Test
    void everyUrlOfTheRuntimeConfigurationIsFoundWhateverItsKey() {
        String config = "{\"jupyter-config-data\": {\"appName\": \"x\", \"litePluginSettings\": {\"@jupyterlite/pyodide-kernel-extension:kernel\": "
                + "{\"pyodideUrl\": \"./static/pyodide/pyodide.mjs\", \"loadPyodideOptions\": {\"packages\": "
                + "[\"https://h-packages.example/x-1.0-py3-none-any.whl\", \"./local.whl\"]}}}, \"someSetting\": \"//h-config.example/x\"}}";
        LiteRun run = LiteTestKit.addons().online().app(withKernel()).liteFile("jupyter-lite.json", config).run(Command.CHECK);
        assertEquals(List.of(
                "jupyter-lite.json: /jupyter-config-data/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel/loadPyodideOptions/"
                        + "packages/0: https://h-packages.example/x-1.0-py3-none-any.whl is on another host; host it with the site",
                "jupyter-lite.json: /jupyter-config-data/someSetting: //h-config.example/x is on another host; host it with the site"),
                run.warnings());
    }
}
