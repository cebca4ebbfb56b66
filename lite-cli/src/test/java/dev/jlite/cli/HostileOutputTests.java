package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile or careless user does to an output jlite built, on the real file system: links put in
 * place of jlite's folders or of its bookkeeping, bookkeeping brought in from elsewhere, inputs swapped for
 * ones of the same size and time, an output reached through a link from inside its own contents. jlite
 * deletes, writes and trusts nothing through any of it.
 */
class HostileOutputTests {

    @TempDir
    Path tmp;
    Path site;
    Path app;
    Path cache;
    Path out;
    Path victim;

    @BeforeEach
    void setUp() throws IOException {
        site = Files.createDirectories(tmp.resolve("site"));
        app = tmp.resolve("app");
        cache = tmp.resolve("cache");
        out = tmp.resolve("out");
        victim = Files.createDirectories(tmp.resolve("victim"));
        for (var e : TestApp.standard().files().entrySet()) {
            Path f = app.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        Files.createDirectories(site.resolve("files/sub"));
        Files.writeString(site.resolve("files/sub/b.txt"), "b");
        Files.writeString(site.resolve("files/sub/c.txt"), "c");
        Files.writeString(victim.resolve("b.txt"), "precious");
        Files.writeString(victim.resolve("LICENSE"), "precious too");
    }

    private InProcess.Ran jlite(String... args) {
        return InProcess.run(tmp, Map.of("HOME", tmp.resolve("home").toString()), args);
    }

    private InProcess.Ran build(String... extra) {
        List<String> args = new ArrayList<>(List.of("build", "--lite-dir", site.toString(), "--app-archive", app.toString(),
                "--cache-dir", cache.toString(), "--output-dir", out.toString()));
        args.addAll(List.of(extra));
        return jlite(args.toArray(String[]::new));
    }

    private List<String> victims() {
        return LiteRun.tree(victim);
    }

    /** A link in place of one of jlite's folders: what jlite wrote there is not deleted through it, nor anything else. */
    @Test
    void nothingIsDeletedThroughALinkInTheOutput() throws Exception {
        assertEquals(0, build().code());
        List<String> before = victims();
        deleteTree(out.resolve("files/sub"));
        Files.createSymbolicLink(out.resolve("files/sub"), victim);
        deleteTree(site.resolve("files/sub")); // now jlite has stale files to remove where the link is
        InProcess.Ran r = build();
        assertEquals(1, r.code(), r::all);
        assertTrue(r.err().contains(out.resolve("files/sub") + " is a symbolic link inside the output folder"), r::all);
        assertEquals(before, victims(), "nothing of what the link leads to was deleted");
        assertTrue(Files.isSymbolicLink(out.resolve("files/sub")), "nor the link itself");

        // the same when an addon is switched off, whose folder was swapped for a link
        Files.delete(out.resolve("files/sub"));
        assertEquals(0, build().code());
        deleteTree(out.resolve("static/mathjax"));
        Files.createSymbolicLink(out.resolve("static/mathjax"), victim);
        InProcess.Ran off = build("--disable-addons", "mathjax");
        assertEquals(1, off.code(), off::all);
        assertEquals(before, victims());
    }

    /** jlite's bookkeeping that names paths outside the output (it came with the folder from elsewhere) is not followed. */
    @Test
    void bookkeepingNamingPathsOutsideTheOutputIsIgnored() throws Exception {
        assertEquals(0, build().code());
        List<String> before = victims();
        Path manifest = out.resolve(".jlite/manifest.json");
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var root = (tools.jackson.databind.node.ObjectNode) json.readTree(manifest.toFile());
        var files = (tools.jackson.databind.node.ObjectNode) root.get("files");
        files.putArray("../victim/b.txt").add("bogus:task").add(1).add(1).add(1).add("");
        files.putArray(victim.resolve("LICENSE").toString()).add("bogus:task").add(1).add(1).add(1).add("");
        ((tools.jackson.databind.node.ObjectNode) root.get("outside")).putArray(victim.resolve("b.txt").toString())
                .add("bogus:task").add(1).add(1).add(1).add("");
        Files.writeString(manifest, json.writeValueAsString(root));
        Files.writeString(out.resolve(".jlite/journal"), "\"../victim/b.txt\"\n\"" + victim.resolve("LICENSE") + "\"\n");
        InProcess.Ran r = build();
        assertEquals(0, r.code(), r::all);
        assertEquals(before, victims());
    }

    /** Bookkeeping that is a link, or a link to a file in it: jlite writes through neither. */
    @Test
    void theBookkeepingIsWrittenThroughNoLink() throws Exception {
        Files.createDirectories(out);
        Files.createSymbolicLink(out.resolve(".jlite"), victim);
        List<String> before = victims();
        InProcess.Ran r = build();
        assertEquals(1, r.code(), r::all);
        assertTrue(r.err().contains(out.resolve(".jlite") + " is not a folder jlite made (it is a symbolic link)"), r::all);
        assertEquals(before, victims());

        Files.delete(out.resolve(".jlite"));
        deleteTree(out);
        assertEquals(0, build().code());
        Path journal = out.resolve(".jlite/journal");
        Files.deleteIfExists(journal);
        Files.createSymbolicLink(journal, victim.resolve("b.txt"));
        Files.writeString(site.resolve("files/new.txt"), "new");
        InProcess.Ran appended = build();
        assertEquals(1, appended.code(), appended::all);
        assertTrue(appended.err().contains("cannot write to the output folder " + out), appended::all);
        assertEquals(before, victims(), "nothing appended to what the link leads to");
    }

    /** An input swapped for another of the same size and modification time (cp -p, tar x) is seen as changed. */
    @Test
    void anInputWithTheSameSizeAndTimeButOtherBytesIsRebuilt() throws Exception {
        Path ver = site.resolve("files/ver.json");
        Files.writeString(ver, "{\"v\": \"1.0.1\"}");
        FileTime old = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));
        Files.setLastModifiedTime(ver, old);
        assertEquals(0, build().code());
        Thread.sleep(10);
        Path other = tmp.resolve("ver.json");
        Files.writeString(other, "{\"v\": \"1.0.2\"}");
        Files.setLastModifiedTime(other, old);
        Files.copy(other, ver, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        assertEquals(old, Files.getLastModifiedTime(ver));
        InProcess.Ran r = build();
        assertEquals(0, r.code(), r::all);
        assertEquals("{\"v\": \"1.0.2\"}", Files.readString(out.resolve("files/ver.json")), r::all);
    }

