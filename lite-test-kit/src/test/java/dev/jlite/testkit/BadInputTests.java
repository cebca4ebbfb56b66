package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Command;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets one clear line naming the thing at fault and the way out, the right exit code, and
 * leaves the output (and the download cache) as they were.
 */
class BadInputTests {

    /** Builds a good site, applies {@code breakIt}, rebuilds, and checks the output did not change. */
    private static LiteRun afterAGoodBuild(Consumer<LiteTestKit> breakIt) {
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"Good\"}}");
        LiteRun good = kit.run(Command.BUILD);
        assertTrue(good.ok(), good::report);
        List<String> cacheBefore = cache(kit);
        breakIt.accept(kit);
        LiteRun bad = kit.run(Command.BUILD);
        assertEquals(good.tree(), LiteRun.tree(good.output()), "the output is left as it was");
        assertEquals(cacheBefore, cache(kit), "the cache is left as it was");
        return bad;
    }

    /** The download cache: everything but the build state. */
    private static List<String> cache(LiteTestKit kit) {
        Path cache = kit.fileSystem().getPath("/home/tester/.cache/jlite");
        return LiteRun.tree(cache).stream().filter(l -> !l.substring(66).startsWith("builds/")).toList();
    }

    @Test
    void noAppArchiveConfigured() {
        LiteRun run = LiteTestKit.addons().noApp().run(Command.BUILD);
        assertEquals(1, run.exitCode());
        assertEquals(List.of("addon 'static' failed in INIT, task 'unpack': no app archive is configured: give one with "
                + "--app-archive (an archive such as .tgz or .zip, or a folder; an earlier site works too), the "
                + "JUPYTERLITE_APP_ARCHIVE environment variable, or LiteBuildConfig.app_archive in jupyter_lite_config.json"),
                run.errors());
    }

    @Test
    void missingAppArchive() {
        LiteRun run = afterAGoodBuild(kit -> kit.appArchiveSpec("missing/app.tgz"));
        assertEquals(1, run.exitCode());
        assertEquals(List.of("addon 'static' failed in INIT, task 'unpack': missing/app.tgz: /work/site/missing/app.tgz does not exist"),
                run.errors());
    }

    @Test
    void corruptAppArchive() {
        byte[] junk = "this is not gzip data at all".getBytes(StandardCharsets.UTF_8);
        LiteRun run = afterAGoodBuild(kit -> kit.appArchive("app.tgz", junk));
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errors().size(), run::report);
        assertTrue(run.errors().get(0).startsWith("addon 'static' failed in INIT, task 'unpack': /work/app.tgz is not a "
                + "readable tar.gz archive ("), run.errors().get(0));
        assertTrue(run.errors().get(0).endsWith("); check the file, or fetch it again"), run.errors().get(0));
    }

    @Test
    void truncatedAppArchive() {
        byte[] whole = TestApp.standard().tgz();
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        LiteRun run = afterAGoodBuild(kit -> kit.appArchive("app.tgz", half));
        assertEquals(1, run.exitCode());
        assertTrue(run.errors().get(0).contains("/work/app.tgz is not a readable tar.gz archive"), run::report);
    }

    @Test
    void anArchiveEntryThatClimbsOut() {
        byte[] hostile = TestArchives.tgz(List.of(
                TestArchives.Entry.file("package/index.html", "<html/>".getBytes(StandardCharsets.UTF_8)),
                TestArchives.Entry.file("package/../../evil.sh", "rm -rf /".getBytes(StandardCharsets.UTF_8))));
        LiteRun run = afterAGoodBuild(kit -> kit.appArchive("app.tgz", hostile));
        assertEquals(1, run.exitCode());
        assertEquals(List.of("addon 'static' failed in INIT, task 'unpack': /work/app.tgz: entry 'package/../../evil.sh' "
                + "points outside the archive's folder (..); refusing to unpack it"), run.errors());
    }

    @Test
    void anArchiveEntryWithAnAbsolutePath() {
        byte[] hostile = TestArchives.tgz(List.of(
                TestArchives.Entry.file("package/index.html", "<html/>".getBytes(StandardCharsets.UTF_8)),
                TestArchives.Entry.file("/etc/evil", "x".getBytes(StandardCharsets.UTF_8))));
        LiteRun run = afterAGoodBuild(kit -> kit.appArchive("app.tgz", hostile));
        assertEquals(1, run.exitCode());
        assertEquals(List.of("addon 'static' failed in INIT, task 'unpack': /work/app.tgz: entry '/etc/evil' has an "
                + "absolute path; refusing to unpack it"), run.errors());
    }

    @Test
    void anArchiveWithoutAnApp() {
        byte[] notAnApp = TestArchives.tgz(java.util.Map.of("package/README.md", "hello".getBytes(StandardCharsets.UTF_8)));
        LiteRun run = afterAGoodBuild(kit -> kit.appArchive("app.tgz", notAnApp));
        assertEquals(1, run.exitCode());
        assertEquals(List.of("addon 'static' failed in INIT, task 'unpack': the app archive /work/app.tgz holds no "
                + "JupyterLite app: there is no index.html or jupyter-lite.json at its top or under package/ (found: "
                + "package); give a JupyterLite app archive, an earlier site, or a site folder"), run.errors());
    }

    @Test
    void aFullDiskIsSaidToBeFullAndTheOutputIsLeftAsItWas() {
        LiteTestKit kit = LiteTestKit.addons().diskSize(4L << 20)
                .liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"Good\"}}");
        LiteRun good = kit.run(Command.BUILD);
        assertTrue(good.ok(), good::report);
        List<String> cacheBefore = cache(kit);
        // fits in the lite dir, but not twice: its copy into the output fills the disk
        kit.liteFile("files/big.bin", new byte[2500 << 10]);

        LiteRun bad = kit.run(Command.BUILD);

        assertEquals(1, bad.exitCode(), bad::report);
        assertEquals(List.of("addon 'contents' failed in BUILD, task 'copy': cannot copy /work/site/files/big.bin to "
                + "/work/site/_output/files/big.bin: the disk is full (no space left on device)"), bad.errors());
        assertEquals(good.tree(), LiteRun.tree(good.output()), "the output is left as it was");
        assertEquals(cacheBefore, cache(kit), "the cache is left as it was");
    }

    @Test
    void aFileRewrittenOnAFullDiskKeepsItsFormerContent() {
        LiteTestKit kit = LiteTestKit.addons().diskSize(4L << 20).liteFile("files/data.bin", "the first version");
        LiteRun good = kit.run(Command.BUILD);
        assertTrue(good.ok(), good::report);
        kit.liteFile("files/data.bin", new byte[2500 << 10]);

        LiteRun bad = kit.run(Command.BUILD);

        assertEquals(1, bad.exitCode(), bad::report);
        assertEquals(List.of("addon 'contents' failed in BUILD, task 'copy': cannot copy /work/site/files/data.bin to "
                + "/work/site/_output/files/data.bin: the disk is full (no space left on device)"), bad.errors());
        assertEquals(good.tree(), LiteRun.tree(good.output()), "the former file is whole, and no part of the new one is left");
    }

    @Test
    void malformedConfigFileIsAUsageErrorWithLineAndColumn() {
        LiteRun run = afterAGoodBuild(kit -> kit.config("{\n  \"LiteBuildConfig\": {\n    \"apps\": [\"lab\",]\n  }\n}"));
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errors().size(), run::report);
        assertTrue(run.errors().get(0).startsWith("/work/site/jupyter_lite_config.json:3:20: malformed JSON: "),
                run.errors().get(0));
        assertEquals(List.of(), run.events(), "nothing runs");
    }

    @Test
    void aValueOfTheWrongTypeIsAUsageError() {
        LiteRun run = afterAGoodBuild(kit -> kit.config("{\"LiteBuildConfig\": {\"apps\": \"lab\"}}"));
        assertEquals(2, run.exitCode());
        assertEquals(List.of("/work/site/jupyter_lite_config.json:1:22: LiteBuildConfig.apps: expected a list of strings, "
                + "got \"lab\" (write [\"lab\"])"), run.errors());
    }

    @Test
    void malformedRuntimeConfigInTheLiteDir() {
        LiteRun run = afterAGoodBuild(kit -> kit.liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": }"));
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errors().size(), run::report);
        assertTrue(run.errors().get(0).startsWith("addon 'lite' failed in BUILD, task 'merge': "
                + "/work/site/jupyter-lite.json:1:37: malformed JSON: "), run.errors().get(0));
    }

    @Test
    void unknownAddonInDisableAddonsIsAWarning() {
        LiteRun run = LiteTestKit.addons().option("disable_addons", "nope").run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        String ids = String.join(", ", dev.jlite.core.AddonCatalog.withBuiltIns(List.of()).addons().stream()
                .map(dev.jlite.core.AddonInfo::id).toList());
        assertEquals(List.of("--disable-addons: there is no addon 'nope' (addons: " + ids + ")"), run.warnings());
        assertTrue(ids.startsWith("archive, audit, check, contents"), ids);
    }

    @Test
    void twoAddonsWithOneIdFailNamingBoth() {
        LiteRun run = LiteTestKit.addons(new Named("twin"), new Other("twin")).run(Command.BUILD);
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errors().size(), run::report);
        String e = run.errors().get(0);
        assertTrue(e.startsWith("two addons have the id 'twin': dev.jlite.testkit.BadInputTests$Named (module dev.jlite.testkit, "), e);
        assertTrue(e.contains(" and dev.jlite.testkit.BadInputTests$Other (module dev.jlite.testkit, "), e);
        assertTrue(e.endsWith("; remove one of the jars"), e);
        assertEquals(List.of(), run.events(), "nothing runs");
    }

    @Test
    void anAddonWithAnInvalidIdIsRefused() {
        LiteRun run = LiteTestKit.addons(new Named("Not_Valid")).run(Command.BUILD);
        assertEquals(1, run.exitCode());
        assertTrue(run.errors().get(0).contains("has the id 'Not_Valid'; an id is lower-case letters, digits and dashes"),
                run::report);
    }

    @Test
    void unknownClassOnTheCommandLineIsAUsageError() {
        LiteRun run = LiteTestKit.addons().arg("NoSuchAddon", "thing", "1").run(Command.BUILD);
        assertEquals(2, run.exitCode());
        assertEquals(List.of("--NoSuchAddon.thing: no addon reads the configuration class NoSuchAddon"), run.errors());
    }

    @Test
    void badSourceDateEpoch() {
        LiteRun run = LiteTestKit.addons().env("SOURCE_DATE_EPOCH", "yesterday").run(Command.BUILD);
        assertEquals(2, run.exitCode());
        assertEquals(List.of("environment variable SOURCE_DATE_EPOCH: expected a whole number, got 'yesterday'"), run.errors());
        LiteRun zero = LiteTestKit.addons().env("SOURCE_DATE_EPOCH", "0").run(Command.BUILD);
        assertEquals(2, zero.exitCode());
        assertEquals(List.of("SOURCE_DATE_EPOCH must be a positive number of seconds, got 0"), zero.errors());
    }

    static class Named implements Addon {
        private final String id;

        Named(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void register(AddonRegistrar registrar) {
        }
    }

    static final class Other extends Named {
        Other(String id) {
            super(id);
        }
    }

    /**
     * Values out of range, unknown choices and patterns that do not compile are configuration errors (exit 2),
     * each naming the setting, where it was set and what is allowed; nothing runs and nothing changes.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "http_retries   | -3       | --LiteBuildConfig.http_retries: expected a whole number from 0 to 20, got -3",
            "http_timeout   | -1       | --LiteBuildConfig.http_timeout: expected a whole number from 1 to 3600, got -1",
            "max_parallel_downloads | 0 | --LiteBuildConfig.max_parallel_downloads: expected a whole number from 1 to 64, got 0",
            "download_deadline | 0    | --LiteBuildConfig.download_deadline: expected a whole number from 1 to 86400, got 0",
            "unpack_max_ratio | 0     | --LiteBuildConfig.unpack_max_ratio: expected a whole number from 1 to 1000000, got 0",
            "ignore_contents | a(b     | --LiteBuildConfig.ignore_contents: 'a(b' is not a valid regular expression (Unclosed "
                    + "group at index 3); fix or remove it",
    })
    void aValueOutOfBoundsIsAConfigurationError(String name, String value, String expected) {
        LiteRun run = afterAGoodBuild(kit -> kit.arg("LiteBuildConfig", name, value));
        assertEquals(2, run.exitCode(), run::report);
        assertEquals(List.of(expected), run.errors());
        assertEquals(List.of(), run.events());
    }

    /** The source of a bad value is named: the file, line and column of its key, or the environment variable. */
    @Test
    void aBadValueNamesWhereItWasSet() {
        LiteRun file = afterAGoodBuild(kit -> kit.config("{\n  \"LiteBuildConfig\": {\"http_retries\": 99}\n}"));
        assertEquals(2, file.exitCode(), file::report);
        assertEquals(List.of("/work/site/jupyter_lite_config.json:2:23: LiteBuildConfig.http_retries: expected a whole number "
                + "from 0 to 20, got 99"), file.errors());
        LiteRun env = afterAGoodBuild(kit -> kit.env("JUPYTERLITE_PORT", "99999"));
        assertEquals(2, env.exitCode(), env::report);
        assertEquals(List.of("environment variable JUPYTERLITE_PORT: expected a whole number from 0 to 65535, got 99999"),
                env.errors());
    }

    /** A lite dir that does not exist is a usage error, not a site to make. */
    @Test
    void aMissingLiteDirIsAUsageError() throws Exception {
        LiteTestKit kit = LiteTestKit.addons();
        LiteRun run = kit.option("lite_dir", "/work/nowhere").run(Command.BUILD);
        assertEquals(2, run.exitCode(), run::report);
        assertEquals(List.of("the lite dir /work/nowhere does not exist; give the folder that holds the site's inputs with "
                + "--lite-dir (or JUPYTERLITE_DIR), or make it first"), run.errors());
        assertTrue(java.nio.file.Files.notExists(kit.fileSystem().getPath("/work/nowhere")), "nothing made there");
    }
}
