package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.Phase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * jlite deletes and replaces only what it wrote: outputs over a site's inputs, the cache, the home folder or
 * the root are refused before anything is written; a folder of someone else's files is refused unless it is
 * taken over, and even then nothing of it is deleted; a previous jlite output is rebuilt in place, keeping
 * what the user put in it; a file of a killed run is told from a user's by the journal.
 */
class OwnershipTests {

    private static final String CUSTOM = "{\"jupyter-config-data\": {\"appName\": \"Mine\"}}";

    private static LiteTestKit kit() {
        return LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM).liteFile("files/notes.md", "# notes\n");
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Every file under {@code root}, as {@code sha256  path}, read now. */
    private static List<String> tree(Path root) {
        return LiteRun.tree(root);
    }

    /** The output may not be the place a build reads from: each case is refused (exit 2) and nothing is deleted. */
    @Test
    void anOutputOverTheSitesInputsTheCacheTheHomeOrTheRootIsRefused() throws Exception {
        LiteTestKit kit = kit();
        Path lite = kit.liteDir();
        write(lite.getParent().resolve("sibling/project.txt"), "a sibling project");
        write(kit.fileSystem().getPath("/home/tester/.cache/jlite/keep.txt"), "cached");
        write(kit.fileSystem().getPath("/home/tester/letter.txt"), "dear");
        kit.run(Command.STATUS); // writes the kit's app folder, as any run does
        List<String> before = tree(kit.fileSystem().getPath("/"));
        record Case(String output, String expected) {
        }
        List<Case> cases = List.of(
                new Case(lite.toString(), "is the lite dir"),
                new Case(lite.getParent().toString(), "contains the lite dir"),
                new Case(lite.resolve("files").toString(), "is the contents folder"),
                new Case(lite.resolve("files/sub").toString(), "is inside the contents folder"),
                new Case(kit.appDir().toString(), "is the app folder"),
                new Case(kit.appDir().resolve("lab").toString(), "is inside the app folder"),
                new Case("/home/tester/.cache/jlite", "is the cache"),
                new Case("/home/tester/.cache/jlite/site", "is inside the cache"),
                new Case("/home/tester/.cache", "contains the cache"),
                new Case("/home/tester", "is the home folder"),
                new Case("/home", "contains the home folder"),
                new Case("/", "is the root of the file system"));
        for (Case c : cases) {
            LiteRun run = kit.clearArgs().option("output_dir", c.output()).option("force", "true").run(Command.BUILD);
            assertEquals(2, run.exitCode(), c.output() + "\n" + run.report());
            assertTrue(run.errors().stream().anyMatch(e -> e.contains("the output folder ") && e.contains(c.expected())),
                    c.output() + ": " + run.errors());
            assertEquals(List.of(), run.events(), "nothing ran");
            assertEquals(before, tree(kit.fileSystem().getPath("/")), c.output() + ": nothing changed anywhere");
        }
    }