    /** An output inside its own contents (reached through a link) never becomes part of them: the site does not grow. */
    @Test
    void anOutputInsideItsContentsIsLeftOutOfThem() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path lite = Files.createDirectories(root.resolve("lite"));
        Files.writeString(root.resolve("doc.txt"), "a document");
        Files.createDirectories(root.resolve("real-out"));
        Path link = Files.createSymbolicLink(tmp.resolve("outlink"), root.resolve("real-out"));
        String[] args = {"build", "--lite-dir", lite.toString(), "--app-archive", app.toString(), "--cache-dir", cache.toString(),
                "--contents", root.toString(), "--output-dir", link.toString()};
        InProcess.Ran first = jlite(args);
        assertEquals(0, first.code(), first::all);
        List<String> tree = LiteRun.tree(root.resolve("real-out"));
        assertTrue(tree.stream().anyMatch(l -> l.endsWith("  files/doc.txt")), tree::toString);
        assertTrue(tree.stream().noneMatch(l -> l.contains("files/real-out")), tree::toString);
        InProcess.Ran second = jlite(args);
        assertEquals(0, second.code(), second::all);
        assertTrue(second.out().startsWith("nothing to do"), second::all);
        assertEquals(tree, LiteRun.tree(root.resolve("real-out")));
    }

    /** A link of the user's in the output that leads out of it is no file of the site: check, archive and --offline leave it be. */
    @Test
    void aLinkOutOfTheOutputIsNoPartOfTheSite() throws Exception {
        assertEquals(0, build().code());
        Files.createSymbolicLink(out.resolve("hostlink"), victim.resolve("b.txt"));
        InProcess.Ran offline = build("--offline", "--disable-addons", "pyodide");
        assertEquals(0, offline.code(), offline::all);
        InProcess.Ran archive = jlite("archive", "--lite-dir", site.toString(), "--app-archive", app.toString(), "--cache-dir",
                cache.toString(), "--output-dir", out.toString(), "--output-archive", tmp.resolve("site.tgz").toString());
        assertEquals(0, archive.code(), archive::all);
        InProcess.Ran check = jlite("check", "--lite-dir", site.toString(), "--app-archive", app.toString(), "--cache-dir",
                cache.toString(), "--output-dir", out.toString());
        assertEquals(0, check.code(), check::all);
        assertEquals("precious", Files.readString(victim.resolve("b.txt")));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aWheelNamedWithCharactersNoWheelHasIsLeftOut() throws Exception {
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        // left out by its name, before it is opened
        Files.writeString(wheels.resolve("we ird%2F#?-0.1-py3-none-any.whl"), "not opened");
        InProcess.Ran r = build("--piplite-wheels", wheels.toString());
        assertEquals(0, r.code(), r::all);
        assertTrue(r.err().contains("we ird%2F#?-0.1-py3-none-any.whl is left out: its name has characters a wheel's name "
                + "never has"), r::all);
        assertFalse(Files.exists(out.resolve("pypi")), "nothing else to ship");
    }
}
