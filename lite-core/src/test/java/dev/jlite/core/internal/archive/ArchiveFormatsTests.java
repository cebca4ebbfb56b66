package dev.jlite.core.internal.archive;

import static dev.jlite.core.internal.archive.ArchiveFixtures.tar;
import static dev.jlite.core.internal.archive.ArchiveFixtures.zip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.spi.LiteException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compressed formats of issue 3 (.tar.xz, .conda with zstd) and deterministic packing. */
class ArchiveFormatsTests {

    FileSystem fs;
    Path cache;
    ArchivesImpl archives;

    @BeforeEach
    void setUp() {
        fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("basic", "posix").build());
        cache = fs.getPath("/cache");
        archives = new ArchivesImpl(cache);
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = fs.getPath("/in", name);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return p;
    }

    private static byte[] xz(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZCompressorOutputStream xz = new XZCompressorOutputStream(out)) {
            xz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] zstd(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdCompressorOutputStream z = new ZstdCompressorOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void tarXzUnpacks() throws IOException {
        Path a = write("pyodide.tar.xz", xz(tar().file("pyodide/pyodide.mjs", "export {}").bytes()));
        Path target = fs.getPath("/out");
        archives.unpack(a, target);
        assertEquals("export {}", Files.readString(target.resolve("pyodide/pyodide.mjs")));
    }

    @Test
    void aCondaPackageUnpacksItsPkgAndInfoTarballs() throws IOException {
        byte[] pkg = zstd(tar().file("share/jupyter/labextensions/ext/package.json", "{\"name\": \"ext\"}").bytes());
        byte[] info = zstd(tar().file("info/index.json", "{}").bytes());
        Path conda = write("ext-1.0-py_0.conda", zip().file("metadata.json", "{\"conda_pkg_format_version\": 2}")
                .file("pkg-ext-1.0-py_0.tar.zst", pkg).file("info-ext-1.0-py_0.tar.zst", info).bytes());
        Path target = fs.getPath("/out");
        archives.unpack(conda, target);
        assertEquals(List.of("info/index.json", "share/jupyter/labextensions/ext/package.json"), FileOpsImpl.walkFiles(target));
    }

    @Test
    void aCondaPackageWithAnEscapingEntryIsRefused() throws IOException {
        byte[] pkg = zstd(tar().file("../escape.txt", "x").bytes());
        Path conda = write("bad-1.0-0.conda", zip().file("pkg-bad-1.0-0.tar.zst", pkg).bytes());
        LiteException e = assertThrows(LiteException.class, () -> archives.unpack(conda, fs.getPath("/out")));
        assertEquals("/in/bad-1.0-0.conda: entry '../escape.txt' points outside the archive's folder (..); refusing to unpack it",
                e.getMessage());
        assertTrue(!Files.exists(fs.getPath("/out")));
    }

    @Test
    void aZipThatIsNoCondaPackageIsSaidToBeUnreadable() throws IOException {
        Path conda = write("odd.conda", zip().file("readme.txt", "hi").bytes());
        LiteException e = assertThrows(LiteException.class, () -> archives.unpack(conda, fs.getPath("/out")));
        assertEquals("/in/odd.conda is not a readable conda archive (no pkg-*.tar.zst inside; not a .conda package); check "
                + "the file, or fetch it again", e.getMessage());
    }

    @Test
    void xzAndZstdAreSniffedWithoutASuffix() throws IOException {
        Path x = write("blob1", xz(tar().file("a", "1").bytes()));
        Path z = write("blob2", zstd(tar().file("b", "2").bytes()));
        archives.unpack(x, fs.getPath("/x"));
        archives.unpack(z, fs.getPath("/z"));
        assertEquals("1", Files.readString(fs.getPath("/x/a")));
        assertEquals("2", Files.readString(fs.getPath("/z/b")));
    }

    @Test
    void packingIsDeterministicAndSorted() throws IOException {
        Path root = fs.getPath("/site");
        for (String f : List.of("b.txt", "a/z.txt", "a-b.txt", "files/n.ipynb", "A.txt")) {
            Path p = root.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "content of " + f);
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.nanoTime() % 100_000));
        }
        Path one = fs.getPath("/out/one.tgz");
        Path two = fs.getPath("/out/two.tgz");
        archives.packTgz(root, one, "package/", rel -> rel.startsWith("files/") ? 499162500L : 1_700_000_000L);
        Files.setLastModifiedTime(root.resolve("b.txt"), FileTime.fromMillis(42));
        archives.packTgz(root, two, "package/", rel -> rel.startsWith("files/") ? 499162500L : 1_700_000_000L);
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));

        byte[] bytes = Files.readAllBytes(one);
        assertEquals(0, bytes[4] | bytes[5] | bytes[6] | bytes[7], "gzip header time is 0");
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(bytes)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
                assertEquals(0, e.getLongUserId());
                assertEquals(0, e.getLongGroupId());
                assertEquals("root", e.getUserName());
                assertEquals(0644, e.getMode() & 07777);
                assertEquals(e.getName().startsWith("package/files/") ? 499162500L : 1_700_000_000L,
                        e.getLastModifiedTime().toMillis() / 1000, e.getName());
            }
        }
        assertEquals(List.of("package/A.txt", "package/a-b.txt", "package/a/z.txt", "package/b.txt", "package/files/n.ipynb"), names);
    }
}
