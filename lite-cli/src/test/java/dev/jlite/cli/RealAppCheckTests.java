package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlite check} on a real JupyterLite 0.8 site (the galaxy app of {@code scripts/fetch-assets.sh}): its own
 * {@code jupyterlite.schema.v0.json} and the real plugin schemas of {@code build/schemas}.
 */
@Tag("e2e")
class RealAppCheckTests {

    @TempDir
    Path tmp;

    /** The real app: {@code $JLITE_ASSETS} or {@code <repo>/.cache/assets}, as scripts/fetch-assets.sh fills it. */
    private static Path realApp() {
        String assets = System.getenv("JLITE_ASSETS");
        Path root = assets != null && !assets.isBlank() ? Path.of(assets)
                : Path.of(System.getProperty("jlite.repo.root")).resolve(".cache/assets");
        Path app = root.resolve("galaxy-app/package/static/dist/_output");
        assertTrue(Files.isRegularFile(app.resolve("jupyterlite.schema.v0.json")),
                app + " is missing: run scripts/fetch-assets.sh galaxy-app first");
        return app;
    }

    private String[] check(Path app) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        JliteTool tool = new JliteTool(Map.of("HOME", tmp.resolve("home").toString()), tmp,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), false);
        int code = tool.run(new PrintWriter(out), new PrintWriter(err), "check", "--lite-dir", "site", "--app-archive",
                app.toString(), "--cache-dir", tmp.resolve("cache").toString());
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void theRealSitePassesAndARealSchemaFindsTheMistakes() throws IOException {
        Path app = realApp();
        Files.createDirectories(tmp.resolve("site"));
        String[] good = check(app);
        assertEquals("0", good[0], () -> good[1] + good[2]);
        String cdn = "warning: jupyter-lite.json: /jupyter-config-data/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel/"
                + "pyodideUrl: (not set) means the Pyodide kernel loads Pyodide from its default CDN "
                + "(https://cdn.jsdelivr.net/pyodide/v314.0.5/full/pyodide.mjs); host one with --pyodide";
        assertEquals(List.of(cdn), good[2].lines().toList(), "valid, and the audit finds the one outside reference the app makes");

        Files.writeString(tmp.resolve("site/jupyter-lite.json"), """
                {"jupyter-config-data": {
                  "exposeAppInBrowser": "yes",
                  "disabledExtensions": ["Not A Package"],
                  "settingsOverrides": {"@jupyterlab/apputils-extension:themes": {"theme": 3}}
                }}""");
        String[] bad = check(app);
        assertEquals("1", bad[0], () -> bad[1] + bad[2]);
        String data = "error: jupyter-lite.json: /jupyter-config-data/";
        assertEquals(List.of(
                data + "disabledExtensions/0: must be an NPM Package Name or a JupyterLab Plugin, got \"Not A Package\"",
                data + "exposeAppInBrowser: must be a boolean, got \"yes\"",
                data + "settingsOverrides/@jupyterlab~1apputils-extension:themes/theme: must be a string, got 3 (per "
                        + "build/schemas/@jupyterlab/apputils-extension/themes.json)",
                "jlite check: failed"), bad[2].lines().filter(l -> !l.equals(cdn)).toList());
    }
}
