package dev.jlite.addon.pyodide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.pyodide.PyodideKeys;
import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.LiteTestKit;
import dev.jlite.testkit.TestApp;
import dev.jlite.testkit.TestArchives;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Pyodide addon on generated distributions, exactly as a third party would test it. */
class PyodideAddonTests {

    static final String URL = "/jupyter-config-data/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel/pyodideUrl";

    /** A small distribution of the given version: entry points, a lock of three packages, one of them present. */
    static Map<String, byte[]> distribution(String prefix, String version, boolean withMicropip) {
        Map<String, byte[]> f = new TreeMap<>();
        boolean lock = !version.startsWith("0.22");
        put(f, prefix + "pyodide.mjs", "export const loadPyodide = () => {};");
        put(f, prefix + "pyodide.js", "var loadPyodide;");
        put(f, prefix + "pyodide.js.map", "{}");
        put(f, prefix + "pyodide.asm.wasm", "\0asm");
        put(f, prefix + "package.json", "{\"name\": \"pyodide\", \"version\": \"" + version + "\"}");
        String info = "\"info\": {\"arch\": \"wasm32\", \"platform\": \"emscripten_3_1_58\", \"python\": \"3.12.7\""
                + (lock ? "" : ", \"version\": \"" + version + "\"") + "}";
        put(f, prefix + (lock ? "pyodide-lock.json" : "repodata.json"), "{" + info + ", \"packages\": {"
                + "\"micropip\": {\"name\": \"micropip\", \"file_name\": \"micropip-0.8.0-py3-none-any.whl\", \"depends\": [\"packaging\"]},"
                + "\"packaging\": {\"name\": \"packaging\", \"file_name\": \"packaging-24.2-py3-none-any.whl\", \"depends\": []},"
                + "\"numpy\": {\"name\": \"numpy\", \"file_name\": \"numpy-2.0-cp312-cp312-pyodide_2024_0_wasm32.whl\", \"depends\": []}}}");
        put(f, prefix + "numpy-2.0-cp312-cp312-pyodide_2024_0_wasm32.whl", "numpy");
        if (withMicropip) {
            put(f, prefix + "micropip-0.8.0-py3-none-any.whl", "micropip");
            put(f, prefix + "packaging-24.2-py3-none-any.whl", "packaging");
        }
        return f;
    }

    private static void put(Map<String, byte[]> f, String path, String text) {
        f.put(path, text.getBytes(StandardCharsets.UTF_8));
    }

    static LiteTestKit kit(Addon... more) {
        Addon[] all = new Addon[more.length + 1];
        all[0] = new PyodideAddon();
        System.arraycopy(more, 0, all, 1, more.length);
        return LiteTestKit.addons(all);
    }

    private static LiteRun build(LiteTestKit kit) {
        LiteRun run = kit.run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        return run;
    }

    @Test
    void theFolderHoldingTheEntryPointIsHostedAndWired() {
        LiteTestKit kit = kit();
        distribution("dist/", "314.0.7", true).forEach(kit::liteFile);
        LiteRun run = build(kit.arg("PyodideAddon", "pyodide_url", "dist"));
        assertEquals("./static/pyodide/pyodide.mjs", run.json("jupyter-lite.json").at(URL).asString());
        assertTrue(run.exists("static/pyodide/pyodide.asm.wasm"));
        assertTrue(run.exists("static/pyodide/pyodide-lock.json"));
        assertEquals(List.of(), kit.run(Command.BUILD).ran(), "a second build runs nothing");
    }

    @Test
    void theParentFolderAndArchivesWorkToo() {
        List<String> expected = build(withDist(kit(), "a/", "0.27.7", "a")).tree();
        // the folder's parent, named pyodide/ (the reference's "extraction parent" form)
        LiteTestKit parent = kit();
        distribution("outer/pyodide/", "0.27.7", true).forEach(parent::liteFile);
        assertEquals(expected, build(parent.arg("PyodideAddon", "pyodide_url", "outer")).tree());
        // a release-style tarball with a pyodide/ top folder, a .tgz and a .zip
        Map<String, byte[]> packed = distribution("pyodide/", "0.27.7", true);
        assertEquals(expected, build(kit().liteFile("pyodide-0.27.7.tar.bz2", TestArchives.tarBz2(packed))
                .arg("PyodideAddon", "pyodide_url", "pyodide-0.27.7.tar.bz2")).tree());
        assertEquals(expected, build(kit().liteFile("p.tgz", TestArchives.tgz(packed))
                .arg("PyodideAddon", "pyodide_url", "p.tgz")).tree());
        assertEquals(expected, build(kit().liteFile("p.zip", TestArchives.zip(packed))
                .arg("PyodideAddon", "pyodide_url", "p.zip")).tree());
        // the environment variable, and the well-known folder
        LiteTestKit env = kit();
        distribution("somewhere/", "0.27.7", true).forEach(env::liteFile);
        assertEquals(expected, build(env.env("JUPYTERLITE_PYODIDE_URL", "somewhere")).tree());
        LiteTestKit known = kit();
        distribution("static/pyodide/", "0.27.7", true).forEach(known::liteFile);
        assertEquals(expected, build(known).tree());
    }

