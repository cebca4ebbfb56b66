package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The site's contents as a user meets them: what lands in {@code files/}, the Contents API listings in
 * {@code api/contents/}, hidden files, symbolic links, and incremental rebuilds. The reference's
 * {@code test_contents.py} and the contents part of {@code test_cli.py}, plus the defects jlite fixes.
 */
class ContentsTests {

    private static final String ROOT_LISTING = "api/contents/all.json";

    // --- helpers -----------------------------------------------------------------------------------

    private static LiteRun ok(LiteRun run) {
        assertTrue(run.ok(), run::report);
        return run;
    }

    /** The names a listing shows, in its order. */
    private static List<String> names(JsonNode listing) {
        List<String> out = new ArrayList<>();
        listing.path("content").forEach(c -> out.add(c.path("name").asString()));
        return out;
    }

    private static JsonNode child(JsonNode listing, String name) {
        for (JsonNode c : listing.path("content")) {
            if (c.path("name").asString().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no " + name + " in " + listing);
    }

    private static void setTime(LiteTestKit kit, String litePath, String instant) {
        try {
            Files.setLastModifiedTime(kit.liteDir().resolve(litePath), FileTime.from(Instant.parse(instant)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentsAllJsonFile(LiteRun run) {
        return run.json("jupyter-lite.json").at("/jupyter-config-data/contentsAllJsonFile").asString("<absent>");
    }

    // --- listings ----------------------------------------------------------------------------------

    /** A whole listing, written out: jupyter_server's model, children sorted by name, the writer's format. */
    @Test
    void theRootListingIsJupyterServersModelSortedByName() {
        LiteTestKit kit = LiteTestKit.addons()
                .liteFile("files/intro.ipynb", "{}")
                .liteFile("files/data/numbers.csv", "1,2\n")
                .liteFile("files/README.md", "# Hello\n");
        setTime(kit, "files/intro.ipynb", "2023-03-04T05:06:07Z");
        setTime(kit, "files/data/numbers.csv", "2024-01-02T03:04:05Z");
        setTime(kit, "files/README.md", "2024-05-06T07:08:09.123456Z");
        LiteRun run = ok(kit.run(Command.BUILD));
        assertEquals("""
                {
                  "content": [
                    {
                      "content": null,
                      "created": "2024-05-06T07:08:09.123456Z",
                      "format": null,
                      "hash": null,
                      "hash_algorithm": null,
                      "last_modified": "2024-05-06T07:08:09.123456Z",
                      "mimetype": "text/markdown",
                      "name": "README.md",
                      "path": "README.md",
                      "size": 8,
                      "type": "file",
                      "writable": true
                    },
                    {
                      "content": null,
                      "created": "2024-01-02T03:04:05Z",
                      "format": null,
                      "hash": null,
                      "hash_algorithm": null,
                      "last_modified": "2024-01-02T03:04:05Z",
                      "mimetype": null,
                      "name": "data",
                      "path": "data",
                      "size": null,
                      "type": "directory",
                      "writable": true
                    },
                    {
                      "content": null,
                      "created": "2023-03-04T05:06:07Z",
                      "format": null,
                      "hash": null,
                      "hash_algorithm": null,
                      "last_modified": "2023-03-04T05:06:07Z",
                      "mimetype": null,
                      "name": "intro.ipynb",
                      "path": "intro.ipynb",
                      "size": 2,
                      "type": "notebook",
                      "writable": true
                    }
                  ],
                  "created": "2024-05-06T07:08:09.123456Z",
                  "format": "json",
                  "hash": null,
                  "hash_algorithm": null,
                  "last_modified": "2024-05-06T07:08:09.123456Z",
                  "mimetype": null,
                  "name": "",
                  "path": "",
                  "size": null,
                  "type": "directory",
                  "writable": true
                }""", run.text(ROOT_LISTING));
        JsonNode data = run.json("api/contents/data/all.json");
        assertEquals("data", data.path("name").asString());
        assertEquals("data", data.path("path").asString());
        assertEquals("json", data.path("format").asString());
        assertEquals(List.of("numbers.csv"), names(data));
        JsonNode csv = child(data, "numbers.csv");
        assertEquals("data/numbers.csv", csv.path("path").asString());
        assertEquals("text/csv", csv.path("mimetype").asString());
        assertEquals(4, csv.path("size").asInt());
        assertEquals("1,2\n", run.text("files/data/numbers.csv"));
        assertEquals(List.of("api/contents/all.json", "api/contents/data/all.json"),
                run.files().stream().filter(f -> f.startsWith("api/contents/")).toList());
    }

    /** The reference lists a folder in os.listdir order, which differs from one file system to the next. */
    @Test
    void childrenAreSortedByCodePoint() {
        LiteRun run = ok(LiteTestKit.addons()
                .liteFile("files/b.txt", "b").liteFile("files/B.txt", "B").liteFile("files/a.txt", "a")
                .liteFile("files/é.txt", "e").liteFile("files/_x.txt", "x").liteFile("files/10.txt", "10")
                .liteFile("files/9.txt", "9").run(Command.BUILD));
        assertEquals(List.of("10.txt", "9.txt", "B.txt", "_x.txt", "a.txt", "b.txt", "é.txt"), names(run.json(ROOT_LISTING)));
    }

    /** test_cli.py: a file with "=" in its name and a folder given with --contents, from another working dir. */
    @Test
    void namesWithSpacesAndEqualsSignsAreCopiedAndIndexedWithTheirPaths() {
        LiteRun run = ok(LiteTestKit.addons()
                .liteFile("== README ==.md", "# readme\n")
                .liteFile("more/details/README.md", "# details\n")
                .liteFile("more/details/a b.ipynb", "{}")
                .option("contents", "== README ==.md")
                .option("contents", "more")
                .run(Command.BUILD));
        assertEquals("# readme\n", run.text("files/== README ==.md"));
        assertEquals("# details\n", run.text("files/details/README.md"));
        JsonNode root = run.json(ROOT_LISTING);
        assertEquals(List.of("== README ==.md", "details"), names(root));
        assertEquals("== README ==.md", child(root, "== README ==.md").path("path").asString());
        assertEquals("text/markdown", child(root, "== README ==.md").path("mimetype").asString());
        JsonNode details = run.json("api/contents/details/all.json");
        assertEquals("details", details.path("path").asString());
        assertEquals(List.of("README.md", "a b.ipynb"), names(details));
        assertEquals("details/README.md", child(details, "README.md").path("path").asString());
        assertEquals("details/a b.ipynb", child(details, "a b.ipynb").path("path").asString());
        assertEquals("notebook", child(details, "a b.ipynb").path("type").asString());
        assertTrue(child(details, "a b.ipynb").path("mimetype").isNull(), "Python guesses no type for .ipynb");
    }

    // --- roots ---------------------------------------------------------------------------------------

    @Test
    void theLiteDirsFilesFolderIsTheDefault() {
        LiteRun run = ok(LiteTestKit.addons().liteFile("files/intro.ipynb", "{\"cells\": []}").run(Command.BUILD));
        assertEquals("{\"cells\": []}", run.text("files/intro.ipynb"));
        assertEquals(List.of("intro.ipynb"), names(run.json(ROOT_LISTING)));
        assertEquals("all.json", contentsAllJsonFile(run));
    }

    /** An explicit empty list means no contents, even when the lite dir has a files/ folder (the ui-test's empty site). */
    @Test
    void anEmptyContentsListMeansNoContents() {
        LiteRun run = ok(LiteTestKit.addons().liteFile("files/intro.ipynb", "{}")
                .config("{\"LiteBuildConfig\": {\"contents\": []}}").run(Command.BUILD));
        assertFalse(run.exists("files"), run.files()::toString);
        assertFalse(run.exists("api/contents"));
        assertEquals("<absent>", contentsAllJsonFile(run));
    }

    /** test_contents.py: relative contents are taken from --lite-dir, not from the working folder (/work here). */
    @Test
    void relativeContentsAreResolvedAgainstTheLiteDir() throws IOException {
        LiteTestKit kit = LiteTestKit.addons().liteFile("notebooks/intro.ipynb", "{}");
        Path decoy = kit.fileSystem().getPath("/work/notebooks/decoy.md");
        Files.createDirectories(decoy.getParent());
        Files.writeString(decoy, "wrong folder");

        LiteRun fromCli = ok(kit.option("contents", "notebooks").run(Command.BUILD));
        assertEquals(List.of("files/intro.ipynb"), fromCli.files().stream().filter(f -> f.startsWith("files/")).toList());

        LiteRun fromFile = ok(kit.clearArgs().config("{\"LiteBuildConfig\": {\"contents\": [\"notebooks\"]}}").run(Command.BUILD));
        assertEquals(List.of("files/intro.ipynb"), fromFile.files().stream().filter(f -> f.startsWith("files/")).toList());
    }

    /** test_contents.py's contents: ["."]: the lite dir itself, without its output, config files or cache. */
    @Test
    void theLiteDirItselfAsARootLeavesOutTheOutputAndConfigFiles() {
        LiteTestKit kit = LiteTestKit.addons()
                .liteFile("intro.ipynb", "{}")
                .liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"Dot\"}}")
                .liteFile("overrides.json", "{}")
                .liteFile("node_modules/pkg/index.js", "x")
                .liteFile(".ipynb_checkpoints/intro-checkpoint.ipynb", "{}")
                .liteFile("Untitled.ipynb", "{}")
                .config("{\"LiteBuildConfig\": {\"contents\": [\".\"]}}");
        ok(kit.run(Command.BUILD));
        LiteRun again = ok(kit.option("force", "true").run(Command.BUILD));
        assertEquals(List.of("files/intro.ipynb"), again.files().stream().filter(f -> f.startsWith("files/")).toList(),
                "the first build's _output is not copied into the second");
        assertEquals(List.of("intro.ipynb"), names(again.json(ROOT_LISTING)));
    }

    @Test
    void theLastRootWinsAndAFileRootLandsAtTheTop() {
        LiteTestKit kit = LiteTestKit.addons()
                .liteFile("one/same.md", "from one")
                .liteFile("one/only-one.md", "1")
                .liteFile("one/thing/inside.md", "a folder in one")
                .liteFile("two/same.md", "from two")
                .liteFile("two/thing", "a file in two")
                .liteFile("extra/solo.txt", "solo");
        LiteRun run = ok(kit.option("contents", "one").option("contents", "two").option("contents", "extra/solo.txt")
                .run(Command.BUILD));
        assertEquals("from two", run.text("files/same.md"));
        assertEquals("1", run.text("files/only-one.md"));
        assertEquals("a file in two", run.text("files/thing"), "a later file replaces an earlier folder");
        assertFalse(run.exists("files/thing/inside.md"));
        assertEquals("solo", run.text("files/solo.txt"));
        assertEquals(List.of("only-one.md", "same.md", "solo.txt", "thing"), names(run.json(ROOT_LISTING)));
        assertEquals("file", child(run.json(ROOT_LISTING), "thing").path("type").asString());

        LiteRun reversed = ok(kit.clearArgs().option("contents", "two").option("contents", "one").run(Command.BUILD));
        assertEquals("from one", reversed.text("files/same.md"));
        assertEquals("a folder in one", reversed.text("files/thing/inside.md"), "a later folder replaces an earlier file");
        assertFalse(reversed.exists("files/solo.txt"));
        assertEquals("directory", child(reversed.json(ROOT_LISTING), "thing").path("type").asString());
    }

    @Test
    void theReferencesDefaultIgnorePatternsApply() {
        LiteRun run = ok(LiteTestKit.addons()
                .liteFile("files/keep.py", "print(1)")
                .liteFile("files/keep.pyc", "compiled")
                .liteFile("files/__pycache__/keep.cpython-312.pyc", "compiled")
                .liteFile("files/.ipynb_checkpoints/keep-checkpoint.py", "old")
                .liteFile("files/.git/HEAD", "ref")
                .liteFile("files/.gitignore", "*.pyc")
                .liteFile("files/node_modules/pkg/index.js", "js")
                .liteFile("files/Untitled.ipynb", "{}")
                .liteFile("files/build/out.txt", "built")
                .liteFile("files/sub/jupyter-lite.json", "{}")
                .liteFile("files/sub/overrides.json", "{}")
                .liteFile("files/sub/note.md", "kept")
                .run(Command.BUILD));
        assertEquals(List.of("files/keep.py", "files/sub/note.md"),
                run.files().stream().filter(f -> f.startsWith("files/")).toList());
        assertEquals("text/x-python", child(run.json(ROOT_LISTING), "keep.py").path("mimetype").asString());
    }

    @Test
    void extraIgnorePatternsAreSearchedInTheSlashPrefixedRelativePath() {
        LiteRun run = ok(LiteTestKit.addons()
                .liteFile("files/drafts/a.md", "draft")
                .liteFile("files/final/drafts.md", "final")
                .liteFile("files/final/b.tmp", "tmp")
                .config("{\"LiteBuildConfig\": {\"extra_ignore_contents\": [\"/drafts/\", \"\\\\.tmp$\"]}}")
                .run(Command.BUILD));
        assertEquals(List.of("files/final/drafts.md"), run.files().stream().filter(f -> f.startsWith("files/")).toList());
    }

    // --- hidden files --------------------------------------------------------------------------------

    private static LiteTestKit withBinder() {
        return LiteTestKit.addons()
                .liteFile("files/README.md", "# binder")
                .liteFile("files/.binder/postBuild", "#!/bin/sh\n");
    }

    /** test_contents.py: a hidden folder without allow_hidden fails with a hint, and no listing is written. */
    @Test
    void aHiddenFolderIsRefusedWithOneLineSayingHowToPublishOrSkipIt() {
        LiteRun run = withBinder().run(Command.BUILD);
        assertEquals(1, run.exitCode(), run::report);
        assertEquals(List.of("addon 'contents' failed in BUILD, task 'copy': /work/site/files/.binder is hidden (its name "
                + "starts with a dot), and hidden contents are not published unless allowed: to publish them, set "
                + "\"ContentsManager\": {\"allow_hidden\": true} in jupyter_lite_config.json; to leave this folder out, "
                + "add \"LiteBuildConfig\": {\"extra_ignore_contents\": [\"/\\\\.binder/\"]} there"), run.errors());
        assertFalse(run.exists(ROOT_LISTING));
        assertFalse(run.exists("files"));
    }

    @Test
    void aHiddenFileGetsAPatternForItselfAndOtherHiddenPathsAreCounted() {
        LiteRun run = LiteTestKit.addons()
                .liteFile("files/.profile.local", "export A=1")
                .liteFile("files/sub/.hidden/x.txt", "x")
                .liteFile("files/.vscode/settings.json", "{}")
                .run(Command.BUILD);
        assertEquals(1, run.errors().size(), run::report);
        String error = run.errors().get(0);
        assertTrue(error.contains("/work/site/files/.profile.local is hidden"), error);
        assertTrue(error.contains("to leave this file out, add \"LiteBuildConfig\": {\"extra_ignore_contents\": "
                + "[\"/\\\\.profile\\\\.local$\"]} there"), error);
        assertTrue(error.endsWith(" (also hidden: files/.vscode, files/sub/.hidden)"), error);
        assertFalse(error.contains("\n"), "one line");
    }

    /** Ignore patterns apply inside folder roots only (as in the reference), so the way out is another one. */
    @Test
    void aHiddenFileGivenAsARootIsToBeRemovedFromContents() {
        LiteRun run = LiteTestKit.addons().liteFile(".notes.md", "n").option("contents", ".notes.md").run(Command.BUILD);
        assertEquals(1, run.errors().size(), run::report);
        assertTrue(run.errors().get(0).contains(": /work/site/.notes.md is hidden (its name starts with a dot)"), run::report);
        assertTrue(run.errors().get(0).endsWith("; to leave this file out, remove it from LiteBuildConfig.contents"),
                run::report);
    }

    /** test_contents.py: with allow_hidden the hidden folder is copied and listed. */
    @Test
    void allowHiddenPublishesAndListsHiddenFolders() {
        LiteRun run = ok(withBinder().config("{\"ContentsManager\": {\"allow_hidden\": true}}").run(Command.BUILD));
        assertEquals("#!/bin/sh\n", run.text("files/.binder/postBuild"));
        assertEquals(List.of(".binder", "README.md"), names(run.json(ROOT_LISTING)));
        JsonNode binder = run.json("api/contents/.binder/all.json");
        assertEquals(".binder", binder.path("name").asString());
        assertEquals(".binder", binder.path("path").asString());
        assertEquals(".binder/postBuild", child(binder, "postBuild").path("path").asString());
    }

    /** test_contents.py: a hidden folder left out with extra_ignore_contents is neither copied nor listed. */
    @Test
    void anIgnoredHiddenFolderIsNeitherCopiedNorListed() {
        LiteRun run = ok(withBinder().config("{\"LiteBuildConfig\": {\"extra_ignore_contents\": [\"/\\\\.binder/\"]}}")
                .run(Command.BUILD));
        assertFalse(run.exists("files/.binder"));
        assertFalse(run.exists("api/contents/.binder"));
        assertEquals(List.of("README.md"), names(run.json(ROOT_LISTING)));
    }

    /** Files jupyter_server never lists (its hide_globs) are left out instead of failing the build. */
    @Test
    void filesTheServerNeverListsAreLeftOut() {
        LiteRun run = ok(LiteTestKit.addons()
                .liteFile("files/a.md", "a").liteFile("files/.DS_Store", "mac").liteFile("files/a.md~", "backup")
                .liteFile("files/mod.pyo", "o").run(Command.BUILD));
        assertEquals(List.of("files/a.md"), run.files().stream().filter(f -> f.startsWith("files/")).toList());
        assertEquals(List.of("a.md"), names(run.json(ROOT_LISTING)));
    }

    // --- permissions, links, times -----------------------------------------------------------------

    /** The ui-tests' read-only notebook: chmod -w before building gives writable: false. */
    @Test
    void aReadOnlyFileStaysReadOnlyAndIsListedAsNotWritable() throws IOException {
        LiteTestKit kit = LiteTestKit.addons().liteFile("files/ro.ipynb", "{}").liteFile("files/rw.ipynb", "{}");
        Files.setPosixFilePermissions(kit.liteDir().resolve("files/ro.ipynb"), PosixFilePermissions.fromString("r--r--r--"));
        LiteRun run = ok(kit.run(Command.BUILD));
        JsonNode root = run.json(ROOT_LISTING);
        assertFalse(child(root, "ro.ipynb").path("writable").asBoolean(true));
        assertTrue(child(root, "rw.ipynb").path("writable").asBoolean(false));
        assertEquals("r--r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(run.output().resolve("files/ro.ipynb"))));
    }

    @Test
    void aChmodAloneIsAChange() throws IOException {
        LiteTestKit kit = LiteTestKit.addons().liteFile("files/nb.ipynb", "{}");
        assertTrue(child(ok(kit.run(Command.BUILD)).json(ROOT_LISTING), "nb.ipynb").path("writable").asBoolean());
        Files.setPosixFilePermissions(kit.liteDir().resolve("files/nb.ipynb"), PosixFilePermissions.fromString("r--r--r--"));
        LiteRun after = ok(kit.run(Command.BUILD));
        assertEquals(List.of("contents:copy", "contents:index", "audit:offline"), after.ran(), after::report);
        assertFalse(child(after.json(ROOT_LISTING), "nb.ipynb").path("writable").asBoolean(true));
    }

    @Test
    void aSymlinkInsideItsRootIsFollowed() throws IOException {
        LiteTestKit kit = LiteTestKit.addons().liteFile("files/real/data.csv", "1,2");
        Files.createSymbolicLink(kit.liteDir().resolve("files/alias.csv"), kit.liteDir().resolve("files/real/data.csv"));
        Files.createSymbolicLink(kit.liteDir().resolve("files/mirror"), kit.liteDir().resolve("files/real"));
        LiteRun run = ok(kit.run(Command.BUILD));
        assertEquals("1,2", run.text("files/alias.csv"));
        assertEquals("1,2", run.text("files/mirror/data.csv"));
        assertFalse(Files.isSymbolicLink(run.output().resolve("files/alias.csv")), "the site holds a copy, not a link");
        assertEquals(List.of("alias.csv", "mirror", "real"), names(run.json(ROOT_LISTING)));
    }

    /** The reference crashes on these with "is not in the subpath" (#1079). */
    @Test
    void aSymlinkLeavingItsRootIsRefusedNamingIt() throws IOException {
        LiteTestKit kit = LiteTestKit.addons().liteFile("files/ok.md", "ok");
        Path secret = kit.fileSystem().getPath("/work/secret.txt");
        Files.writeString(secret, "not for the site");
        Files.createSymbolicLink(kit.liteDir().resolve("files/leak.txt"), secret);
        LiteRun run = kit.run(Command.BUILD);
        assertEquals(1, run.exitCode(), run::report);
        assertEquals(List.of("addon 'contents' failed in BUILD, task 'copy': /work/site/files/leak.txt is a symbolic link "
                + "to /work/secret.txt, outside /work/site/files; copy the file in instead of linking to it"), run.errors());
        assertFalse(run.exists("files"));
    }

    @Test
    void aSymlinkLeavingItsRootInsideAnIgnoredFolderIsNoProblem() throws IOException {
        LiteTestKit kit = LiteTestKit.addons().liteFile("files/ok.md", "ok").liteFile("shared/lib.js", "js");
        Files.createDirectories(kit.liteDir().resolve("files/node_modules"));
        Files.createSymbolicLink(kit.liteDir().resolve("files/node_modules/lib"), kit.liteDir().resolve("shared"));
        LiteRun run = ok(kit.run(Command.BUILD));
        assertEquals(List.of("files/ok.md"), run.files().stream().filter(f -> f.startsWith("files/")).toList());
    }

    @Test
    void sourceDateEpochClampsListingAndFileTimes() {
        long sde = 1_700_000_000L; // 2023-11-14T22:13:20Z
        LiteTestKit kit = LiteTestKit.addons()
                .liteFile("files/new.md", "new").liteFile("files/old.md", "old").liteFile("files/sub/new.txt", "new")
                .env("SOURCE_DATE_EPOCH", Long.toString(sde));
        setTime(kit, "files/new.md", "2025-01-01T00:00:00.5Z");
        setTime(kit, "files/sub/new.txt", "2025-01-01T00:00:00Z");
        setTime(kit, "files/old.md", "2020-02-03T04:05:06Z");
        LiteRun run = ok(kit.run(Command.BUILD));
        JsonNode root = run.json(ROOT_LISTING);
        for (String name : List.of("new.md", "sub")) {
            assertEquals("2023-11-14T22:13:20Z", child(root, name).path("created").asString(), name);
            assertEquals("2023-11-14T22:13:20Z", child(root, name).path("last_modified").asString(), name);
        }
        assertEquals("2020-02-03T04:05:06Z", child(root, "old.md").path("last_modified").asString(), "older times stay");
        assertEquals("2023-11-14T22:13:20Z", root.path("last_modified").asString());
        assertEquals("2023-11-14T22:13:20Z", run.json("api/contents/sub/all.json").path("created").asString());
        for (String f : run.files()) {
            try {
                assertTrue(Files.getLastModifiedTime(run.output().resolve(f)).toMillis() <= sde * 1000, f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void twoFreshBuildsAreByteIdentical() {
        List<List<String>> trees = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            LiteRun run = ok(LiteTestKit.addons()
                    .liteFile("files/a.md", "a").liteFile("files/nb/b.ipynb", "{}").liteFile("files/nb/c/d.csv", "1")
                    .env("SOURCE_DATE_EPOCH", "1700000000").run(Command.BUILD));
            assertTrue(run.exists("api/contents/nb/c/all.json"), run.files()::toString);
            trees.add(run.tree());
        }
        assertEquals(trees.get(0), trees.get(1));
    }

    // --- jupyter-lite.json ---------------------------------------------------------------------------

    /** Set exactly when there are listings: an empty site must not point the app at a listing that is not there. */
    @Test
    void contentsAllJsonFileIsSetExactlyWhenThereAreContents() {
        LiteTestKit kit = LiteTestKit.addons();
        LiteRun empty = ok(kit.run(Command.BUILD));
        assertEquals("<absent>", contentsAllJsonFile(empty));
        assertFalse(empty.exists("api/contents"));

        LiteRun some = ok(kit.liteFile("files/a.md", "a").run(Command.BUILD));
        assertEquals("all.json", contentsAllJsonFile(some));

        LiteRun none = ok(kit.deleteLiteFile("files/a.md").run(Command.BUILD));
        assertEquals("<absent>", contentsAllJsonFile(none));
        assertFalse(none.exists("api/contents"));
        assertFalse(none.exists("files"));
    }

    // --- incremental builds --------------------------------------------------------------------------

    @Test
    void aSecondBuildRunsNothingAndEditsAddsAndDeletesReachFilesAndListings() {
        LiteTestKit kit = LiteTestKit.addons()
                .liteFile("files/a.md", "a")
                .liteFile("files/sub/b.md", "b")
                .liteFile("files/sub/c.md", "c");
        LiteRun first = ok(kit.run(Command.BUILD));
        assertTrue(first.ran().containsAll(List.of("contents:copy", "contents:index", "audit:offline")), first::report);

        LiteRun second = ok(kit.run(Command.BUILD));
        assertEquals(List.of(), second.ran(), second::report);
        assertEquals(first.tree(), second.tree());

        LiteRun edited = ok(kit.liteFile("files/sub/b.md", "bigger b").run(Command.BUILD));
        assertEquals(List.of("contents:copy", "contents:index", "audit:offline"), edited.ran(), edited::report);
        assertEquals("bigger b", edited.text("files/sub/b.md"));
        assertEquals(8, child(edited.json("api/contents/sub/all.json"), "b.md").path("size").asInt());

        LiteRun added = ok(kit.liteFile("files/sub/new/d.md", "d").run(Command.BUILD));
        assertEquals("d", added.text("files/sub/new/d.md"));
        assertEquals(List.of("b.md", "c.md", "new"), names(added.json("api/contents/sub/all.json")));
        assertEquals(List.of("d.md"), names(added.json("api/contents/sub/new/all.json")));

        LiteRun deleted = ok(kit.deleteLiteFile("files/sub/c.md").deleteLiteFile("files/sub/new/d.md").run(Command.BUILD));
        assertFalse(deleted.exists("files/sub/c.md"));
        assertFalse(deleted.exists("files/sub/new"));
        assertFalse(deleted.exists("api/contents/sub/new"), "the listing of a folder that went away goes too");
        assertEquals(List.of("b.md"), names(deleted.json("api/contents/sub/all.json")));
        assertEquals(List.of("a.md", "sub"), names(deleted.json(ROOT_LISTING)));

        LiteRun still = ok(kit.run(Command.BUILD));
        assertEquals(List.of(), still.ran(), still::report);
    }

    @Test
    void aDamagedListingOrCopyIsRestored() throws IOException {
        LiteTestKit kit = LiteTestKit.addons().liteFile("files/a.md", "a");
        LiteRun first = ok(kit.run(Command.BUILD));
        Files.writeString(first.output().resolve(ROOT_LISTING), "{}");
        Files.delete(first.output().resolve("files/a.md"));
        LiteRun second = ok(kit.run(Command.BUILD));
        assertEquals(first.tree(), second.tree());
    }

    @Test
    void changingTheIgnorePatternsRebuilds() {
        LiteTestKit kit = LiteTestKit.addons().liteFile("files/a.md", "a").liteFile("files/b.tmp", "b");
        assertTrue(ok(kit.run(Command.BUILD)).exists("files/b.tmp"));
        LiteRun ignoring = ok(kit.config("{\"LiteBuildConfig\": {\"extra_ignore_contents\": [\"\\\\.tmp$\"]}}").run(Command.BUILD));
        assertFalse(ignoring.exists("files/b.tmp"));
        assertEquals(List.of("a.md"), names(ignoring.json(ROOT_LISTING)));
    }

    // --- bad input -------------------------------------------------------------------------------------

    /** A refused build leaves the site as it was; once fixed, the next build is exact, with nothing left over. */
    @Test
    void aRefusedBuildLeavesTheSiteAsItWasAndTheNextIsExact() {
        LiteTestKit kit = LiteTestKit.addons().liteFile("files/a.md", "a").liteFile("files/b.md", "b");
        LiteRun good = ok(kit.run(Command.BUILD));
        LiteRun bad = kit.liteFile("files/.secret", "s").deleteLiteFile("files/b.md").run(Command.BUILD);
        assertEquals(1, bad.exitCode(), bad::report);
        assertEquals(good.tree(), LiteRun.tree(good.output()), "the output is left as it was");

        LiteRun fixed = ok(kit.deleteLiteFile("files/.secret").run(Command.BUILD));
        assertEquals(List.of("files/a.md"), fixed.files().stream().filter(f -> f.startsWith("files/")).toList());
        assertEquals(List.of("a.md"), names(fixed.json(ROOT_LISTING)));
    }

    @Test
    void aMissingContentsRootIsNamed() {
        LiteRun run = LiteTestKit.addons().option("contents", "nowhere").run(Command.BUILD);
        assertEquals(List.of("addon 'contents' failed in BUILD, task 'copy': LiteBuildConfig.contents: /work/site/nowhere "
                + "does not exist (a relative path is taken from the lite dir, /work/site); fix the path or remove it"),
                run.errors());
    }

    /** Its listing would need api/contents/all.json to be a folder, where the root listing is. */
    @Test
    void aFolderNamedAllJsonIsRefused() {
        LiteRun run = LiteTestKit.addons().liteFile("files/all.json/x.md", "x").run(Command.BUILD);
        assertEquals(List.of("addon 'contents' failed in BUILD, task 'copy': /work/site/files/all.json is a folder named "
                + "all.json, whose listing would take the place of its parent's listing api/contents/all.json; rename it"),
                run.errors());
        assertTrue(ok(LiteTestKit.addons().liteFile("files/all.json", "[]").run(Command.BUILD)).exists("files/all.json"),
                "a file of that name is fine");
    }

    @Test
    void anInvalidIgnorePatternIsNamedBeforeAnythingRuns() {
        LiteRun run = LiteTestKit.addons().liteFile("files/a.md", "a")
                .config("{\"LiteBuildConfig\": {\"extra_ignore_contents\": [\"(unclosed\"]}}").run(Command.BUILD);
        assertEquals(2, run.exitCode(), "an invalid configuration, like any other");
        assertEquals(1, run.errors().size(), run::report);
        assertTrue(run.errors().get(0).startsWith("/work/site/jupyter_lite_config.json:1:22: LiteBuildConfig.extra_ignore_contents: "
                + "'(unclosed' is not a valid regular expression ("), run.errors().get(0));
        assertEquals(List.of(), run.events());
    }
}
