package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.TaskEvent;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** The pipeline as a user meets it: what runs, what is skipped, and what stays true across builds. */
class PipelineTests {

    private static final String CUSTOM = "{\"jupyter-config-data\": {\"appName\": \"Mine\"}}";

    /** Every built-in task of a build, in execution order. */
    static final List<String> ALL = List.of("static:unpack", "contents:copy", "lite:merge", "settings:overrides",
            "translation:api", "contents:index", "federated-extensions:extensions", "mimetypes:file-types", "workspaces:api",
            "lite:write", "static:copy", "audit:offline");

    @Test
    void buildsASiteFromTheApp() {
        LiteRun run = LiteTestKit.addons().run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        for (String f : List.of("index.html", "jupyter-lite.json", "package.json", "lab/index.html", "repl/index.html",
                "tree/index.html", "notebooks/index.html", "build/lab/bundle.js", "build/shared.js.map")) {
            assertTrue(run.exists(f), f + "\n" + run.report());
        }
        assertEquals(ALL, run.ran(), run::report);
    }

    @Test
    void aSecondBuildRunsNoTaskAndChangesNothing() {
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM);
        LiteRun first = kit.run(Command.BUILD);
        assertTrue(first.ok(), first::report);
        LiteRun second = kit.run(Command.BUILD);
        assertTrue(second.ok(), second::report);
        assertEquals(List.of(), second.ran(), second::report);
        assertEquals(ALL, second.skipped());
        assertEquals(first.tree(), second.tree());
        assertEquals("Mine", second.json("jupyter-lite.json").at("/jupyter-config-data/appName").asString());
    }

    @Test
    void twoFreshBuildsAreByteIdentical() {
        LiteRun a = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM).run(Command.BUILD);
        LiteRun b = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM).run(Command.BUILD);
        assertTrue(a.ok() && b.ok(), a.report() + b.report());
        assertEquals(a.tree(), b.tree());
        assertFalse(a.tree().isEmpty());
    }

    /** The reference loses customisations when the output is deleted but its task database is not (#1194). */
    @Test
    void deletingTheOutputAndRebuildingKeepsCustomisations() throws Exception {
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM);
        LiteRun first = kit.run(Command.BUILD);
        deleteTree(first.output());
        LiteRun second = kit.run(Command.BUILD);
        assertTrue(second.ok(), second::report);
        assertEquals("Mine", second.json("jupyter-lite.json").at("/jupyter-config-data/appName").asString());
        assertEquals(first.tree(), second.tree());
    }

    /** The reference fails or comes out incomplete when building into a second output directory (#1565). */
    @Test
    void buildingIntoASecondOutputDirectoryIsComplete() {
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM);
        LiteRun one = kit.option("output_dir", "/work/out1").run(Command.BUILD);
        LiteRun two = kit.clearArgs().option("output_dir", "/work/out2").run(Command.BUILD);
        assertTrue(one.ok() && two.ok(), one.report() + two.report());
        assertEquals("/work/out2", two.output().toString());
        assertEquals(one.tree(), two.tree());
        assertEquals(ALL, two.ran(), two::report);
    }

    @Test
    void aConfigurationOnlyChangeUpdatesTheOutput() {
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM);
        assertTrue(kit.run(Command.BUILD).ok());

        kit.liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"Changed\"}}");
        LiteRun edited = kit.run(Command.BUILD);
        assertEquals("Changed", edited.json("jupyter-lite.json").at("/jupyter-config-data/appName").asString());
        assertEquals(List.of("lite:merge", "lite:write", "audit:offline"), edited.ran(), edited::report);

        LiteRun pruned = kit.option("apps", "lab").run(Command.BUILD);
        assertTrue(pruned.ok(), pruned::report);
        assertFalse(pruned.exists("repl/index.html"));
        assertFalse(pruned.exists("build/repl/bundle.js"));
        assertTrue(pruned.exists("lab/index.html"));
        assertEquals("Changed", pruned.json("jupyter-lite.json").at("/jupyter-config-data/appName").asString());

        LiteRun noMaps = kit.clearArgs().config("{\"LiteBuildConfig\": {\"no_sourcemaps\": true}}").run(Command.BUILD);
        assertTrue(noMaps.ok(), noMaps::report);
        assertTrue(noMaps.exists("repl/index.html"), "apps come back when --apps is dropped");
        assertTrue(noMaps.files().stream().noneMatch(f -> f.endsWith(".map")), noMaps.files()::toString);

        LiteRun back = kit.config("{}").run(Command.BUILD);
        assertTrue(back.exists("build/shared.js.map"));
        assertTrue(back.exists("build/style.css.map"));
    }

    @Test
    void anEditedOutputFileIsRestored() throws Exception {
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM);
        LiteRun first = kit.run(Command.BUILD);
        Path index = first.output().resolve("lab/index.html");
        Files.writeString(index, "tampered");
        Files.setLastModifiedTime(index, FileTime.fromMillis(1));
        LiteRun second = kit.run(Command.BUILD);
        assertEquals(first.tree(), second.tree());
        assertTrue(second.ran().contains("static:copy"), second::report);
    }

    @Test
    void forceRunsEveryTask() {
        LiteTestKit kit = LiteTestKit.addons();
        kit.run(Command.BUILD);
        LiteRun forced = kit.option("force", "true").run(Command.BUILD);
        assertEquals(ALL, forced.ran(), forced::report);
    }

    @Test
    void planSaysWhatWouldRunAndRunsNothing() throws Exception {
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM);
        LiteRun before = kit.plan(Command.BUILD);
        assertTrue(before.events().stream().allMatch(e -> e.outcome() == TaskEvent.Outcome.WOULD_RUN), before::report);
        assertFalse(Files.exists(kit.liteDir().resolve("_output")));
        kit.run(Command.BUILD);
        kit.liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"Other\"}}");
        LiteRun after = kit.plan(Command.BUILD);
        assertEquals(ALL.stream().filter(t -> !t.startsWith("lite:") && !t.startsWith("audit:")).toList(), after.skipped(), after::report);
        assertEquals(List.of("lite:merge", "lite:write", "audit:offline"), after.events().stream()
                .filter(e -> e.outcome() == TaskEvent.Outcome.WOULD_RUN).map(TaskEvent::task).toList());
    }

    @Test
    void sourceDateEpochClampsTimes() throws Exception {
        long sde = 1_700_000_000L;
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM).env("SOURCE_DATE_EPOCH", "" + sde);
        Files.setLastModifiedTime(kit.appDir().getParent(), FileTime.fromMillis(0));
        LiteRun run = kit.run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        for (String f : run.files()) {
            long t = Files.getLastModifiedTime(run.output().resolve(f)).toMillis();
            assertTrue(t <= sde * 1000, f + " has time " + t);
        }
        assertEquals(sde * 1000, Files.getLastModifiedTime(run.output().resolve("jupyter-lite.json")).toMillis());
    }

    /** An addon's failure is reported once, naming it; the other addons of the phase still run. */
    @Test
    void aFailingTaskIsReportedOnceAndOthersStillRun() {
        Addon broken = new TestAddon("broken", r -> r.task(Phase.BUILD, "explode").run(ctx -> {
            throw new IllegalStateException("boom");
        }));
        Addon fine = new TestAddon("fine", r -> r.task(Phase.BUILD, "work").output("fine.txt")
                .run(ctx -> ctx.files().write(ctx.options().outputDir().resolve("fine.txt"), "ok".getBytes(StandardCharsets.UTF_8))));
        LiteRun run = LiteTestKit.addons(broken, fine).run(Command.BUILD);
        assertFalse(run.ok());
        assertEquals(1, run.exitCode());
        assertEquals(List.of("addon 'broken' failed in BUILD, task 'explode': IllegalStateException: boom"), run.errors());
        assertTrue(run.exists("fine.txt"), run::report);
        assertFalse(run.events().stream().anyMatch(e -> e.phase() == Phase.POST_BUILD), "no later phase starts");
    }

    @Test
    void anAddonThatFailsToRegisterIsNamedAndNothingRuns() {
        Addon broken = new TestAddon("broken", r -> {
            throw new IllegalArgumentException("bad wiring");
        });
        LiteRun run = LiteTestKit.addons(broken).run(Command.BUILD);
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errors().size(), run::report);
        assertTrue(run.errors().get(0).startsWith("addon 'broken' (module "), run.errors().get(0));
        assertTrue(run.errors().get(0).endsWith("failed to register its tasks: IllegalArgumentException: bad wiring"));
        assertEquals(List.of(), run.events());
    }

    @Test
    void aKeyWithTwoWritersIsRefusedBeforeAnythingRuns() {
        Key<String> key = Key.of("test.shared", String.class);
        Addon a = new TestAddon("aaa", r -> r.task(Phase.BUILD, "put").writes(key).run(ctx -> ctx.put(key, "a")));
        Addon b = new TestAddon("bbb", r -> r.task(Phase.BUILD, "put").writes(key).run(ctx -> ctx.put(key, "b")));
        LiteRun run = LiteTestKit.addons(a, b).run(Command.BUILD);
        assertEquals(List.of("key test.shared has two writers: task aaa:put and task bbb:put; a key is written by one task"),
                run.errors());
        assertEquals(List.of(), run.events());
    }

    /** A skipped task's patches still reach jupyter-lite.json; a changed patch rewrites it. */
    @Test
    void patchesOfSkippedTasksAreReplayed() {
        String[] value = {"first"};
        Addon patcher = new TestAddon("patcher", r -> r.task(Phase.POST_BUILD, "patch").writes(LiteKeys.CONFIG_PATCHES)
                .uses(value[0])
                .run(ctx -> ctx.patch(ConfigPatch.set(ConfigPatch.ROOT, "/patched",
                        JsonNodeFactory.instance.stringNode(value[0])))));
        LiteTestKit kit = LiteTestKit.addons(patcher);
        assertEquals("first", kit.run(Command.BUILD).json("jupyter-lite.json").at("/jupyter-config-data/patched").asString());
        LiteRun again = kit.run(Command.BUILD);
        assertEquals(List.of(), again.ran());
        assertEquals("first", again.json("jupyter-lite.json").at("/jupyter-config-data/patched").asString());
        value[0] = "second";
        LiteRun changed = kit.run(Command.BUILD);
        assertEquals(List.of("patcher:patch", "lite:write", "audit:offline"), changed.ran(), changed::report);
        assertEquals("second", changed.json("jupyter-lite.json").at("/jupyter-config-data/patched").asString());
    }

    /** Outputs of an addon that is switched off are removed on the next build. */
    @Test
    void outputsOfADisabledAddonAreRemoved() {
        Addon extra = new TestAddon("extra", r -> r.task(Phase.BUILD, "write").output("extra/file.txt")
                .run(ctx -> ctx.files().write(ctx.options().outputDir().resolve("extra/file.txt"), new byte[] {1})));
        LiteTestKit kit = LiteTestKit.addons(extra);
        assertTrue(kit.run(Command.BUILD).exists("extra/file.txt"));
        LiteRun off = kit.option("disable_addons", "extra").run(Command.BUILD);
        assertTrue(off.ok(), off::report);
        assertFalse(off.exists("extra/file.txt"));
        assertFalse(off.exists("extra"), "the emptied folder goes too");
        assertTrue(off.exists("lab/index.html"));
    }

    @Test
    void statusWritesNothing() throws Exception {
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM);
        List<String> before = LiteRun.tree(kit.fileSystem().getPath("/"));
        LiteRun status = kit.run(Command.STATUS);
        assertTrue(status.ok(), status::report);
        // The generated app is written by the kit itself before the run; nothing else may appear.
        List<String> after = LiteRun.tree(kit.fileSystem().getPath("/"));
        after.removeIf(l -> l.substring(66).startsWith("work/app/"));
        assertEquals(before, after);
    }

    @Test
    void initLaysDownTheAppOnly() {
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM);
        LiteRun init = kit.run(Command.INIT);
        assertTrue(init.ok(), init::report);
        assertEquals(List.of("static:unpack", "static:copy"), init.ran());
        assertEquals("JupyterLite", init.json("jupyter-lite.json").at("/jupyter-config-data/appName").asString());
        LiteRun build = kit.run(Command.BUILD);
        // the app's copy runs again: the build's other tasks now write some of what init laid down
        assertEquals(ALL.subList(1, ALL.size()), build.ran(), build::report);
        assertNotEquals(init.tree(), build.tree());
        assertEquals("Mine", build.json("jupyter-lite.json").at("/jupyter-config-data/appName").asString());
        assertEquals(LiteTestKit.addons().liteFile("jupyter-lite.json", CUSTOM).run(Command.BUILD).tree(), build.tree(),
                "init then build gives what a build gives");
    }

    /** Copies keep modes, so a chmod of an input is a change even though its bytes are the same. */
    @Test
    void aModeChangeOfAnInputIsAChange() throws Exception {
        Addon copier = new TestAddon("copier", r -> r.task(Phase.BUILD, "copy").uses()
                .inputs(ctx -> List.of(ctx.options().liteDir().resolve("in.sh")))
                .output("out.sh")
                .run(ctx -> ctx.files().copy(ctx.options().liteDir().resolve("in.sh"), ctx.options().outputDir().resolve("out.sh"))));
        LiteTestKit kit = LiteTestKit.addons(copier).liteFile("in.sh", "echo hi");
        assertTrue(kit.run(Command.BUILD).ok());
        Files.setPosixFilePermissions(kit.liteDir().resolve("in.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        LiteRun again = kit.run(Command.BUILD);
        assertEquals(List.of("copier:copy", "audit:offline"), again.ran(), again::report);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(again.output().resolve("out.sh"))));
    }

    /**
     * A task that fails before its action runs (its inputs cannot be read) leaves its earlier outputs in
     * place, and still owns them: its next run removes those it no longer writes.
     */
    @Test
    void aTaskThatFailsBeforeRunningStillOwnsWhatItWroteBefore() {
        List<String> names = new java.util.ArrayList<>(List.of("a.txt", "b.txt"));
        boolean[] broken = {false};
        Addon writer = new TestAddon("writer", r -> r.task(Phase.BUILD, "write").uses(List.copyOf(names))
                .inputs(ctx -> {
                    if (broken[0]) {
                        throw new dev.jlite.core.spi.LiteException("the inputs are broken");
                    }
                    return List.of();
                })
                .output("out")
                .run(ctx -> names.forEach(n -> ctx.files().write(ctx.options().outputDir().resolve("out/" + n), new byte[] {1}))));
        LiteTestKit kit = LiteTestKit.addons(writer);
        LiteRun good = kit.run(Command.BUILD);
        assertTrue(good.exists("out/b.txt"), good::report);
        names.remove("b.txt");
        broken[0] = true;
        LiteRun bad = kit.run(Command.BUILD);
        assertEquals(List.of("addon 'writer' failed in BUILD, task 'write': the inputs are broken"), bad.errors());
        assertEquals(good.tree(), LiteRun.tree(good.output()), "the output is left as it was");
        broken[0] = false;
        LiteRun fixed = kit.run(Command.BUILD);
        assertTrue(fixed.ok(), fixed::report);
        assertTrue(fixed.exists("out/a.txt"));
        assertFalse(fixed.exists("out/b.txt"), "what the task no longer writes is gone");
    }

    /** When the last change to jupyter-lite.json goes away, the app's own file is back, not a deleted one. */
    @Test
    void aRuntimeConfigWhoseLastPatchWentAwayIsTheAppsAgain() {
        // Without mimetypes, whose fileTypes patch the root file on every build.
        LiteTestKit kit = LiteTestKit.addons().option("disable_addons", "mimetypes").liteFile("jupyter-lite.json", CUSTOM);
        LiteRun custom = kit.run(Command.BUILD);
        assertEquals("Mine", custom.json("jupyter-lite.json").at("/jupyter-config-data/appName").asString());
        LiteRun plain = kit.deleteLiteFile("jupyter-lite.json").run(Command.BUILD);
        assertTrue(plain.ok(), plain::report);
        assertEquals(new String(TestApp.standard().files().get("jupyter-lite.json"), StandardCharsets.UTF_8),
                plain.text("jupyter-lite.json"));
        assertEquals(LiteTestKit.addons().option("disable_addons", "mimetypes").run(Command.BUILD).tree(), plain.tree(),
                "as if it had never been changed");
    }

    /** A prepared value is worked out once each time the task is considered, and shared by its inputs, outputs and run. */
    @Test
    void aPreparedValueIsWorkedOutOncePerRunAndShared() {
        java.util.concurrent.atomic.AtomicInteger prepared = new java.util.concurrent.atomic.AtomicInteger();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        TestAddon addon = new TestAddon("prep", r -> r.task(Phase.BUILD, "copy").uses()
                .prepare(ctx -> {
                    String name = "copy-" + prepared.incrementAndGet();
                    return new String[] {name, ctx.options().liteDir().resolve("in.txt").toString()};
                })
                .inputs((ctx, v) -> {
                    seen.add("inputs " + v[0]);
                    return List.of(ctx.options().liteDir().getFileSystem().getPath(v[1]));
                })
                .outputs((ctx, v) -> {
                    seen.add("outputs " + v[0]);
                    return List.of("copied.txt");
                })
                .run((ctx, v) -> {
                    seen.add("run " + v[0]);
                    ctx.files().copy(ctx.options().liteDir().getFileSystem().getPath(v[1]), ctx.options().outputDir().resolve("copied.txt"));
                }));
        LiteTestKit kit = LiteTestKit.addons(addon).liteFile("in.txt", "one");
        LiteRun first = kit.run(Command.BUILD);
        assertTrue(first.ok(), first::report);
        assertEquals("one", first.text("copied.txt"));
        assertEquals(List.of("outputs copy-1", "inputs copy-1", "run copy-1"), seen);

        seen.clear();
        LiteRun second = kit.run(Command.BUILD);
        assertTrue(second.skipped().contains("prep:copy"), second::report);
        assertEquals(List.of("outputs copy-2", "inputs copy-2"), seen, "a new run prepares it again; a skipped task does not run");

        seen.clear();
        LiteRun third = kit.liteFile("in.txt", "two").run(Command.BUILD);
        assertTrue(third.ran().contains("prep:copy"), third::report);
        assertEquals("two", third.text("copied.txt"));
        assertEquals(List.of("outputs copy-3", "inputs copy-3", "run copy-3"), seen);
    }

    static void deleteTree(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** An addon defined by a lambda. */
    static final class TestAddon implements Addon {
        private final String id;
        private final java.util.function.Consumer<AddonRegistrar> registration;

        TestAddon(String id, java.util.function.Consumer<AddonRegistrar> registration) {
            this.id = id;
            this.registration = registration;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void register(AddonRegistrar registrar) {
            registration.accept(registrar);
        }
    }
}
