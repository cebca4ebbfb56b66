package dev.jlite.core.internal.archive;

import static dev.jlite.core.internal.archive.ArchiveFixtures.tar;
import static dev.jlite.core.internal.archive.ArchiveFixtures.zip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.spi.LiteException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Guarded unpacking: everything lands inside the target, which appears whole or not at all. */
class ArchivesImplTests {

    private FileSystem fs;
    private Path cache;
    private Path downloads;
    private Path target;
    private ArchivesImpl archives;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
        cache = fs.getPath("/cache");
        downloads = Files.createDirectories(fs.getPath("/downloads"));
        target = fs.getPath("/out/unpacked");
        archives = new ArchivesImpl(cache);
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    // --- helpers -------------------------------------------------------------------------------------

    private Path archive(String name, byte[] bytes) throws IOException {
        Path file = downloads.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** Every path under {@code root} with the content of files ("/" for folders); links are reported as such. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(p -> !p.equals(root)).toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    out.put(rel, "/");
                } else {
                    out.put(rel, Files.readString(p));
                }
            }
        }
        return out;
    }

    private static String refusal(Path archive, String entry, String why) {
        return archive + ": entry '" + entry + "' " + why + "; refusing to unpack it";
    }

    private LiteException refused(Path archive) {
        return assertThrows(LiteException.class, () -> archives.unpack(archive, target));
    }

    /** After a failure: no target, and no temporary folder beside it. */
    private void assertNothingLeft() throws IOException {
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "the target must not appear");
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            assertEquals(List.of(), siblings.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static String perms(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    // --- formats -------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"app.tar.gz", "app.tgz", "APP.TGZ"})
    void unpacksAGzippedTar(String name) throws IOException {
        Path archive = archive(name, tar().dir("package/").file("package/index.html", "<html>")
                .file("package/static/main.js", "main()").gzipped());

        archives.unpack(archive, target);

        assertEquals(Map.of("package", "/", "package/index.html", "<html>", "package/static", "/",
                "package/static/main.js", "main()"), tree(target));
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            assertEquals(List.of("unpacked"), siblings.map(p -> p.getFileName().toString()).toList(),
                    "no temporary folder is left beside the target");
        }
    }

    @Test
    void unpacksABzip2Tar() throws IOException {
        ByteArrayOutputStream bz = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(bz)) {
            out.write(tar().file("b.txt", "bzip2").bytes());
        }
        Path archive = archive("app.tar.bz2", bz.toByteArray());

        archives.unpack(archive, target);

        assertEquals(Map.of("b.txt", "bzip2"), tree(target));
    }

    @Test
    void unpacksAPlainTar() throws IOException {
        Path archive = archive("app.tar", tar().file("a.txt", "A").file("dir/b.txt", "B").bytes());

        archives.unpack(archive, target);

        assertEquals(Map.of("a.txt", "A", "dir", "/", "dir/b.txt", "B"), tree(target));
    }

    @Test
    void unpacksAZip() throws IOException {
        Path archive = archive("app.zip", zip().dir("lab").file("lab/index.html", "<lab>").file("top.txt", "T").bytes());

        archives.unpack(archive, target);

        assertEquals(Map.of("lab", "/", "lab/index.html", "<lab>", "top.txt", "T"), tree(target));
    }

    @Test
    void unpacksAWheel() throws IOException {
        Path archive = archive("pkg-1.0-py3-none-any.whl", zip().file("pkg/__init__.py", "x = 1\n")
                .file("pkg-1.0.dist-info/METADATA", "Name: pkg\n").bytes());

        archives.unpack(archive, target);

        assertEquals(Map.of("pkg", "/", "pkg/__init__.py", "x = 1\n", "pkg-1.0.dist-info", "/",
                "pkg-1.0.dist-info/METADATA", "Name: pkg\n"), tree(target));
    }

    @Test
    void aNameWithoutASuffixIsSniffedByItsFirstBytes() throws IOException {
        Path tgz = archive("download-1", tar().file("from-tgz", "1").gzipped());
        Path zip = archive("download-2", zip().file("from-zip", "2").bytes());
        Path tar = archive("download-3", tar().file("from-tar", "3").bytes());

        archives.unpack(tgz, fs.getPath("/out/1"));
        archives.unpack(zip, fs.getPath("/out/2"));
        archives.unpack(tar, fs.getPath("/out/3"));

        assertEquals(Map.of("from-tgz", "1"), tree(fs.getPath("/out/1")));
        assertEquals(Map.of("from-zip", "2"), tree(fs.getPath("/out/2")));
        assertEquals(Map.of("from-tar", "3"), tree(fs.getPath("/out/3")));
    }

    @Test
    void isArchiveGoesByTheName() {
        assertTrue(archives.isArchive(fs.getPath("/a/x.tar.gz")));
        assertTrue(archives.isArchive(fs.getPath("/a/x.whl")));
        assertTrue(archives.isArchive(fs.getPath("/a/x.tar.bz2")));
        assertFalse(archives.isArchive(fs.getPath("/a/x.json")));
        assertFalse(archives.isArchive(fs.getPath("/a/tgz")));
    }

    // --- links and modes -----------------------------------------------------------------------------

    @Test
    void linksThatStayInsideBecomeCopiesOfTheirTarget() throws IOException {
        Path archive = archive("links.tar", tar().file("a/real.txt", "content")
                .symlink("b/sym.txt", "../a/real.txt").hardLink("c/hard.txt", "a/real.txt").bytes());

        archives.unpack(archive, target);

        assertEquals(Map.of("a", "/", "a/real.txt", "content", "b", "/", "b/sym.txt", "content", "c", "/",
                "c/hard.txt", "content"), tree(target));
    }

    @Test
    void aLinkMayComeBeforeItsTarget() throws IOException {
        Path archive = archive("early.tar", tar().symlink("link.txt", "later/real.txt")
                .file("later/real.txt", "late").bytes());

        archives.unpack(archive, target);

        assertEquals(Map.of("later", "/", "later/real.txt", "late", "link.txt", "late"), tree(target));
    }

    @Test
    void aChainOfLinksIsFollowedWhateverTheOrder() throws IOException {
        // As shared libraries are laid out: libfoo.so -> libfoo.so.1 -> libfoo.so.1.0, the links listed first.
        Path archive = archive("chain.tgz", tar().symlink("lib/libfoo.so", "libfoo.so.1")
                .symlink("lib/libfoo.so.1", "libfoo.so.1.0").file("lib/libfoo.so.1.0", "ELF").gzipped());

        archives.unpack(archive, target);

        assertEquals(Map.of("lib", "/", "lib/libfoo.so", "ELF", "lib/libfoo.so.1", "ELF", "lib/libfoo.so.1.0", "ELF"),
                tree(target));
    }

    @Test
    void aCycleOfLinksIsRefused() throws IOException {
        Path archive = archive("cycle.tar", tar().symlink("a", "b").symlink("b", "a").bytes());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "a", "links to b, which is not in the archive"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aZipSymlinkThatStaysInsideBecomesACopy() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry run = new ZipArchiveEntry("bin/run.sh");
            run.setUnixMode(0100755);
            out.putArchiveEntry(run);
            out.write("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
            ZipArchiveEntry link = new ZipArchiveEntry("bin/run");
            link.setUnixMode(0120777);
            out.putArchiveEntry(link);
            out.write("run.sh".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        Path archive = archive("tools.zip", bytes.toByteArray());

        archives.unpack(archive, target);

        assertEquals(Map.of("bin", "/", "bin/run", "#!/bin/sh\n", "bin/run.sh", "#!/bin/sh\n"), tree(target));
        assertEquals("rwxr-xr-x", perms(target.resolve("bin/run.sh")));
        assertEquals("rwxr-xr-x", perms(target.resolve("bin/run")), "the copy keeps the mode of its target");
    }

    @Test
    void executableAndPlainModesAreKept() throws IOException {
        Path archive = archive("modes.tgz", tar().file("run.sh", new byte[] {'x'}, 0755)
                .file("data.txt", new byte[] {'y'}, 0644).file("private", new byte[] {'z'}, 0700)
                .file("readonly", new byte[] {'w'}, 0400).gzipped());

        archives.unpack(archive, target);

        assertEquals("rwxr-xr-x", perms(target.resolve("run.sh")));
        assertEquals("rw-r--r--", perms(target.resolve("data.txt")));
        assertEquals("rwxr-xr-x", perms(target.resolve("private")), "modes are normalised to 0755 or 0644");
        assertEquals("rw-r--r--", perms(target.resolve("readonly")));
    }

    @Test
    void aZipEntryWithoutAModeIsPlain() throws IOException {
        archives.unpack(archive("plain.zip", zip().file("a.txt", "A").bytes()), target);

        assertEquals("rw-r--r--", perms(target.resolve("a.txt")));
    }

    @Test
    void modificationTimesAreKept() throws IOException {
        archives.unpack(archive("t.tar", tar().entry("f.txt", '0', new byte[] {'1'}, 0644, "", 1_234_567_890L)
                .bytes()), target);

        assertEquals(FileTime.fromMillis(1_234_567_890_000L), Files.getLastModifiedTime(target.resolve("f.txt")));
    }

    // --- refusals ------------------------------------------------------------------------------------

    @Test
    void refusesAnEntryThatClimbsOut() throws IOException {
        Path archive = archive("evil.tgz", tar().file("ok.txt", "fine").file("../evil", "x").gzipped());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "../evil", "points outside the archive's folder (..)"), e.getMessage());
        assertEquals("/downloads/evil.tgz", e.subject().orElseThrow());
        assertNothingLeft();
        assertFalse(Files.exists(fs.getPath("/out/evil")));
    }

    @Test
    void refusesAnEntryThatClimbsOutThroughASubfolder() throws IOException {
        Path archive = archive("evil.zip", zip().file("a/../../evil", "x").bytes());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "a/../../evil", "points outside the archive's folder (..)"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesAnEntryWithDotDotEvenIfItStaysInside() throws IOException {
        Path archive = archive("dots.tar", tar().file("a/../b.txt", "x").bytes());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "a/../b.txt", "points outside the archive's folder (..)"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesAnAbsoluteEntry() throws IOException {
        Path archive = archive("abs.tar", tar().file("/etc/passwd", "root::0:0").bytes());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "/etc/passwd", "has an absolute path"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesAWindowsAbsoluteEntry() throws IOException {
        Path archive = archive("abs.zip", zip().file("C:\\Windows\\evil.dll", "x").bytes());

        LiteException e = refused(archive);

        // The zip reader turns the backslashes of a DOS-made entry into slashes.
        assertEquals(refusal(archive, "C:/Windows/evil.dll", "has an absolute path"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesASymlinkThatEscapes() throws IOException {
        Path archive = archive("sym.tgz", tar().file("a/ok.txt", "ok").symlink("a/link", "../../outside").gzipped());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "a/link", "is a link to ../../outside, outside the archive's folder"),
                e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesAnAbsoluteSymlink() throws IOException {
        Path archive = archive("sym.tar", tar().symlink("passwd", "/etc/passwd").bytes());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "passwd", "is a link to /etc/passwd, outside the archive's folder"),
                e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesAHardLinkToANameOutside() throws IOException {
        Path archive = archive("hard.tar", tar().file("ok.txt", "ok").hardLink("stolen", "../outside").bytes());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "stolen", "is a link to ../outside, outside the archive's folder"),
                e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesAHardLinkToAnAbsoluteName() throws IOException {
        Path archive = archive("hard.tar", tar().hardLink("shadow", "/etc/shadow").bytes());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "shadow", "is a link to /etc/shadow, outside the archive's folder"),
                e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesALinkToAFolder() throws IOException {
        Path archive = archive("dirlink.tar", tar().dir("d/").file("d/f", "x").symlink("l", "d").bytes());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "l", "links to a folder (d), which jlite does not unpack"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesALinkToSomethingNotInTheArchive() throws IOException {
        Path archive = archive("dangling.tar", tar().symlink("l", "missing.txt").bytes());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "l", "links to missing.txt, which is not in the archive"), e.getMessage());
        assertNothingLeft();
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(chars = {'3', '4', '6'})
    void refusesDevicesAndFifos(char type) throws IOException {
        Path archive = archive("special.tar", tar().file("ok.txt", "ok").special("dev/thing", type).bytes());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "dev/thing", "is a device, pipe or other special file"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesMoreEntriesThanTheLimit() throws IOException {
        archives = new ArchivesImpl(cache, 3, 1 << 20);
        Path archive = archive("many.tgz", tar().file("f1", "1").file("f2", "2").file("f3", "3").file("f4", "4")
                .gzipped());

        LiteException e = refused(archive);

        assertEquals(archive + " has more entries than the limit of 3 (at entry 'f4'); refusing to unpack it (raise "
                + "LiteBuildConfig.unpack_max_entries if you trust it)", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void theEntryLimitIsInclusive() throws IOException {
        archives = new ArchivesImpl(cache, 3, 1 << 20);

        archives.unpack(archive("three.tar", tar().file("f1", "1").file("f2", "2").file("f3", "3").bytes()), target);

        assertEquals(Map.of("f1", "1", "f2", "2", "f3", "3"), tree(target));
    }

    @Test
    void refusesMoreBytesThanTheLimit() throws IOException {
        archives = new ArchivesImpl(cache, 100, 1000);
        Path archive = archive("big.tgz", tar().file("a.bin", new byte[600], 0644).file("b.bin", new byte[600], 0644)
                .gzipped());

        LiteException e = refused(archive);

        assertEquals(archive + " unpacks to more than the limit of 1000 bytes (entry 'b.bin' says it has 600 bytes); "
                + "refusing to unpack it (raise LiteBuildConfig.unpack_max_bytes if you trust it)", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void refusesAZipBomb() throws IOException {
        archives = new ArchivesImpl(cache, 100, 100_000);
        Path archive = archive("bomb.zip", zip().file("zeros/all.bin", new byte[4 << 20]).bytes());
        assertTrue(Files.size(archive) < 20_000, "the fixture is small: " + Files.size(archive));

        LiteException e = refused(archive);

        assertEquals(archive + " unpacks to more than the limit of 100000 bytes (its entries say so); refusing to unpack "
                + "it (raise LiteBuildConfig.unpack_max_bytes if you trust it)", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aZipEntryFarMoreCompressedThanTheRatioIsRefusedBeforeAByteIsWritten() throws IOException {
        Path archive = archive("ratio.zip", zip().file("a.txt", "a").file("zeros.bin", new byte[32 << 20]).bytes());

        LiteException e = refused(archive);

        assertTrue(e.getMessage().startsWith(archive + " has an entry, 'zeros.bin', that unpacks to "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" times its packed size, more than the limit of 200; refusing to unpack it "
                + "(raise LiteBuildConfig.unpack_max_ratio if you trust it)"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aGzippedTarOfZerosIsStoppedByTheRatioPastTheGrace() throws IOException {
        Path archive = archive("zeros.tgz", tar().file("ok.txt", "ok").file("zeros.bin", new byte[48 << 20], 0644).gzipped());

        LiteException e = refused(archive);

        assertEquals(archive + " unpacks to more than 200 times its packed size (at entry 'zeros.bin'), the limit; refusing "
                + "to unpack it (raise LiteBuildConfig.unpack_max_ratio if you trust it)", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aGzippedTarOfZerosUnpacksWhenTheRatioIsRaised() throws IOException {
        archives = new ArchivesImpl(cache, new ArchivesImpl.Limits(100, 1L << 30, 10_000), false);

        archives.unpack(archive("zeros.tgz", tar().file("zeros.bin", new byte[24 << 20], 0644).gzipped()), target);

        assertEquals(24 << 20, Files.size(target.resolve("zeros.bin")));
    }

    @Test
    void aTarHeaderDeclaringMoreThanTheLimitIsRefusedBeforeItsBytesAreRead() throws IOException {
        archives = new ArchivesImpl(cache, new ArchivesImpl.Limits(100, 1 << 20, 200), false);
        Path archive = archive("big.tgz", tar().file("small.txt", "s").file("big.bin", new byte[2 << 20], 0644).gzipped());

        LiteException e = refused(archive);

        assertEquals(archive + " unpacks to more than the limit of 1 MiB (entry 'big.bin' says it has 2097152 bytes); "
                + "refusing to unpack it (raise LiteBuildConfig.unpack_max_bytes if you trust it)", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aZipEntryHoldingMoreThanItDeclaresIsCutShortAndRefused() throws IOException {
        byte[] zip = zip().file("data.bin", new byte[100_000]).bytes();
        Path archive = archive("liar.zip", declareZipSize(zip, 1000));

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "data.bin", "holds more bytes than its header says (1000)"), e.getMessage());
        assertNothingLeft();
    }

    /** The zip with its (one) central directory entry's uncompressed size set to {@code size}. */
    private static byte[] declareZipSize(byte[] zip, int size) {
        byte[] out = zip.clone();
        for (int i = out.length - 22; i >= 0; i--) {
            if (out[i] == 'P' && out[i + 1] == 'K' && out[i + 2] == 1 && out[i + 3] == 2) {
                java.nio.ByteBuffer.wrap(out, i + 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(size);
                return out;
            }
        }
        throw new IllegalArgumentException("no central directory");
    }

    @Test
    void aTarNameThatIsNotUtf8IsRefusedNotCollapsed() throws IOException {
        byte[] tar = tar().file("a-X.txt", "one").file("a-Y.txt", "two").bytes();
        tar[2] = (byte) 0xff; // a-\xff.txt and a-Y.txt: decoded with replacement, the first would become a-?.txt
        fixChecksum(tar, 0);
        Path archive = archive("latin.tar", tar);

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "a-\uFFFD.txt", "has a name that is not UTF-8 (the bytes that do not decode are shown "
                + "as U+FFFD)"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aZipNameThatIsNotUtf8IsRefused() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            out.setEncoding("ISO-8859-1");
            out.setUseLanguageEncodingFlag(false);
            out.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
            out.putArchiveEntry(new ZipArchiveEntry("caf\u00e9.txt"));
            out.write("x".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        Path archive = archive("latin.zip", bytes.toByteArray());

        LiteException e = refused(archive);

        assertEquals(refusal(archive, "caf\uFFFD.txt", "has a name that is not UTF-8 (the bytes that do not decode are "
                + "shown as U+FFFD)"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void utf8NamesArriveWhole() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes, "UTF-8")) {
            out.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
            out.setAddPaxHeadersForNonAsciiNames(true);
            for (String name : List.of("caf\u00e9.txt", "\u65e5\u672c/" + "\u00e9".repeat(80) + ".txt")) {
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
                entry.setSize(1);
                out.putArchiveEntry(entry);
                out.write('x');
                out.closeArchiveEntry();
            }
        }

        archives.unpack(archive("names.tar", bytes.toByteArray()), target);

        assertEquals(Map.of("caf\u00e9.txt", "x", "\u65e5\u672c", "/", "\u65e5\u672c/" + "\u00e9".repeat(80) + ".txt", "x"),
                tree(target));
    }

    private static void fixChecksum(byte[] tar, int header) {
        for (int i = header + 148; i < header + 156; i++) {
            tar[i] = ' ';
        }
        long sum = 0;
        for (int i = header; i < header + 512; i++) {
            sum += tar[i] & 0xff;
        }
        byte[] checksum = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, tar, header + 148, 6);
        tar[header + 154] = 0;
    }

    @Test
    void aLaterRegularEntryReplacesAnEarlierLinkOfTheSameName() throws IOException {
        archives.unpack(archive("later.tar", tar().file("a", "A").hardLink("b", "a").symlink("c", "a")
                .file("b", "B").file("c", "C").bytes()), target);

        assertEquals(Map.of("a", "A", "b", "B", "c", "C"), tree(target));
    }

    @Test
    void aLaterLinkReplacesAnEarlierFileOfTheSameName() throws IOException {
        archives.unpack(archive("later.tar", tar().file("a", "A").file("b", "B").hardLink("b", "a").bytes()), target);

        assertEquals(Map.of("a", "A", "b", "A"), tree(target));
    }

    @Test
    void aFullDiskIsReportedAsSuchNotAsADamagedArchive() throws IOException {
        try (FileSystem small = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(1 << 20).setBlockSize(4096)
                .build())) {
            Path dir = Files.createDirectories(small.getPath("/cache"));
            Path archive = Files.write(dir.resolve("big.tgz"), tar().file("big.bin", new byte[4 << 20], 0644).gzipped());
            ArchivesImpl onSmall = new ArchivesImpl(dir);

            LiteException e = assertThrows(LiteException.class, () -> onSmall.unpack(archive, dir.resolve("out")));

            assertEquals("cannot unpack /cache/big.tgz into /cache: the disk is full (no space left on device); free some "
                    + "space or make it writable, or choose another cache folder (--cache-dir)", e.getMessage());
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of("big.tgz"), left.map(p -> p.getFileName().toString()).toList(), "nothing is left");
            }
        }
    }

    @Test
    void unpackingWhereAnotherRunUnpackedFirstKeepsItsFolder(@org.junit.jupiter.api.io.TempDir Path real) throws IOException {
        // the real file system: renaming a folder onto a full one fails with "Directory not empty", a plain
        // FileSystemException, which means the other run won
        Path archive = Files.write(real.resolve("a.tgz"), tar().file("f", "same").gzipped());
        Path into = real.resolve("unpacked/sha");
        archives.unpack(archive, into);
        Files.writeString(into.resolve("marker"), "the first run's");

        archives.unpack(archive, into);

        assertEquals(Map.of("f", "same", "marker", "the first run's"), tree(into));
        try (Stream<Path> siblings = Files.list(into.getParent())) {
            assertEquals(List.of("sha"), siblings.map(p -> p.getFileName().toString()).toList(), "no temp folder is left");
        }
    }

    @Test
    void threadsUnpackingOneArchiveAtOnceUnpackItOnce() throws Exception {
        Path archive = archive("shared.tgz", tar().file("f", "x").file("g", "y").gzipped());
        List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ArchivesImpl logged = new ArchivesImpl(cache, ArchivesImpl.Limits.DEFAULT, false, lines::add);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Path>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(pool.submit(() -> logged.unpackCached(archive)));
            }
            for (var f : all) {
                assertEquals(Map.of("f", "x", "g", "y"), tree(f.get()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("unpacked /downloads/shared.tgz into the cache (2 entries, 2 bytes)"), lines);
    }

    @Test
    void aCorruptArchiveIsNotReadable() throws IOException {
        byte[] noise = new byte[4096];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i * 31 + 7);
        }
        Path archive = archive("broken.tgz", noise);

        LiteException e = refused(archive);

        assertTrue(e.getMessage().startsWith("/downloads/broken.tgz is not a readable tar.gz archive ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); check the file, or fetch it again"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aTruncatedZipIsNotReadable() throws IOException {
        byte[] whole = zip().file("a.txt", "A".repeat(1000)).bytes();
        Path archive = archive("cut.zip", java.util.Arrays.copyOf(whole, whole.length / 2));

        LiteException e = refused(archive);

        assertTrue(e.getMessage().startsWith("/downloads/cut.zip is not a readable zip archive ("), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void anEmptyTarIsNotReadable() throws IOException {
        Path archive = archive("empty.tar", new byte[1024]);

        LiteException e = refused(archive);

        assertEquals("/downloads/empty.tar is not a readable tar archive (no entries); check the file, or fetch it again",
                e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aFileThatIsNoArchiveIsNamed() throws IOException {
        Path file = archive("notes.bin", "just some text, not an archive\n".getBytes(StandardCharsets.UTF_8));

        LiteException e = assertThrows(LiteException.class, () -> archives.unpack(file, target));

        assertEquals("/downloads/notes.bin is not an archive jlite can unpack (expected .tar.gz/.tgz, .tar.bz2, "
                + ".tar.xz, .tar.zst, .tar, .zip, .whl, .jar, .conda)", e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aMissingArchiveIsNamed() {
        Path missing = fs.getPath("/downloads/missing.tgz");

        LiteException e = assertThrows(LiteException.class, () -> archives.unpack(missing, target));

        assertEquals("/downloads/missing.tgz does not exist or is not a file", e.getMessage());
    }

    // --- the cache -----------------------------------------------------------------------------------

    @Test
    void unpackCachedUnpacksOnceIntoAFolderNamedBySha256() throws Exception {
        byte[] bytes = tar().file("pyodide/pyodide.js", "v1").gzipped();
        Path archive = archive("pyodide.tgz", bytes);

        Path first = archives.unpackCached(archive);
        Files.writeString(first.resolve("pyodide/marker"), "left by the first call");
        Path second = archives.unpackCached(archive);

        assertEquals(cache.resolve("unpacked").resolve(sha256(bytes)), first);
        assertEquals(first, second);
        assertEquals(Map.of("pyodide", "/", "pyodide/pyodide.js", "v1", "pyodide/marker", "left by the first call"),
                tree(second), "the second call unpacked nothing");
        try (Stream<Path> entries = Files.list(cache.resolve("unpacked"))) {
            assertEquals(List.of(sha256(bytes)), entries.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anUnpackingTheCallerRefusesStaysOutOfTheCache() throws Exception {
        Path archive = archive("not-pyodide.tgz", tar().file("README", "something else").gzipped());
        LiteException e = assertThrows(LiteException.class, () -> archives.unpackCached(archive, folder -> {
            if (!Files.isRegularFile(folder.resolve("pyodide.js"))) {
                throw new LiteException("not a distribution", "not-pyodide.tgz", null);
            }
        }));
        assertEquals("not a distribution", e.getMessage());
        try (Stream<Path> entries = Files.list(cache.resolve("unpacked"))) {
            assertEquals(List.of(), entries.map(p -> p.getFileName().toString()).toList(), "nothing joined the cache");
        }

        Path good = archive("pyodide.tgz", tar().file("pyodide.js", "v1").gzipped());
        List<Path> checked = new ArrayList<>();
        Path first = archives.unpackCached(good, checked::add);
        assertEquals(1, checked.size());
        assertEquals(Map.of("pyodide.js", "v1"), tree(first));
        archives.unpackCached(good, checked::add);
        assertEquals(1, checked.size(), "what the cache holds was checked when it joined");
    }

    @Test
    void unpackCachedKeysByContentNotByName() throws Exception {
        Path a = archive("same-name.tgz", tar().file("f", "a").gzipped());
        Path first = archives.unpackCached(a);
        Path b = archive("same-name.tgz", tar().file("f", "b").gzipped());
        Path second = archives.unpackCached(b);

        assertNotEquals(first, second);
        assertEquals(Map.of("f", "a"), tree(first));
        assertEquals(Map.of("f", "b"), tree(second));
    }

    @Test
    void anArchiveLeftAloneIsReadOnceItsDigestRememberedBySizeAndTime() throws Exception {
        byte[] bytes = tar().file("f", "a").bytes();
        byte[] other = tar().file("f", "b").bytes();
        assertEquals(bytes.length, other.length);
        Path app = archive("app.tar", bytes);
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        Files.setLastModifiedTime(app, old);
        Files.setAttribute(app, "basic:creationTime", old); // the in-memory file system's change time (unix:ctime)
        Path first = archives.unpackCached(app);

        // other bytes at the same size and times (which only a file system left behind allows): only the remembered
        // digest leads back to the first folder
        Files.write(app, other);
        Files.setLastModifiedTime(app, old);
        Files.setAttribute(app, "basic:creationTime", old);
        assertEquals(first, archives.unpackCached(app), "size and times unchanged: the archive is not read again");

        Files.setLastModifiedTime(app, FileTime.fromMillis(old.toMillis() + 1000));
        Path third = archives.unpackCached(app);
        assertEquals(cache.resolve("unpacked").resolve(sha256(other)), third, "a new time: the archive is read again");
        assertEquals(Map.of("f", "b"), tree(third));
    }

    @Test
    void aJustWrittenArchiveIsNotVouchedForByItsSizeAndTime() throws Exception {
        Path app = archive("app.tar", tar().file("f", "a").bytes());
        FileTime written = Files.getLastModifiedTime(app);
        Path first = archives.unpackCached(app);

        // rewritten within the same tick of the clock: same size, same time, other content
        byte[] other = tar().file("f", "b").bytes();
        Files.write(app, other);
        Files.setLastModifiedTime(app, written);
        Path second = archives.unpackCached(app);

        assertNotEquals(first, second);
        assertEquals(cache.resolve("unpacked").resolve(sha256(other)), second);
        assertEquals(Map.of("f", "b"), tree(second));
    }

    @Test
    void aFailedUnpackRemembersNoDigest() throws Exception {
        Path bad = archive("bad.tgz", "not gzip at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.setLastModifiedTime(bad, FileTime.fromMillis(System.currentTimeMillis() - 60_000));

        assertThrows(LiteException.class, () -> archives.unpackCached(bad));
        assertFalse(Files.exists(cache.resolve("digests")), "the cache is left as it was");
    }
}
