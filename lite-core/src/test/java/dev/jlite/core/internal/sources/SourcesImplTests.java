package dev.jlite.core.internal.sources;

import static dev.jlite.core.internal.archive.ArchiveFixtures.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.internal.archive.ArchivesImpl;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import dev.jlite.core.internal.net.HttpFetcher;
import dev.jlite.core.internal.net.NpmClient;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Local sources: paths relative to the lite dir, {@code file:} URIs, sub-paths and pins. */
class SourcesImplTests {

    private FileSystem fs;
    private Path site;
    private Path cache;
    private SourcesImpl sources;
    private byte[] appBytes;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        site = Files.createDirectories(fs.getPath("/site"));
        cache = fs.getPath("/cache");
        sources = new SourcesImpl(site, cache, new ArchivesImpl(cache), new SourcesImpl.Remote(
                HttpFetcher.Options.defaults("test"), PipConfig.NONE, 1, true, false),
                () -> { throw new AssertionError("local sources never fetch"); }, new NpmClient(Map.of()));
        appBytes = tar().file("package/index.html", "<html>").file("package/static/main.js", "main()").gzipped();
        Files.write(site.resolve("app.tgz"), appBytes);
        Files.createDirectories(site.resolve("assets/sub"));
        Files.writeString(site.resolve("assets/sub/file.txt"), "in a folder");
        Files.writeString(site.resolve("notes.txt"), "text");
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private LiteException failure(String spec) {
        return assertThrows(LiteException.class, () -> sources.resolve(spec));
    }

    @Test
    void aRelativePathIsTakenFromTheLiteDir() {
        assertEquals(fs.getPath("/site/app.tgz"), sources.resolve("app.tgz"));
        assertEquals(fs.getPath("/site/assets/sub/file.txt"), sources.resolve("./assets/x/../sub/file.txt"));
    }

    @Test
    void anAbsolutePathIsKept() throws IOException {
        Files.createDirectories(fs.getPath("/data"));
        Files.writeString(fs.getPath("/data/a.txt"), "a");

        assertEquals(fs.getPath("/data/a.txt"), sources.resolve("/data/a.txt"));
    }

    @Test
    void aFileUriIsDecoded() throws IOException {
        Files.createDirectories(fs.getPath("/data"));
        Files.writeString(fs.getPath("/data/my app.tgz"), "a");

        assertEquals(fs.getPath("/data/my app.tgz"), sources.resolve("file:///data/my%20app.tgz"));
        assertEquals(fs.getPath("/site/notes.txt"), sources.resolve("FILE:/site/notes.txt"));
    }

    @Test
    void aFileUriWithoutAPathIsRefusedNamingTheSpec() {
        LiteException e = failure("file:notes.txt");

        assertEquals("file:notes.txt: a file: source needs an absolute path, as file:/abs/path or file:///abs/path (a "
                + "relative path needs no file:)", e.getMessage());
        assertEquals(Optional.of("file:notes.txt"), e.subject());
    }

    @Test
    void aMissingPathNamesTheSpecAndThePath() {
        LiteException e = failure("dist/missing.tgz");

        assertEquals("dist/missing.tgz: /site/dist/missing.tgz does not exist", e.getMessage());
        assertEquals(Optional.of("dist/missing.tgz"), e.subject());
    }

    @Test
    void aMatchingPinIsAccepted() throws Exception {
        assertEquals(fs.getPath("/site/app.tgz"), sources.resolve("app.tgz#sha256=" + sha256(appBytes)));
    }

    @Test
    void aWrongPinNamesBothDigests() throws Exception {
        String pinned = "f".repeat(64);
        String spec = "app.tgz#sha256=" + pinned;

        LiteException e = failure(spec);

        assertEquals(spec + ": sha256 of /site/app.tgz is " + sha256(appBytes) + ", not the pinned " + pinned
                + "; check the file, or update the pin", e.getMessage());
    }

    @Test
    void aPinOnAFolderIsRefused() {
        String spec = "assets#sha256=" + "0".repeat(64);

        LiteException e = failure(spec);

        assertEquals(spec + ": #sha256= pins a file, but /site/assets is a folder", e.getMessage());
    }

    @Test
    void aSubPathInsideAFolder() {
        assertEquals(fs.getPath("/site/assets/sub/file.txt"), sources.resolve("assets!/sub/file.txt"));
    }

    @Test
    void aSubPathInsideAnArchiveIsUnpackedIntoTheCache() throws Exception {
        Path resolved = sources.resolve("app.tgz!/package/static#sha256=" + sha256(appBytes));

        assertEquals(cache.resolve("unpacked").resolve(sha256(appBytes)).resolve("package/static"), resolved);
        assertEquals("main()", Files.readString(resolved.resolve("main.js")));
    }

    @Test
    void aMissingSubPathNamesIt() {
        LiteException e = failure("app.tgz!/package/nope");

        assertEquals("app.tgz!/package/nope: there is no package/nope inside /site/app.tgz", e.getMessage());
    }

    @Test
    void aSubPathOfAFileThatIsNoArchiveIsRefused() {
        LiteException e = failure("notes.txt!/x");

        assertEquals("notes.txt!/x: !/ needs an archive or a folder, but /site/notes.txt is neither", e.getMessage());
    }

    @Test
    void aSubPathThatLeavesIsRefusedBeforeAnythingIsRead() {
        LiteException e = failure("assets!/../notes.txt");

        assertEquals("assets!/../notes.txt: the path after !/ must stay inside the archive", e.getMessage());
    }

    @Test
    void anUnknownSchemeSaysSo() {
        LiteException e = failure("ftp://example.org/app.tgz");

        assertEquals("ftp://example.org/app.tgz: 'ftp:' is not a kind of source jlite knows (use a path, file:, http(s):, "
                + "npm: or pypi:)", e.getMessage());
        assertEquals(Optional.of("ftp://example.org/app.tgz"), e.subject());
    }

    @Test
    void offlineARemoteSourceNotInTheCacheIsNamed() {
        LiteException e = failure("https://example.org/app.tgz");

        assertEquals("https://example.org/app.tgz is not in the cache, and --offline forbids fetching it; run once "
                + "without --offline to fill the cache", e.getMessage());
    }
}
