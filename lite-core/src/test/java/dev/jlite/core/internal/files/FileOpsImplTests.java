package dev.jlite.core.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sorted walks that stay inside their root, and copies that keep modes and clamp times. */
class FileOpsImplTests {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(5_000), ZoneOffset.UTC);

    private FileSystem fs;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
        root = Files.createDirectories(fs.getPath("/root"));
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private Path file(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private static FileTime seconds(long s) {
        return FileTime.fromMillis(s * 1000);
    }

    // --- walks ---------------------------------------------------------------------------------------

    @Test
    void walkListsRegularFilesSortedByCodePointOverTheWholeRelativePath() throws IOException {
        for (String rel : List.of("a/b", "a.txt", "a-c", "B", "\u00e9", "\uFF01", "\uD83D\uDE00", "a/a/z")) {
            file(rel, rel);
        }
        Files.createDirectories(root.resolve("empty/folder"));

        // '-' (2d) < '.' (2e) < '/' (2f), so "a/..." sorts after "a.txt"; U+FF01 before U+1F600.
        assertEquals(List.of("B", "a-c", "a.txt", "a/a/z", "a/b", "\u00e9", "\uFF01", "\uD83D\uDE00"),
                FileOpsImpl.walkFiles(root));
    }

    @Test
    void walkOfAMissingRootOrOfAFileIsEmpty() throws IOException {
        assertEquals(List.of(), FileOpsImpl.walkFiles(root.resolve("missing")));
        assertEquals(List.of(), FileOpsImpl.walkFiles(file("plain.txt", "x")));
    }

    @Test
    void aFilteredWalkNeitherListsNorEntersWhatItRefuses() throws IOException {
        file("keep/a.txt", "a");
        file("keep/skip.txt", "s");
        file("skipped/b.txt", "b");
        Files.createDirectories(fs.getPath("/elsewhere"));
        Files.createSymbolicLink(root.resolve("skipped/out"), fs.getPath("/elsewhere"));
        List<String> asked = new java.util.ArrayList<>();

        List<String> walked = FileOpsImpl.walkFiles(root, rel -> {
            asked.add(rel);
            return !rel.equals("skipped") && !rel.endsWith("skip.txt");
        });

        assertEquals(List.of("keep/a.txt"), walked);
        assertEquals(List.of("keep", "keep/a.txt", "keep/skip.txt", "skipped"), asked,
                "a refused folder is not entered, so the link leaving the root inside it is never met");
    }

    @Test
    void symlinksThatStayInsideTheRootAreFollowed() throws IOException {
        file("real/x.txt", "x");
        file("real/deeper/y.txt", "y");
        Files.createSymbolicLink(root.resolve("alias"), fs.getPath("real"));
        Files.createSymbolicLink(root.resolve("link.txt"), fs.getPath("real/x.txt"));

        assertEquals(List.of("alias/deeper/y.txt", "alias/x.txt", "link.txt", "real/deeper/y.txt", "real/x.txt"),
                new FileOpsImpl(CLOCK, OptionalLong.empty()).walk(root));
    }

    @Test
    void aSymlinkLeavingTheRootIsRefusedNamingIt() throws IOException {
        file("inside.txt", "x");
        Files.createDirectories(fs.getPath("/elsewhere"));
        Files.writeString(fs.getPath("/elsewhere/secret.txt"), "s");
        Files.createDirectories(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("sub/out.txt"), fs.getPath("../../elsewhere/secret.txt"));

        LiteException e = assertThrows(LiteException.class, () -> FileOpsImpl.walkFiles(root));

        assertEquals("/root/sub/out.txt is a symbolic link to /elsewhere/secret.txt, outside /root; copy the file in "
                + "instead of linking to it", e.getMessage());
        assertEquals("/root/sub/out.txt", e.subject().orElseThrow());
    }

    @Test
    void aBrokenSymlinkIsRefusedNamingIt() throws IOException {
        Files.createSymbolicLink(root.resolve("dangling"), fs.getPath("nowhere"));

        LiteException e = assertThrows(LiteException.class, () -> FileOpsImpl.walkFiles(root));

        assertEquals("/root/dangling is a broken symbolic link; remove it or fix its target", e.getMessage());
    }

    @Test
    void twoLinksToOneFolderAreNoLoop() throws IOException {
        file("real/x.txt", "x");
        Files.createSymbolicLink(root.resolve("one"), fs.getPath("real"));
        Files.createSymbolicLink(root.resolve("two"), fs.getPath("/root/real"));

        assertEquals(List.of("one/x.txt", "real/x.txt", "two/x.txt"), FileOpsImpl.walkFiles(root));
    }

    @Test
    void aLinkToAFolderAboveItIsALoopRefusedNamingTheLink() throws IOException {
        file("a/b/f.txt", "x");
        Files.createSymbolicLink(root.resolve("a/b/up"), fs.getPath(".."));

        LiteException e = assertThrows(LiteException.class, () -> FileOpsImpl.walkFiles(root));

        assertEquals("/root/a/b/up leads back into /root/a, which contains it (a loop of symbolic links); "
                + "remove the link", e.getMessage());
        assertEquals("/root/a/b/up", e.subject().orElseThrow());
    }

    @Test
    void aLoopThroughTwoLinksIsRefused() throws IOException {
        Files.createDirectories(root.resolve("p"));
        Files.createDirectories(root.resolve("q"));
        Files.createSymbolicLink(root.resolve("p/to-q"), fs.getPath("../q"));
        Files.createSymbolicLink(root.resolve("q/to-p"), fs.getPath("../p"));

        LiteException e = assertThrows(LiteException.class, () -> FileOpsImpl.walkFiles(root));

        // Which of the two folders is entered first depends on the listing order of the file system.
        List<String> either = List.of(
                "/root/p/to-q/to-p leads back into /root/p, which contains it (a loop of symbolic links); remove the link",
                "/root/q/to-p/to-q leads back into /root/q, which contains it (a loop of symbolic links); remove the link");
        assertTrue(either.contains(e.getMessage()), e.getMessage());
    }

    @Test
    void aRootReachedThroughASymlinkIsWalked() throws IOException {
        file("x.txt", "x");
        Path alias = Files.createSymbolicLink(fs.getPath("/alias"), root);

        assertEquals(List.of("x.txt"), FileOpsImpl.walkFiles(alias));
    }

    // --- copies and writes ---------------------------------------------------------------------------

    @Test
    void copyKeepsTheModeAndTimeAndCreatesParents() throws IOException {
        Path source = file("run.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(source, seconds(1_000));
        Path target = fs.getPath("/out/bin/run.sh");

        new FileOpsImpl(CLOCK, OptionalLong.empty()).copy(source, target);

        assertEquals("#!/bin/sh\n", Files.readString(target));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(seconds(1_000), Files.getLastModifiedTime(target));
    }

    @Test
    void copyClampsANewerTimeToSourceDateEpoch() throws IOException {
        Path source = file("new.txt", "n");
        Files.setLastModifiedTime(source, seconds(2_000));
        Path target = fs.getPath("/out/new.txt");

        new FileOpsImpl(CLOCK, OptionalLong.of(1_500)).copy(source, target);

        assertEquals(seconds(1_500), Files.getLastModifiedTime(target));
    }

    @Test
    void copyKeepsAnOlderTimeUnderSourceDateEpoch() throws IOException {
        Path source = file("old.txt", "o");
        Files.setLastModifiedTime(source, seconds(1_000));
        Path target = fs.getPath("/out/old.txt");

        new FileOpsImpl(CLOCK, OptionalLong.of(1_500)).copy(source, target);

        assertEquals(seconds(1_000), Files.getLastModifiedTime(target));
    }

    @Test
    void copyReplacesTheTarget() throws IOException {
        Path source = file("a.txt", "new");
        Path target = fs.getPath("/out/a.txt");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old content, longer");

        new FileOpsImpl(CLOCK, OptionalLong.empty()).copy(source, target);

        assertEquals("new", Files.readString(target));
    }

    @Test
    void copyOfAMissingSourceNamesIt() {
        Path missing = root.resolve("missing.txt");

        LiteException e = assertThrows(LiteException.class,
                () -> new FileOpsImpl(CLOCK, OptionalLong.empty()).copy(missing, fs.getPath("/out/x")));

        assertEquals("/root/missing.txt does not exist", e.getMessage());
    }

    @Test
    void copyTreeCopiesWhatPassesTheFilterAndSaysWhat() throws IOException {
        file("lab/index.html", "<lab>");
        file("lab/main.js.map", "{}");
        file("lab/main.js", "js");
        Path target = fs.getPath("/out");

        List<String> copied = new FileOpsImpl(CLOCK, OptionalLong.empty())
                .copyTree(root, target, rel -> !rel.endsWith(".map"));

        assertEquals(List.of("lab/index.html", "lab/main.js"), copied);
        assertEquals(List.of("lab/index.html", "lab/main.js"), FileOpsImpl.walkFiles(target));
        assertEquals("js", Files.readString(target.resolve("lab/main.js")));
    }

    @Test
    void writeUsesTheClockClampedToSourceDateEpoch() throws IOException {
        Path a = fs.getPath("/out/a.json");
        Path b = fs.getPath("/out/b.json");

        new FileOpsImpl(CLOCK, OptionalLong.empty()).write(a, "{}".getBytes(StandardCharsets.UTF_8));
        new FileOpsImpl(CLOCK, OptionalLong.of(1_000)).write(b, "[]".getBytes(StandardCharsets.UTF_8));

        assertEquals("{}", Files.readString(a));
        assertEquals(seconds(5_000), Files.getLastModifiedTime(a));
        assertEquals(seconds(1_000), Files.getLastModifiedTime(b));
    }

    @Test
    void clampLeavesEqualAndOlderTimesAlone() {
        FileOpsImpl ops = new FileOpsImpl(CLOCK, OptionalLong.of(1_000));

        assertEquals(seconds(1_000), ops.clamp(seconds(1_000)));
        assertEquals(seconds(999), ops.clamp(seconds(999)));
        assertEquals(seconds(1_000), ops.clamp(FileTime.fromMillis(1_000_001)));
    }

    // --- deletes and digests -------------------------------------------------------------------------

    @Test
    void deleteRemovesAFolderButNotWhatItsLinksPointTo() throws IOException {
        Path keep = Files.createDirectories(fs.getPath("/keep"));
        Files.writeString(keep.resolve("precious.txt"), "p");
        file("doomed/a/b.txt", "b");
        Files.createSymbolicLink(root.resolve("doomed/link"), keep);

        new FileOpsImpl(CLOCK, OptionalLong.empty()).delete(root.resolve("doomed"));

        assertFalse(Files.exists(root.resolve("doomed")));
        assertEquals("p", Files.readString(keep.resolve("precious.txt")));
    }

    @Test
    void deleteOfNothingIsNothing() {
        FileOpsImpl.deleteTree(root.resolve("missing"));

        assertTrue(Files.isDirectory(root));
    }

    @Test
    void sha256IsLowerCaseHex() throws IOException {
        Path abc = file("abc.txt", "abc");

        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                new FileOpsImpl(CLOCK, OptionalLong.empty()).sha256(abc));
    }

    @Test
    void sha256OfAMissingFileNamesIt() {
        LiteException e = assertThrows(LiteException.class, () -> FileOpsImpl.sha256Of(root.resolve("gone.bin")));

        assertEquals("/root/gone.bin does not exist", e.getMessage());
    }

    // --- digests taken once ----------------------------------------------------------------------------

    private static java.util.Map<String, String> expected(String content) throws Exception {
        byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.HexFormat hex = java.util.HexFormat.of();
        return java.util.Map.of("SHA-256", hex.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)),
                "MD5", hex.formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes)));
    }

    @Test
    void aCopyOfAFileHashedEarlierInTheRunHasTheSameDigestsAndBytes() throws Exception {
        Path wheel = file("in/a.whl", "wheel bytes");
        Files.setLastModifiedTime(wheel, seconds(1_000)); // left alone for long
        FileOpsImpl ops = new FileOpsImpl(CLOCK, OptionalLong.empty(), new DigestCache());
        String sha = ops.digestCache().of(wheel).sha256();

        java.util.Map<String, String> digests = ops.copyWithDigests(wheel, root.resolve("out/a.whl"), "SHA-256", "MD5");

        assertEquals(expected("wheel bytes"), digests);
        assertEquals(digests.get("SHA-256"), sha);
        assertEquals("wheel bytes", Files.readString(root.resolve("out/a.whl")));
        assertEquals(seconds(1_000), Files.getLastModifiedTime(root.resolve("out/a.whl")));
    }

    @Test
    void aFileRewrittenInTheSameTickIsHashedAgainWhenCopied() throws Exception {
        Path wheel = file("in/b.whl", "first bytes");
        FileTime now = Files.getLastModifiedTime(wheel);
        FileOpsImpl ops = new FileOpsImpl(CLOCK, OptionalLong.empty(), new DigestCache());
        ops.digestCache().of(wheel);
        Files.writeString(wheel, "other bytes"); // the same size
        Files.setLastModifiedTime(wheel, now);   // and the same time

        java.util.Map<String, String> digests = ops.copyWithDigests(wheel, root.resolve("out/b.whl"), "SHA-256", "MD5");

        assertEquals(expected("other bytes"), digests, "a fresh file's digests are never taken from memory");
    }
}