    private static LiteTestKit withDist(LiteTestKit kit, String prefix, String version, String spec) {
        distribution(prefix, version, true).forEach(kit::liteFile);
        return kit.arg("PyodideAddon", "pyodide_url", spec);
    }

    @Test
    void pyodideBefore314IsLoadedThroughPyodideJs() {
        LiteRun run = build(withDist(kit(), "d/", "0.22.1", "d"));
        assertEquals("./static/pyodide/pyodide.js", run.json("jupyter-lite.json").at(URL).asString());
        assertTrue(run.exists("static/pyodide/repodata.json"));
    }

    @Test
    void noSourcemapsLeavesOutTheMaps() {
        LiteRun run = build(withDist(kit(), "d/", "0.27.7", "d").option("no_sourcemaps", "true"));
        assertFalse(run.exists("static/pyodide/pyodide.js.map"));
        assertTrue(run.exists("static/pyodide/pyodide.js"));
    }

    @Test
    void whatIsNotPyodideIsRefusedWithWhatWasFound() throws IOException {
        LiteTestKit folder = kit().liteFile("other/readme.md", "hi").liteFile("other/lib/a.js", "x");
        LiteRun run = folder.arg("PyodideAddon", "pyodide_url", "other").run(Command.BUILD);
        assertEquals(1, run.exitCode());
        assertEquals(List.of("addon 'pyodide' failed in BUILD, task 'locate': other is not a Pyodide distribution: there is no "
                + "pyodide.mjs or pyodide.js with a pyodide-lock.json or repodata.json in it (found: lib/, readme.md); give a "
                + "Pyodide release tarball, the npm package (npm:pyodide@<version>), or the folder holding pyodide.mjs"), run.errors());

        LiteTestKit tarball = kit().liteFile("x.tar.bz2", TestArchives.tarBz2(Map.of("stuff/a.txt", new byte[] {1})));
        LiteRun bad = tarball.arg("PyodideAddon", "pyodide_url", "x.tar.bz2").option("cache_dir", "/work/cache").run(Command.BUILD);
        assertEquals(1, bad.exitCode());
        assertTrue(bad.errors().get(0).contains("x.tar.bz2 is not a Pyodide distribution: there is no pyodide.mjs or pyodide.js "
                + "with a pyodide-lock.json or repodata.json in it (found: stuff/)"), bad::report);
        Path unpacked = bad.liteDir().getFileSystem().getPath("/work/cache/unpacked");
        try (Stream<Path> held = Files.list(unpacked)) {
            assertEquals(List.of(), held.toList(), "what holds no distribution stays out of the cache");
        }
    }

    @Test
    void thePluginIdFollowsTheApp() {
        String old = "/jupyter-config-data/litePluginSettings/@jupyterlite~1pyolite-kernel-extension:kernel/pyodideUrl";
        TestApp beta = TestApp.standard().with("package.json", "{\"name\": \"@jupyterlite/app\", \"version\": \"0.1.0-beta.17\","
                + " \"jupyterlite\": {\"apps\": [\"lab\"]}}");
        LiteRun pyolite = build(withDist(kit(), "d/", "0.22.1", "d").app(beta));
        assertEquals("./static/pyodide/pyodide.js", pyolite.json("jupyter-lite.json").at(old).asString());
        assertTrue(pyolite.json("jupyter-lite.json").at(URL).isMissingNode());
        assertEquals(List.of(), pyolite.warnings(), "0.22 is what pyolite expects");

        LiteRun overridden = build(withDist(kit(), "d/", "0.22.1", "d").app(beta).arg("PyodideAddon", "kernel_plugin_id", "my:kernel"));
        assertEquals("./static/pyodide/pyodide.js",
                overridden.json("jupyter-lite.json").at("/jupyter-config-data/litePluginSettings/my:kernel/pyodideUrl").asString());
    }

    /** An app whose site carries the Pyodide kernel extension of the given version. */
    static TestApp appWithKernel(String version) {
        return TestApp.standard()
                .with("extensions/@jupyterlite/pyodide-kernel-extension/package.json", "{\"name\": \"@jupyterlite/pyodide-kernel-extension\","
                        + " \"version\": \"" + version + "\", \"jupyterlab\": {\"_build\": {\"load\": \"static/remoteEntry.x.js\"}}}")
                .with("extensions/@jupyterlite/pyodide-kernel-extension/static/remoteEntry.x.js", "x");
    }

    @Test
    void aKernelThatDoesNotMatchTheDistributionIsAWarningOrWithStrictAnError() {
        LiteRun warned = build(withDist(kit(), "d/", "0.27.7", "d").app(appWithKernel("0.8.5")));
        assertEquals(List.of("the Pyodide kernel extension 0.8.5 expects Pyodide 314.x, but the site hosts Pyodide 0.27.7 (from d); "
                + "the kernel may fail to start. Give a matching distribution, e.g. --pyodide npm:pyodide@314.0.7"), warned.warnings());
        LiteRun strict = withDist(kit(), "d/", "0.27.7", "d").app(appWithKernel("0.8.5")).option("strict", "true").run(Command.BUILD);
        assertEquals(1, strict.exitCode());
        assertTrue(strict.errors().get(0).endsWith("(an error with --strict)"), strict::report);
        assertEquals(List.of(), build(withDist(kit(), "d/", "314.0.7", "d").app(appWithKernel("0.8.5"))).warnings());
        assertEquals(List.of(), build(withDist(kit(), "d/", "0.27.7", "d").app(appWithKernel("0.6.1"))).warnings());
    }

