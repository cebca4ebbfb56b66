package dev.jlite.addon.piplite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.WheelName;
import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.LiteTestKit;
import dev.jlite.testkit.TestApp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Pyodide kernel fetches at start-up, and which of it the site lacks, named file by file. */
class StartupTests {

    static final String KERNEL = "extensions/@jupyterlite/pyodide-kernel-extension/";
    static final String LOCK = "static/pyodide/pyodide-lock.json";

    static String entry(String name, String file, String... depends) {
        return "\"" + name + "\": {\"name\": \"" + name + "\", \"version\": \"1.0\", \"file_name\": \"" + file + "\", \"install_dir\": "
                + "\"site\", \"sha256\": \"\", \"imports\": [], \"depends\": [" + String.join(", ", List.of(depends).stream()
                .map(d -> "\"" + d + "\"").toList()) + "]}";
    }

    /** An all.json listing the wheels, grouped by project. */
    static String all(String... wheels) {
        java.util.Map<String, java.util.List<String>> byProject = new java.util.TreeMap<>();
        for (String w : wheels) {
            WheelName t = WheelName.parse(w).orElseThrow();
            byProject.computeIfAbsent(t.project().replace('_', '-'), k -> new java.util.ArrayList<>())
                    .add("\"" + t.version() + "\": [{\"url\": \"./" + w + "\"}]");
        }
        StringBuilder b = new StringBuilder("{");
        byProject.forEach((project, releases) -> b.append(b.length() > 1 ? ", " : "").append("\"").append(project)
                .append("\": {\"releases\": {").append(String.join(", ", releases)).append("}}"));
        return b.append("}").toString();
    }

    /**
     * A site whose kernel extension ships piplite, ipykernel and pyodide-kernel (which needs comm and
     * ipython), and whose Pyodide index has micropip and ipython (which needs traitlets) and jedi (which
     * needs parso); the files of ipython and parso are not there, and comm is in no index.
     */
    static TestApp app() {
        Wheels piplite = Wheels.wheel("piplite", "0.8.6");
        Wheels ipykernel = Wheels.wheel("ipykernel", "6.9.2").requires("pyodide-kernel");
        Wheels kernel = Wheels.wheel("pyodide-kernel", "0.8.6").requires("comm").requires("ipython")
                .requires("pytest ; extra == 'test'").requires("oldthing ; python_version < '3.8'");
        Wheels older = Wheels.wheel("pyodide-kernel", "0.8.5").requires("notme");
        return TestApp.standard()
                .with(KERNEL + "package.json", "{\"name\": \"@jupyterlite/pyodide-kernel-extension\", \"version\": \"0.8.6\","
                        + " \"jupyterlab\": {\"_build\": {\"load\": \"static/remoteEntry.x.js\"}}}")
                .with(KERNEL + "static/remoteEntry.x.js", "x")
                .with(KERNEL + "static/pypi/" + piplite.fileName(), piplite.bytes())
                .with(KERNEL + "static/pypi/" + ipykernel.fileName(), ipykernel.bytes())
                .with(KERNEL + "static/pypi/" + kernel.fileName(), kernel.bytes())
                .with(KERNEL + "static/pypi/" + older.fileName(), older.bytes())
                .with(KERNEL + "static/pypi/all.json", all(ipykernel.fileName(), older.fileName(), kernel.fileName(), piplite.fileName()))
                .with("static/pyodide/pyodide.mjs", "export const loadPyodide = 1;")
                .with(LOCK, "{\"info\": {\"python\": \"3.14.0\", \"platform\": \"emscripten_4_0_9\"}, \"packages\": {"
                        + entry("micropip", "micropip-0.11.1-py3-none-any.whl") + ", "
                        + entry("ipython", "ipython-9.12.0-py3-none-any.whl", "traitlets") + ", "
                        + entry("traitlets", "traitlets-5.14.3-py3-none-any.whl") + ", "
                        + entry("jedi", "jedi-0.19.2-py2.py3-none-any.whl", "parso") + ", "
                        + entry("parso", "parso-0.8.6-py2.py3-none-any.whl") + "}}")
                .with("static/pyodide/micropip-0.11.1-py3-none-any.whl", "w")
                .with("static/pyodide/traitlets-5.14.3-py3-none-any.whl", "w")
                .with("static/pyodide/jedi-0.19.2-py2.py3-none-any.whl", "w");
    }

    static String config(String extra) {
        return "{\"jupyter-config-data\": {\"litePluginSettings\": {\"@jupyterlite/pyodide-kernel-extension:kernel\": "
                + "{\"pyodideUrl\": \"./static/pyodide/pyodide.mjs\"" + extra + "}}}}";
    }

