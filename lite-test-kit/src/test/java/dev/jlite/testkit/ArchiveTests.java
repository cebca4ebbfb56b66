package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** jlite archive: SHA256SUMS, then a reproducible .tgz of the site. */
class ArchiveTests {

    static final long SDE = 1_700_000_000L;
    static final Path ARCHIVE = Path.of("site-jupyterlite.tgz");

    static LiteTestKit site() {
        return LiteTestKit.addons().env("SOURCE_DATE_EPOCH", "" + SDE)
                .liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"Archived\"}}")
                .liteFile("files/notes.md", "# notes")
                .liteFile("files/data/x.csv", "1,2");
    }

    static byte[] archive(LiteTestKit kit) throws IOException {
        LiteRun run = kit.run(Command.ARCHIVE);
        assertTrue(run.ok(), run::report);
        return Files.readAllBytes(kit.liteDir().resolve("site-jupyterlite.tgz"));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void theArchiveIsAnNpmStyleTarballOfTheSiteWithFixedOwnersModesAndTimes() throws Exception {
        LiteTestKit kit = site();
        byte[] tgz = archive(kit);
        assertEquals(0, tgz[4] | tgz[5] | tgz[6] | tgz[7], "gzip header time 0");
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
                assertTrue(e.isFile(), e.getName() + " is a file (no folder entries)");
                assertEquals(0, e.getLongUserId());
                assertEquals(0, e.getLongGroupId());
                assertEquals(0644, e.getMode() & 07777, e.getName());
                long expected = e.getName().startsWith("package/files/") ? 499162500L : SDE;
                assertEquals(expected, e.getLastModifiedTime().toMillis() / 1000, e.getName());
            }
        }
        assertEquals(names.stream().sorted().toList(), names, "members are sorted");
        assertTrue(names.contains("package/SHA256SUMS"));
        assertTrue(names.contains("package/files/notes.md"));
        assertTrue(names.contains("package/jupyter-lite.json"));
        assertTrue(names.stream().allMatch(n -> n.startsWith("package/")));
    }

    @Test
    void sha256sumsListsEveryOtherFileOfTheSite() throws Exception {
        LiteTestKit kit = site();
        LiteRun run = kit.run(Command.ARCHIVE);
        String sums = run.text("SHA256SUMS");
        assertFalse(sums.endsWith("\n"), "no trailing newline, as the reference writes it");
        List<String> expected = run.tree().stream().filter(l -> !l.endsWith("  SHA256SUMS")).toList();
        assertEquals(expected, sums.lines().toList());
    }

    @Test
    void twoArchivesOfTheSameSiteAreIdenticalWhereverTheyWereBuilt() throws Exception {
        byte[] one = archive(site());
        byte[] two = archive(site().option("output_dir", "/work/elsewhere/out").option("output_archive", "/work/site/site-jupyterlite.tgz"));
        assertEquals(sha256(one), sha256(two));
        // Without SOURCE_DATE_EPOCH the times are npm's fixed date: still the same bytes, whatever the clock.
        LiteTestKit early = LiteTestKit.addons().clock(java.time.Instant.parse("2001-01-01T00:00:00Z"));
        LiteTestKit late = LiteTestKit.addons().clock(java.time.Instant.parse("2031-01-01T00:00:00Z"));
        assertArrayEquals(archive(early), archive(late));
    }

    @Test
    void anArchiveGivenBackAsTheAppReproducesItself() throws Exception {
        byte[] first = archive(site());
        LiteTestKit again = LiteTestKit.addons().env("SOURCE_DATE_EPOCH", "" + SDE).appArchive("site.tgz", first);
        byte[] second = archive(again);
        assertEquals(members(first), members(second));
        assertEquals(sha256(first), sha256(second));
    }

    /** Each member as "name mode time sha256", for a readable difference. */
    static List<String> members(byte[] tgz) throws Exception {
        List<String> out = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.add(e.getName() + " " + Integer.toOctalString(e.getMode()) + " " + e.getLastModifiedTime().toMillis() / 1000 + " "
                        + sha256(tar.readAllBytes()));
            }
        }
        return out;
    }

    @Test
    void aSecondArchiveWithNothingChangedRunsNothing() throws Exception {
        LiteTestKit kit = site();
        byte[] first = archive(kit);
        LiteRun second = kit.run(Command.ARCHIVE);
        assertTrue(second.ok(), second::report);
        assertEquals(List.of(), second.ran(), "nothing: the audit too is skipped when the site did not change");
        assertArrayEquals(first, Files.readAllBytes(kit.liteDir().resolve("site-jupyterlite.tgz")));
        Files.delete(kit.liteDir().resolve("site-jupyterlite.tgz"));
        LiteRun third = kit.run(Command.ARCHIVE);
        assertEquals(List.of("archive:pack"), third.ran(), "a deleted archive is packed again");
        assertArrayEquals(first, Files.readAllBytes(kit.liteDir().resolve("site-jupyterlite.tgz")));
    }

    @Test
    void outputArchiveNamesWhereItGoes() throws Exception {
        LiteTestKit kit = site().option("output_archive", "/work/dist/my-site.tgz");
        LiteRun run = kit.run(Command.ARCHIVE);
        assertTrue(run.ok(), run::report);
        assertTrue(Files.isRegularFile(kit.fileSystem().getPath("/work/dist/my-site.tgz")));
        assertTrue(run.diagnostics().stream().anyMatch(d -> d.source().equals("archive")
                && d.render().startsWith("/work/dist/my-site.tgz (")), run::report);
        assertFalse(new String(Files.readAllBytes(kit.fileSystem().getPath("/work/dist/my-site.tgz")), StandardCharsets.ISO_8859_1)
                .isEmpty());
    }
}