    /** A folder of someone else's files is not an output, unless taken over; then nothing of it is ever deleted. */
    @Test
    void aFolderOfSomeoneElsesFilesIsRefusedAndWhenTakenOverKeptWhole() throws Exception {
        LiteTestKit kit = kit();
        Path docs = kit.liteDir().getParent().resolve("docs");
        write(docs.resolve("my-page.html"), "<p>mine</p>");
        write(docs.resolve("assets/logo.svg"), "<svg/>");
        LiteRun refused = kit.option("output_dir", docs.toString()).run(Command.BUILD);
        assertEquals(2, refused.exitCode(), refused::report);
        assertEquals(List.of("the output folder /work/docs holds files jlite did not write (assets, my-page.html) and no "
                + "earlier jlite build; build into an empty or new folder with --output-dir, or give --take-over-output to build "
                + "there anyway (jlite keeps those files, never deletes them, and names each one it replaces)"), refused.errors());
        assertEquals(List.of("assets/logo.svg", "my-page.html"), LiteRun.tree(docs).stream().map(l -> l.substring(66)).toList());

        LiteRun taken = kit.option("take_over_output", "true").run(Command.BUILD);
        assertTrue(taken.ok(), taken::report);
        assertEquals("<p>mine</p>", Files.readString(docs.resolve("my-page.html")));
        assertTrue(taken.exists("lab/index.html"));

        // later builds, forced or not, with fewer apps or no app at all: the user's files stay
        for (int i = 0; i < 2; i++) {
            LiteTestKit again = i == 0 ? kit.clearArgs().option("output_dir", docs.toString()).option("force", "true")
                    : kit.clearArgs().option("output_dir", docs.toString()).option("apps", "lab").option("disable_addons", "contents");
            LiteRun run = again.run(Command.BUILD);
            assertTrue(run.ok(), run::report);
            assertEquals("<p>mine</p>", Files.readString(docs.resolve("my-page.html")));
            assertEquals("<svg/>", Files.readString(docs.resolve("assets/logo.svg")));
        }
        assertFalse(Files.exists(docs.resolve("repl")), "what jlite wrote and no longer writes is gone");
        assertFalse(Files.exists(docs.resolve("files")));
    }

    /** Taking a folder over replaces the user's file that stands where the site has one, and says so. */
    @Test
    void takingOverNamesEveryFileItReplaces() throws Exception {
        LiteTestKit kit = kit();
        Path docs = kit.liteDir().getParent().resolve("docs");
        write(docs.resolve("index.html"), "the user's own index");
        LiteRun taken = kit.option("output_dir", docs.toString()).option("take_over_output", "true").run(Command.BUILD);
        assertTrue(taken.ok(), taken::report);
        assertEquals(List.of("replacing index.html, which jlite did not write (--take-over-output)"),
                taken.warnings().stream().filter(w -> w.contains("replacing")).toList());
        assertFalse(Files.readString(docs.resolve("index.html")).contains("the user's own"));
    }

    /** A previous jlite output is rebuilt in place; what the user adds to it stays, and what is in the way is named. */
    @Test
    void aPreviousOutputIsRebuiltInPlaceKeepingWhatTheUserAdded() throws Exception {
        LiteTestKit kit = kit();
        LiteRun first = kit.run(Command.BUILD);
        assertTrue(first.ok(), first::report);
        Path out = first.output();
        write(out.resolve("extra/notes.txt"), "mine");
        write(out.resolve("lab/mine.html"), "mine too");
        LiteRun forced = kit.option("force", "true").run(Command.BUILD);
        assertTrue(forced.ok(), forced::report);
        assertEquals("mine", Files.readString(out.resolve("extra/notes.txt")));
        assertEquals("mine too", Files.readString(out.resolve("lab/mine.html")));

        // a file of the user's where the site now has one: refused, named, left as it is
        write(out.resolve("files/new.md"), "the user's");
        kit.clearArgs().liteFile("files/new.md", "from the lite dir");
        LiteRun blocked = kit.run(Command.BUILD);
        assertEquals(1, blocked.exitCode(), blocked::report);
        assertTrue(blocked.errors().get(0).contains("/work/site/_output/files/new.md is in the way: jlite did not write it"),
                blocked.errors()::toString);
        assertTrue(blocked.errors().get(0).contains("--take-over-output"), blocked.errors()::toString);
        assertEquals("the user's", Files.readString(out.resolve("files/new.md")));
        Files.delete(out.resolve("files/new.md"));
        LiteRun fixed = kit.run(Command.BUILD);
        assertTrue(fixed.ok(), fixed::report);
        assertEquals("from the lite dir", Files.readString(out.resolve("files/new.md")));
    }