    @Test
    void statusSaysWhereItComesFromWhatItIsAndWhatIsMissing() {
        LiteTestKit kit = kit().liteFile("p.tar.bz2", TestArchives.tarBz2(distribution("pyodide/", "0.27.7", false)))
                .arg("PyodideAddon", "pyodide_url", "p.tar.bz2");
        LiteRun before = kit.run(Command.STATUS);
        assertTrue(before.ok(), before::report);
        List<String> infos = before.diagnostics().stream().filter(d -> d.source().equals("pyodide")).map(d -> d.render()).toList();
        assertEquals(List.of("p.tar.bz2 is not unpacked in the cache yet"), infos);
        build(kit);
        LiteRun after = kit.run(Command.STATUS);
        infos = after.diagnostics().stream().filter(d -> d.source().equals("pyodide")).map(d -> d.render()).toList();
        assertEquals(3, infos.size(), infos::toString);
        assertTrue(infos.get(0).startsWith("source: p.tar.bz2 (in the cache, unpacked once: /home/tester/.cache/jlite/unpacked/"), infos.get(0));
        assertEquals("Pyodide 0.27.7, Python 3.12.7, emscripten_3_1_58: partial, 1 of 3 packages present; entry point "
                + "pyodide.js, index pyodide-lock.json", infos.get(1));
        assertEquals("the kernel loads micropip, packaging at start-up, and neither the distribution nor the site's wheels hold "
                + "them: the kernel does not start offline; ship them as wheels with piplite (jlite check prints the piplite_urls "
                + "that do), or use a full distribution", infos.get(2));
    }

    @Test
    void checkListsMissingPackageFilesAndFailsOfflineUnlessAnotherAddonProvidesThem() {
        LiteTestKit kit = kit().liteFile("p.tar.bz2", TestArchives.tarBz2(distribution("pyodide/", "0.27.7", false)))
                .arg("PyodideAddon", "pyodide_url", "p.tar.bz2").option("offline", "false");
        LiteRun warned = kit.run(Command.CHECK);
        assertTrue(warned.ok(), warned::report);
        assertEquals(List.of("static/pyodide/pyodide-lock.json: 2 of 3 packages have no file in the site (micropip, packaging); a "
                + "kernel importing them fetches nothing offline, and it cannot start without micropip, packaging"), warned.warnings());
        LiteRun offline = kit.clearArgs().arg("PyodideAddon", "pyodide_url", "p.tar.bz2").run(Command.CHECK);
        assertEquals(1, offline.exitCode(), offline::report);
        assertTrue(offline.errors().get(0).endsWith("(an error with --offline)"));

        LiteTestKit supplied = kit(provider("micropip", "packaging")).liteFile("p.tar.bz2", TestArchives.tarBz2(distribution("pyodide/", "0.27.7", false)))
                .arg("PyodideAddon", "pyodide_url", "p.tar.bz2");
        LiteRun ok = supplied.run(Command.CHECK);
        assertTrue(ok.ok(), ok::report);
        assertEquals(List.of(), ok.warnings());
    }

    @Test
    void statusSaysWhichStartUpPackagesTheSitesWheelsShipAsTheLastBuildDid() {
        LiteTestKit kit = kit(provider("micropip")).liteFile("p.tar.bz2", TestArchives.tarBz2(distribution("pyodide/", "0.27.7", false)))
                .arg("PyodideAddon", "pyodide_url", "p.tar.bz2");
        build(kit);
        LiteRun status = kit.run(Command.STATUS);
        List<String> infos = status.diagnostics().stream().filter(d -> d.source().equals("pyodide")).map(d -> d.render()).toList();
        assertEquals(List.of("the kernel loads micropip at start-up, which the distribution lacks and the site's wheels ship (as of "
                + "the last build)", "the kernel loads packaging at start-up, and neither the distribution nor the site's wheels hold "
                + "it: the kernel does not start offline; ship it as wheels with piplite (jlite check prints the piplite_urls that "
                + "do), or use a full distribution"), infos.subList(2, infos.size()));
    }

    /** An addon that says the site's wheels provide {@code packages}, as the piplite addon does. */
    private static Addon provider(String... packages) {
        return new Addon() {
            @Override
            public String id() {
                return "provider";
            }

            @Override
            public void register(AddonRegistrar r) {
                r.task(Phase.POST_BUILD, "provide").writes(PyodideKeys.PROVIDED_PACKAGES).run(ctx -> {
                    for (String p : packages) {
                        ctx.add(PyodideKeys.PROVIDED_PACKAGES, p);
                    }
                });
            }
        };
    }
}