    static List<String> startup(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("kernel start-up: ")).toList();
    }

    @Test
    void eachFileTheKernelWouldFetchAndLacksIsNamedWithTheIndexThatNamesIt() {
        LiteRun run = LiteTestKit.addons(new PipliteAddon()).online().app(app()).liteFile("jupyter-lite.json", config("")).run(Command.CHECK);
        assertTrue(run.ok(), run::report);
        assertEquals(List.of(
                "kernel start-up: " + LOCK + ": /packages/ipython/file_name: static/pyodide/ipython-9.12.0-py3-none-any.whl is not in "
                        + "the site; the Pyodide kernel fetches it when it starts, and cannot start without it",
                "kernel start-up: " + LOCK + ": /packages/parso/file_name: static/pyodide/parso-0.8.6-py2.py3-none-any.whl is not in "
                        + "the site; the Pyodide kernel fetches it when it starts, and cannot start without it",
                "kernel start-up: comm is in neither Pyodide's index (" + LOCK + ") nor the site's wheel indexes, so piplite looks for "
                        + "it on PyPI, another host; add wheels with --piplite-wheels, or set disablePyPIFallback",
                "kernel start-up: to ship what the kernel needs to start, add its wheels to jupyter_lite_config.json: "
                        + "{\"PipliteAddon\": {\"piplite_urls\": [\"pypi:ipython==9.12.0\", \"pypi:parso==0.8.6\", \"pypi:comm==VERSION\"], "
                        + "\"install_on_import\": true}}, with VERSION a release of comm that runs on Python 3.14.0 (no index of the "
                        + "site names one) (or a folder holding those wheels in piplite_urls, or --piplite-wheels DIR "
                        + "--piplite-install-on-import)"),
                startup(run.warnings()));
        // micropip, piplite, ipykernel, pyodide-kernel 0.8.6 (the newest), ipython, traitlets, jedi, parso
        assertTrue(run.infos().contains("kernel start-up: of the 8 files the Pyodide kernel fetches when it starts, the site lacks 2, "
                + "and 1 package is in no index"), run::report);
    }

    @Test
    void withThePyPIFallbackOffAnUnknownPackageCannotBeInstalledAndIsNoOutsideRequest() {
        LiteRun offline = LiteTestKit.addons(new PipliteAddon()).app(app()).liteFile("jupyter-lite.json", config(", \"disablePyPIFallback\": true"))
                .run(Command.CHECK);
        assertEquals(1, offline.exitCode(), "a kernel that cannot start offline fails check --offline");
        assertTrue(startup(offline.errors()).contains("kernel start-up: comm is in neither Pyodide's index (" + LOCK + ") nor the "
                + "site's wheel indexes, and disablePyPIFallback is set: the kernel cannot install it, and does not start (an error "
                + "with --offline)"), offline::report);
        assertTrue(startup(offline.warnings()).stream().anyMatch(w -> w.contains("\"pypi:comm==VERSION\"")), "the remedy names it: " + offline.report());

        LiteRun pypi = LiteTestKit.addons(new PipliteAddon()).app(app()).liteFile("jupyter-lite.json", config("")).run(Command.CHECK);
        assertEquals(1, pypi.exitCode(), "a PyPI lookup is a request to another host: an error with --offline");
        assertTrue(startup(pypi.errors()).contains("kernel start-up: comm is in neither Pyodide's index (" + LOCK + ") nor the site's "
                + "wheel indexes, so piplite looks for it on PyPI, another host; add wheels with --piplite-wheels, or set "
                + "disablePyPIFallback (an error with --offline)"), pypi::report);
    }

    @Test
    void aSiteThatHostsEverythingSaysSo() {
        Wheels comm = Wheels.wheel("comm", "0.2.2");
        TestApp whole = app().with("static/pyodide/ipython-9.12.0-py3-none-any.whl", "w")
                .with("static/pyodide/parso-0.8.6-py2.py3-none-any.whl", "w");
        LiteRun run = PipliteAddonTests.put(LiteTestKit.addons(new PipliteAddon()).app(whole), "pypi/", comm)
                .liteFile("jupyter-lite.json", config("")).run(Command.CHECK);
        assertTrue(run.ok(), run::report);
        assertEquals(List.of(), startup(run.warnings()));
        assertTrue(run.infos().contains("kernel start-up: the site hosts all 9 files the Pyodide kernel fetches when it starts"),
                run::report);
    }

    @Test
    void packagesPreloadedByNameOrByWheelUrlAreFetchedWithPyodide() {
        String preload = ", \"loadPyodideOptions\": {\"packages\": [\"../../../../pypi/extra-1.0-py3-none-any.whl\", \"jedi\"]}";
        LiteRun run = LiteTestKit.addons(new PipliteAddon()).online().app(app()).liteFile("jupyter-lite.json", config(preload)).run(Command.CHECK);
        assertTrue(startup(run.warnings()).contains("kernel start-up: jupyter-lite.json: /jupyter-config-data/litePluginSettings/"
                + "@jupyterlite~1pyodide-kernel-extension:kernel/loadPyodideOptions/packages/0: pypi/extra-1.0-py3-none-any.whl is not "
                + "in the site; Pyodide's fetch of it fails when the kernel starts, and the kernel starts without it"),
                () -> String.join("\n", run.warnings()));
    }

    @Test
    void aSiteWithoutThePyodideKernelOrWithACdnPyodideIsNotAnalysed() {
        LiteRun none = LiteTestKit.addons(new PipliteAddon()).app(TestApp.standard()).run(Command.CHECK);
        assertEquals(List.of(), startup(none.infos()));
        LiteRun cdn = LiteTestKit.addons(new PipliteAddon()).online().app(app()).run(Command.CHECK);
        assertEquals(List.of(), startup(cdn.infos()), "the audit reports the CDN; nothing here is fetched from the site");
    }
}