    /** jlite does not write through a symbolic link in the output, and never into what it points at. */
    @Test
    void aLinkInTheOutputIsNotWrittenThrough() throws Exception {
        LiteTestKit kit = kit();
        LiteRun first = kit.run(Command.BUILD);
        assertTrue(first.ok(), first::report);
        Path out = first.output();
        Path elsewhere = kit.fileSystem().getPath("/elsewhere");
        write(elsewhere.resolve("precious.txt"), "precious");
        PipelineTests.deleteTree(out.resolve("repl"));
        Files.createSymbolicLink(out.resolve("repl"), elsewhere);
        LiteRun run = kit.run(Command.BUILD);
        assertEquals(1, run.exitCode(), run::report);
        assertTrue(run.errors().get(0).contains("/work/site/_output/repl is a symbolic link inside the output folder"),
                run.errors()::toString);
        assertEquals(List.of("precious.txt"), LiteRun.tree(elsewhere).stream().map(l -> l.substring(66)).toList());
    }

    /** Files a killed run wrote are known by the journal: jlite's to replace or delete, unlike a user's. */
    @Test
    void filesOfAKilledRunAreToldFromTheUsersByTheJournal() throws Exception {
        LiteTestKit kit = kit();
        LiteRun clean = kit.run(Command.BUILD);
        Path out = clean.output();
        // as a run killed while writing leaves it: files in the journal that the manifest does not name
        write(out.resolve("pypi/half-written.whl"), "cut sh");
        write(out.resolve("lab/index.html"), "cut short");
        Files.writeString(out.resolve(".jlite/journal"), "\"pypi/half-written.whl\"\n\"lab/index.html\"\n\"lab/ne");
        write(out.resolve("users-own.txt"), "the user's");
        LiteRun next = kit.run(Command.BUILD);
        assertTrue(next.ok(), next::report);
        assertFalse(Files.exists(out.resolve("pypi")), "a file of the killed run that nothing writes again is gone");
        assertEquals("the user's", Files.readString(out.resolve("users-own.txt")));
        assertEquals(clean.tree(), next.tree().stream().filter(l -> !l.endsWith("  users-own.txt")).toList());
        assertFalse(Files.exists(out.resolve(".jlite/journal")), "gone once every file it named is owned or gone");
    }

    /**
     * An archive killed after its new bytes were renamed into place, before the manifest recorded them: the
     * journal of that run names it, so the next archive replaces it; the same change with no journal is
     * someone else's, and is left where it is.
     */
    @Test
    void anArchiveReplacedByAKilledRunIsJlitesButOneReplacedByAUserIsNot() throws Exception {
        LiteTestKit kit = kit().option("output_archive", "/work/dist/site.tgz");
        LiteRun first = kit.run(Command.ARCHIVE);
        assertTrue(first.ok(), first::report);
        Path archive = kit.fileSystem().getPath("/work/dist/site.tgz");
        byte[] good = Files.readAllBytes(archive);

        Files.write(archive, "the bytes of an archive whose run was killed before it recorded them".getBytes(StandardCharsets.UTF_8));
        Files.writeString(first.output().resolve(".jlite/journal"), "\"/work/dist/site.tgz\"\n\"/work/dist/.site.tgz.jlite-part\"\n");
        LiteRun repaired = kit.option("force", "true").run(Command.ARCHIVE);
        assertTrue(repaired.ok(), repaired::report);
        assertArrayEquals(good, Files.readAllBytes(archive), "the next archive is the same as a clean one");

        byte[] users = "the user's own file, put where the archive goes".getBytes(StandardCharsets.UTF_8);
        Files.write(archive, users);
        LiteRun refused = kit.option("force", "true").run(Command.ARCHIVE);
        assertEquals(1, refused.exitCode(), refused::report);
        assertTrue(refused.errors().get(0).contains("/work/dist/site.tgz is in the way: jlite did not write it (it changed since "
                + "jlite wrote it)"), refused::report);
        assertArrayEquals(users, Files.readAllBytes(archive), "left as it was");
    }

