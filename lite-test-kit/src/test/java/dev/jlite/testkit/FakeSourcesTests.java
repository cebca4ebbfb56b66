package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Fake sources behave as remote sources do: cached when online, refused offline unless cached, pinned, unpacked. */
class FakeSourcesTests {

    static final String NPM = "npm:@jupyterlite/app@0.0.0-test";

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void onlineAPackageIsFetchedOnceIntoTheCacheAndCounted() throws Exception {
        byte[] tgz = TestApp.standard().tgz();
        FakeSources fakes = FakeSources.serving(NPM, tgz);
        LiteTestKit kit = LiteTestKit.addons().sources(fakes).online().appArchiveSpec(NPM);
        LiteRun first = kit.run(Command.BUILD);
        assertTrue(first.ok(), first::report);
        assertTrue(first.exists("lab/index.html"));
        assertEquals(List.of(NPM), fakes.downloads());
        Path cached = kit.fileSystem().getPath("/home/tester/.cache/jlite/downloads", sha256(tgz), "jupyterlite-app-0.0.0-test.tgz");
        assertTrue(Files.isRegularFile(cached), "kept in the kit's cache under the name npm pack gives it");

        LiteRun forced = kit.option("force", "true").run(Command.BUILD);
        assertTrue(forced.ok(), forced::report);
        LiteRun offline = kit.offline().run(Command.BUILD);
        assertTrue(offline.ok(), offline::report);
        assertEquals(1, fakes.downloads(NPM), "later builds, offline too, use the cache");
    }

    @Test
    void offlineTheyAreUnavailableUnlessCached() {
        FakeSources fakes = FakeSources.serving(NPM, TestApp.standard().tgz());
        LiteRun run = LiteTestKit.addons().sources(fakes).appArchiveSpec(NPM).run(Command.BUILD);
        assertEquals(1, run.exitCode(), run::report);
        assertEquals(List.of("addon 'static' failed in INIT, task 'unpack': " + NPM + " is not in the cache, and --offline forbids "
                + "fetching it; run once without --offline to fill the cache"), run.errors());
        assertEquals(List.of(), fakes.downloads());
    }

    @Test
    void pinsAreChecked() throws Exception {
        byte[] tgz = TestApp.standard().tgz();
        String wrong = "0".repeat(64);
        FakeSources fakes = FakeSources.serving("https://example.test/app.tgz", tgz);
        LiteTestKit kit = LiteTestKit.addons().sources(fakes).online().appArchiveSpec("https://example.test/app.tgz#sha256=" + wrong);
        LiteRun mismatch = kit.run(Command.BUILD);
        assertEquals(1, mismatch.exitCode(), mismatch::report);
        assertTrue(mismatch.errors().get(0).endsWith("https://example.test/app.tgz#sha256=" + wrong + ": sha256 of app.tgz is "
                + sha256(tgz) + ", not the pinned " + wrong + "; nothing was cached. Check the source, or update the pin"),
                mismatch::report);
        assertFalse(Files.exists(kit.fileSystem().getPath("/home/tester/.cache/jlite/downloads", sha256(tgz))), "nothing was cached");

        LiteRun pinned = kit.appArchiveSpec("https://example.test/app.tgz#sha256=" + sha256(tgz)).run(Command.BUILD);
        assertTrue(pinned.ok(), pinned::report);
        assertEquals(2, fakes.downloads("https://example.test/app.tgz"), "the refused download was not kept");
    }

    @Test
    void aSubPathReachesIntoTheArchive() {
        Map<String, byte[]> bundle = new TreeMap<>();
        TestApp.standard().files().forEach((path, bytes) -> bundle.put("bundle/app/" + path, bytes));
        bundle.put("bundle/README.md", new byte[] {'x'});
        FakeSources fakes = FakeSources.serving("https://example.test/downloads/bundle.zip", TestArchives.zip(bundle));
        LiteRun run = LiteTestKit.addons().sources(fakes).online().appArchiveSpec("https://example.test/downloads/bundle.zip!/bundle/app")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertTrue(run.exists("lab/index.html"));
        assertFalse(run.exists("README.md"));
    }

    @Test
    void aSourceTheyDoNotServeIsNamedAndNeverFetched() {
        FakeSources fakes = FakeSources.serving("https://example.test/other.tgz", new byte[] {1});
        LiteRun run = LiteTestKit.addons().sources(fakes).online().appArchiveSpec("https://example.test/app.tgz").run(Command.BUILD);
        assertEquals(List.of("addon 'static' failed in INIT, task 'unpack': https://example.test/app.tgz: the test's FakeSources "
                + "serve no such source (they serve: https://example.test/other.tgz)"), run.errors());
    }

    @Test
    void theyNameDownloadsAsTheirSourcesWould() {
        assertEquals("jupyterlite-app-0.0.0-test.tgz", FakeSources.defaultFileName(NPM));
        assertEquals("left-pad-1.3.0.tgz", FakeSources.defaultFileName("npm:left-pad@1.3.0"));
        assertEquals("Demo_Pkg-1.0-py3-none-any.whl", FakeSources.defaultFileName("pypi:Demo.Pkg==1.0"));
        assertEquals("x-1.0-py3-none-any.whl", FakeSources.defaultFileName("https://example.test/a/x-1.0-py3-none-any.whl?download=1"));
        assertEquals("https://example.test/a.tgz", FakeSources.location("https://example.test/a.tgz!/dist#sha256=" + "a".repeat(64)));
        FakeSources fakes = FakeSources.serving("pypi:demo==1.0", "demo-1.0-py3-none-any.whl", new byte[] {1})
                .and("https://example.test/b.tgz!/inner", new byte[] {2});
        assertEquals(List.of("https://example.test/b.tgz", "pypi:demo==1.0"), fakes.specs());
        assertThrows(IllegalArgumentException.class, () -> FakeSources.serving("files/local.txt", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> FakeSources.serving("npm:x@1", "a/b.tgz", new byte[0]));
    }
}
