package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every form an app archive comes in gives the same site. */
class AppArchiveTests {

    private static List<String> siteFrom(LiteTestKit kit) {
        LiteRun run = kit.run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        return run.tree();
    }

    @Test
    void aFolderAnNpmTarballAndAZipGiveTheSameSite() {
        List<String> fromFolder = siteFrom(LiteTestKit.addons());
        List<String> fromTgz = siteFrom(LiteTestKit.addons().appArchive("app.tgz", TestApp.standard().tgz()));
        List<String> fromZip = siteFrom(LiteTestKit.addons().appArchive("app.zip", TestApp.standard().zip()));
        assertEquals(fromFolder, fromTgz);
        assertEquals(fromFolder, fromZip);
    }

    @Test
    void aFolderHoldingPackageIsUnwrapped() throws Exception {
        LiteTestKit kit = LiteTestKit.addons();
        Path unpacked = kit.fileSystem().getPath("/work/unpacked/package");
        for (var e : TestApp.standard().files().entrySet()) {
            Path f = unpacked.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        List<String> site = siteFrom(kit.appArchiveSpec("/work/unpacked"));
        assertEquals(siteFrom(LiteTestKit.addons()), site);
    }

    @Test
    void anEarlierSiteIsAnAppArchive() {
        LiteTestKit first = LiteTestKit.addons().liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"One\"}}");
        LiteRun one = first.run(Command.BUILD);
        Map<String, byte[]> packed = new TreeMap<>();
        for (String f : one.files()) {
            packed.put("package/" + f, one.text(f).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        LiteRun two = LiteTestKit.addons().appArchive("site.tgz", TestArchives.tgz(packed)).run(Command.BUILD);
        assertTrue(two.ok(), two::report);
        assertEquals(one.tree(), two.tree());
        assertEquals("One", two.json("jupyter-lite.json").at("/jupyter-config-data/appName").asString());
    }

    @Test
    void appsArePrunedAndUnknownNamesWarned() {
        LiteTestKit kit = LiteTestKit.addons().option("apps", "repl").option("apps", "foobarbaz");
        LiteRun run = kit.run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals(0, run.exitCode());
        assertEquals(List.of("--apps: 'foobarbaz' is not one of: lab, repl, tree, notebooks; it is ignored"), run.warnings());
        assertTrue(run.exists("repl/index.html"));
        assertTrue(run.exists("build/repl/bundle.js"));
        for (String gone : List.of("lab", "tree", "notebooks", "build/lab", "build/tree", "build/notebooks")) {
            assertFalse(run.exists(gone), gone);
        }
        assertTrue(run.exists("build/shared.js"), "shared chunks stay");
        LiteRun again = kit.run(Command.BUILD);
        assertEquals(List.of(), again.ran());
        assertEquals(run.warnings(), again.warnings(), "the warning is repeated while the cause remains");
    }

    /**
     * With {@code no_unused_shared_packages}, the webpack chunks that only the left-out apps' bundles name are left
     * out too, as the reference's {@code prune:shared-packages} does; a chunk a kept app names stays.
     */
    @Test
    void unusedSharedPackagesGoWithTheirApps() {
        TestApp app = TestApp.standard()
                .with("build/lab/bundle.js", "var c={101:\"aaa111\",202:\"bbb222\"};")
                .with("build/repl/bundle.js", "var c={202:\"bbb222\",303:\"ccc333\"};")
                .with("build/101.aaa111.js", "lab only").with("build/101.aaa111.js.map", "{}")
                .with("build/202.bbb222.js", "shared").with("build/303.ccc333.js", "repl only")
                .with("build/1010.aaa111.js", "another chunk whose id starts alike");
        LiteRun kept = LiteTestKit.addons().app(app).option("apps", "repl").run(Command.BUILD);
        assertTrue(kept.ok(), kept::report);
        assertTrue(kept.exists("build/101.aaa111.js"), "without the setting, shared packages stay");

        LiteTestKit kit = LiteTestKit.addons().app(app).option("apps", "repl").option("no_unused_shared_packages", "true");
        LiteRun pruned = kit.run(Command.BUILD);
        assertTrue(pruned.ok(), pruned::report);
        assertFalse(pruned.exists("build/101.aaa111.js"));
        assertFalse(pruned.exists("build/101.aaa111.js.map"));
        for (String stays : List.of("build/202.bbb222.js", "build/303.ccc333.js", "build/1010.aaa111.js", "build/shared.js",
                "build/repl/bundle.js")) {
            assertTrue(pruned.exists(stays), stays);
        }
        assertTrue(pruned.infos().contains("no_unused_shared_packages: left out 1 shared package that only lab, tree, notebooks "
                + "use"), pruned::report);
        assertEquals(kept.files().size() - 2, pruned.files().size());
        LiteRun back = kit.option("no_unused_shared_packages", "false").run(Command.BUILD);
        assertEquals(kept.tree(), back.tree(), "turning it off puts them back");
    }

    @Test
    void noSourcemapsLeavesOutMaps() {
        LiteRun run = LiteTestKit.addons().option("no_sourcemaps", "true").run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertTrue(run.exists("build/shared.js"));
        assertEquals(List.of(), run.files().stream().filter(f -> f.endsWith(".map")).toList());
    }

    @Test
    void theArchiveCanComeFromAConfigFileOrTheEnvironment() {
        LiteTestKit viaConfig = LiteTestKit.addons().noApp();
        viaConfig.appArchive("app.tgz", TestApp.standard().tgz()).appArchiveSpec(null);
        viaConfig.config("{\"LiteBuildConfig\": {\"app_archive\": \"../app.tgz\"}}");
        LiteRun a = viaConfig.run(Command.BUILD);
        assertTrue(a.ok(), a::report);

        LiteTestKit viaEnv = LiteTestKit.addons().noApp().env("JUPYTERLITE_APP_ARCHIVE", "/work/app.tgz");
        viaEnv.appArchive("app.tgz", TestApp.standard().tgz()).appArchiveSpec(null);
        LiteRun b = viaEnv.run(Command.BUILD);
        assertTrue(b.ok(), b::report);
        assertEquals(a.tree(), b.tree());

        LiteTestKit viaStatic = LiteTestKit.addons().noApp();
        viaStatic.appArchive("app.tgz", TestApp.standard().tgz()).appArchiveSpec(null);
        viaStatic.arg("StaticAddon", "app_archive", "/work/app.tgz");
        assertEquals(a.tree(), viaStatic.run(Command.BUILD).tree());
    }

    @Test
    void aSecondSiteFromTheSameArchiveUnpacksNothing() throws Exception {
        LiteTestKit kit = LiteTestKit.addons().appArchive("app.tgz", TestApp.standard().tgz());
        assertTrue(kit.run(Command.BUILD).ok());
        Path unpacked = kit.fileSystem().getPath("/home/tester/.cache/jlite/unpacked");
        List<Path> once;
        try (var s = Files.list(unpacked)) {
            once = s.toList();
        }
        assertEquals(1, once.size());
        long time = Files.getLastModifiedTime(once.get(0)).toMillis();
        LiteRun second = kit.option("output_dir", "/work/other").run(Command.BUILD);
        assertTrue(second.ok(), second::report);
        try (var s = Files.list(unpacked)) {
            assertEquals(once, s.toList());
        }
        assertEquals(time, Files.getLastModifiedTime(once.get(0)).toMillis());
    }
}