    /** A previous jlite output deleted and rebuilt, or its manifest lost, costs a full build and nothing of the user's. */
    @Test
    void aLostManifestMakesEveryFileForeign() throws Exception {
        LiteTestKit kit = kit();
        LiteRun clean = kit.run(Command.BUILD);
        Path out = clean.output();
        Files.writeString(out.resolve(".jlite/manifest.json"), "{ not json");
        LiteRun next = kit.run(Command.BUILD);
        assertEquals(1, next.exitCode(), next::report);
        assertTrue(next.errors().get(0).contains("is in the way: jlite did not write it"), next.errors()::toString);
        assertEquals(clean.tree(), LiteRun.tree(out), "nothing was replaced or deleted");
        LiteRun taken = kit.option("take_over_output", "true").run(Command.BUILD);
        assertTrue(taken.ok(), taken::report);
        assertEquals(clean.tree(), taken.tree());
    }

    /** An extension whose name would leave extensions/ (or be all of it) is refused, and extensions/ is kept. */
    @Test
    void anExtensionNamedDotOrDotDotIsRefused() throws Exception {
        for (String name : List.of(".", "..", "../evil", "a/b/c", "@x/..")) {
            LiteTestKit kit = kit();
            kit.liteFile("ext/package.json", "{\"name\": \"" + name + "\", \"version\": \"1.0.0\", \"jupyterlab\": {\"_build\": "
                    + "{\"load\": \"static/remoteEntry.js\"}}}").liteFile("ext/static/remoteEntry.js", "x");
            LiteRun run = kit.option("federated_extensions", "ext").run(Command.BUILD);
            assertEquals(1, run.exitCode(), name + "\n" + run.report());
            assertTrue(run.errors().get(0).contains("is named '" + name + "' in its package.json, which is no npm package name"),
                    run.errors()::toString);
        }
    }

    /** Two tasks may not write one file: overlapping declarations are refused, naming both tasks. */
    @Test
    void twoWritersOfOnePathAreRefusedNamingBoth() {
        Addon greedy = new PipelineTests.TestAddon("greedy", r -> r.task(Phase.BUILD, "write").output("api").run(ctx -> { }));
        LiteRun declared = LiteTestKit.addons(greedy).run(Command.BUILD);
        assertEquals(List.of("tasks greedy:write and translation:api declare overlapping outputs: api (greedy:write) and "
                + "api/translations (translation:api); a file of the site has one writer"), declared.errors());
        assertEquals(List.of(), declared.events());

        Addon late = new PipelineTests.TestAddon("late", r -> r.task(Phase.POST_BUILD, "write").outputs(ctx -> List.of("files/notes.md"))
                .run(ctx -> { }));
        LiteRun lazy = LiteTestKit.addons(late).liteFile("files/notes.md", "# notes\n").run(Command.BUILD);
        assertEquals(1, lazy.exitCode(), lazy::report);
        assertTrue(lazy.errors().get(0).contains("tasks contents:copy and late:write declare overlapping outputs: files "
                + "(contents:copy) and files/notes.md (late:write)"), lazy.errors()::toString);
    }

    /**
     * The app's copy gives way to a task that comes to write where it wrote, and comes back when that task
     * no longer does; a task writing where the app has nothing leaves the app's copy alone.
     */
    @Test
    void theAppsCopyGivesWayAndComesBack() throws Exception {
        String ext = "{\"name\": \"kernel-ext\", \"version\": \"1.0.0\", \"jupyterlab\": {\"_build\": {\"load\": "
                + "\"static/remoteEntry.js\"}}}";
        TestApp app = TestApp.standard().with("extensions/kernel-ext/package.json", ext)
                .with("extensions/kernel-ext/static/remoteEntry.js", "the app's").with("extensions/kernel-ext/static/old.js", "old");
        LiteTestKit kit = kit().app(app).env("SOURCE_DATE_EPOCH", "1000000000");
        LiteRun appOnly = kit.run(Command.BUILD);
        assertTrue(appOnly.ok(), appOnly::report);
        assertEquals("static:copy", appOnly.owners().get("extensions/kernel-ext/static/old.js"));

        kit.liteFile("mine/package.json", ext).liteFile("mine/static/remoteEntry.js", "mine");
        LiteRun replaced = kit.option("federated_extensions", "mine").run(Command.BUILD);
        assertTrue(replaced.ok(), replaced::report);
        assertEquals("mine", replaced.text("extensions/kernel-ext/static/remoteEntry.js"));
        assertFalse(replaced.exists("extensions/kernel-ext/static/old.js"), "the app's copy gave way whole");
        assertEquals("federated-extensions:extensions", replaced.owners().get("extensions/kernel-ext/static/remoteEntry.js"));

        kit.liteFile("files/more.md", "more");
        LiteRun unrelated = kit.run(Command.BUILD);
        assertTrue(unrelated.skipped().contains("static:copy"), "a change where the app has nothing: " + unrelated.ran());

        LiteRun back = kit.clearArgs().run(Command.BUILD);
        assertTrue(back.ok(), back::report);
        assertTrue(back.ran().contains("static:copy"), back::report);
        assertEquals("the app's", back.text("extensions/kernel-ext/static/remoteEntry.js"));
        assertEquals("old", back.text("extensions/kernel-ext/static/old.js"));
        assertEquals(kit().app(app).env("SOURCE_DATE_EPOCH", "1000000000").liteFile("files/more.md", "more").run(Command.BUILD)
                .tree(), back.tree(),
                "as if the extension had never been added");
    }

    /**
     * An archive jlite wrote stays jlite's when the site is packed elsewhere for a while (but not once the user
     * replaced it), and an archive packed into the site itself is no part of what it packs.
     */
    @Test
    void archivesBesideAndInsideTheSite() throws Exception {
        LiteTestKit kit = kit();
        for (String name : List.of("one.tgz", "two.tgz", "one.tgz")) {
            LiteRun run = kit.clearArgs().option("output_archive", "/work/" + name).run(Command.ARCHIVE);
            assertTrue(run.ok(), name + "\n" + run.report());
        }
        Files.writeString(kit.fileSystem().getPath("/work/two.tgz"), "the user's own now");
        LiteRun replaced = kit.clearArgs().option("output_archive", "/work/two.tgz").run(Command.ARCHIVE);
        assertEquals(1, replaced.exitCode(), replaced::report);
        assertTrue(replaced.errors().get(0).contains("/work/two.tgz is in the way: jlite did not write it (it changed since "
                + "jlite wrote it)"), replaced.errors()::toString);
        assertEquals("the user's own now", Files.readString(kit.fileSystem().getPath("/work/two.tgz")));

        LiteTestKit inside = kit().option("output_archive", "/work/site/_output/site.tgz");
        LiteRun first = inside.run(Command.ARCHIVE);
        assertTrue(first.ok(), first::report);
        inside.liteFile("files/notes.md", "# changed\n");
        LiteRun second = inside.run(Command.ARCHIVE);
        assertTrue(second.ok(), second::report);
        assertFalse(second.text("SHA256SUMS").contains("site.tgz"), "the archive is not among what it packs");
        assertEquals("archive:pack", second.owners().get("site.tgz"));
        assertFalse(TestArchives.readTgz(Files.readAllBytes(second.output().resolve("site.tgz"))).keySet().stream()
                .anyMatch(n -> n.contains("site.tgz") || n.contains(".jlite")));
    }

    /** {@code jlite status} and {@code jlite list} write nothing, not even jlite's bookkeeping. */
    @Test
    void statusAndListWriteNoBookkeeping() {
        LiteTestKit kit = kit();
        LiteRun status = kit.run(Command.STATUS);
        assertTrue(status.ok(), status::report);
        LiteRun plan = kit.plan(Command.BUILD);
        assertTrue(plan.ok() && !plan.events().isEmpty(), plan::report);
        assertFalse(Files.exists(kit.liteDir().resolve("_output")));
    }
}
