package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Each contract of {@link AddonContractTests} fails for an addon that breaks it, saying what went wrong,
 * and passes for one that keeps it: a check that cannot fail would prove nothing.
 */
class AddonContractsCatchTests {

    /** The suite for one addon, run by calling its tests directly. */
    private static final class Suite extends AddonContractTests {
        private final Consumer<LiteTestKit> remote;
        private final Optional<String> spec;

        Suite(Supplier<Addon> addon) {
            this(addon, kit -> { }, Optional.empty());
        }

        Suite(Supplier<Addon> addon, Consumer<LiteTestKit> remote, Optional<String> spec) {
            super(addon);
            this.remote = remote;
            this.spec = spec;
        }

        @Override
        protected Optional<String> remoteSource(LiteTestKit kit) {
            remote.accept(kit);
            return spec;
        }
    }

    /** An addon made of a registration. */
    private static final class Lambda implements Addon {
        private final String id;
        private final Consumer<AddonRegistrar> registration;

        Lambda(String id, Consumer<AddonRegistrar> registration) {
            this.id = id;
            this.registration = registration;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void register(AddonRegistrar r) {
            registration.accept(r);
        }
    }

    private static void write(TaskContext ctx, String path, String text) {
        ctx.files().write(ctx.options().outputDir().resolve(path), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps every contract: one declared output, written from its configuration only. */
    private static Addon good() {
        return new Lambda("good", r -> r.task(Phase.BUILD, "write").output("good/hello.txt").run(ctx -> write(ctx, "good/hello.txt", "hello")));
    }

    private static String failure(Runnable contract) {
        AssertionError e = assertThrows(AssertionError.class, contract::run);
        return e.getMessage();
    }

    @Test
    void aGoodAddonKeepsEveryContract() {
        Suite suite = new Suite(AddonContractsCatchTests::good);
        assertDoesNotThrow(suite::constructorHasNoSideEffects);
        assertDoesNotThrow(suite::constructionIsDeterministic);
        assertDoesNotThrow(suite::writesOnlyDeclaredOutputs);
        assertDoesNotThrow(suite::aSecondBuildIsANoOp);
        assertDoesNotThrow(suite::freshBuildsAreByteIdentical);
        assertThrows(TestAbortedException.class, suite::offlineFailuresNameTheSource, "no remote source: skipped");
    }

    // --- the constructor --------------------------------------------------------------------------

    /** Starts a thread, sets a property, prints and creates a temporary file, each when asked. */
    private static final class Noisy implements Addon {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static final List<Path> CREATED = new CopyOnWriteArrayList<>();

        Noisy(String effect) {
            switch (effect) {
                case "thread" -> {
                    Thread t = new Thread(() -> {
                        try {
                            RELEASE.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "noisy-addon-worker");
                    t.setDaemon(true);
                    t.start();
                }
                case "property" -> System.setProperty("noisy.addon", "set");
                case "print" -> System.out.println("Noisy addon, at your service");
                case "file" -> {
                    try {
                        CREATED.add(Files.createTempFile("noisy-addon", ".tmp"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                default -> throw new IllegalArgumentException(effect);
            }
        }

        @Override
        public String id() {
            return "noisy";
        }

        @Override
        public void register(AddonRegistrar r) {
        }
    }

    @Test
    void aConstructorWithSideEffectsFails() throws IOException {
        try {
            assertTrue(failure(new Suite(() -> new Noisy("thread"))::constructorHasNoSideEffects)
                    .contains("it started threads: noisy-addon-worker"));
            String property = failure(new Suite(() -> new Noisy("property"))::constructorHasNoSideEffects);
            assertTrue(property.contains("had side effects") && property.contains("it changed system properties: noisy.addon"), property);
            assertTrue(failure(new Suite(() -> new Noisy("print"))::constructorHasNoSideEffects)
                    .contains("it printed: Noisy addon, at your service"));
            String file = failure(new Suite(() -> new Noisy("file"))::constructorHasNoSideEffects);
            assertTrue(file.contains("it created " + Noisy.CREATED.get(0)), file);
        } finally {
            Noisy.RELEASE.countDown();
            System.clearProperty("noisy.addon");
            for (Path p : Noisy.CREATED) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void anAddonThatDescribesItselfDifferentlyEachTimeFails() {
        AtomicInteger made = new AtomicInteger();
        String message = failure(new Suite(() -> new Addon() {
            private final int serial = made.incrementAndGet();

            @Override
            public String id() {
                return "counting";
            }

            @Override
            public String description() {
                return "instance " + serial;
            }

            @Override
            public void register(AddonRegistrar r) {
            }
        })::constructionIsDeterministic);
        assertTrue(message.contains("describe themselves differently") && message.contains("description(): instance "), message);
    }

    // --- builds -----------------------------------------------------------------------------------

    @Test
    void writingAFileNoTaskDeclaredFails() {
        Addon sloppy = new Lambda("sloppy", r -> r.task(Phase.BUILD, "write").output("sloppy/a.txt").run(ctx -> {
            write(ctx, "sloppy/a.txt", "declared");
            write(ctx, "sloppy-extra.txt", "not declared");
        }));
        String message = failure(new Suite(() -> sloppy)::writesOnlyDeclaredOutputs);
        assertTrue(message.contains("wrote outside the declared outputs, and jlite refused it"), message);
        assertTrue(message.contains("task sloppy:write writes sloppy-extra.txt, which is outside its declared outputs "
                + "[sloppy/a.txt]"), message);
    }

    @Test
    void writingOutsideTheOutputFails() {
        Addon leaky = new Lambda("leaky", r -> r.task(Phase.BUILD, "write").output("leaky.txt").run(ctx -> {
            write(ctx, "leaky.txt", "fine");
            ctx.files().write(ctx.options().liteDir().resolve("generated/leak.txt"), new byte[] {1});
        }));
        String message = failure(new Suite(() -> leaky)::writesOnlyDeclaredOutputs);
        assertTrue(message.contains("wrote outside the declared outputs, and jlite refused it"), message);
        assertTrue(message.contains("task leaky:write writes /work/site/generated/leak.txt, outside the output folder"), message);
    }

    @Test
    void aTaskThatRunsAgainFails() {
        Addon always = new Lambda("restless", r -> r.task(Phase.BUILD, "write").output("restless.txt").always()
                .run(ctx -> write(ctx, "restless.txt", "again")));
        String message = failure(new Suite(() -> always)::aSecondBuildIsANoOp);
        assertTrue(message.contains("a second build with nothing changed ran tasks"), message);
        assertTrue(message.contains("restless:write (it always runs)"), message);

        // a fingerprint that changes with every registration, e.g. from a counter
        AtomicInteger counter = new AtomicInteger();
        Addon drifting = new Lambda("drifting", r -> r.task(Phase.BUILD, "write").uses(counter.incrementAndGet()).output("drift.txt")
                .run(ctx -> write(ctx, "drift.txt", "same")));
        String drift = failure(new Suite(() -> drifting)::aSecondBuildIsANoOp);
        assertTrue(drift.contains("drifting:write (its inputs or configuration changed)"), drift);
    }

    @Test
    void anOutputThatDependsOnTimeOrChanceFails() {
        Addon clock = new Lambda("stamp", r -> r.task(Phase.BUILD, "write").output("stamp.json")
                .run(ctx -> write(ctx, "stamp.json", "{\"builtAt\": " + System.nanoTime() + ", \"same\": 1}")));
        String message = failure(new Suite(() -> clock)::freshBuildsAreByteIdentical);
        assertTrue(message.contains("two fresh builds with the same inputs and SOURCE_DATE_EPOCH, at different times, differ"), message);
        assertTrue(message.contains("changed: stamp.json\n      /builtAt: "), message);
        assertFalse(message.contains("/same"), message);

        Addon random = new Lambda("random", r -> r.task(Phase.BUILD, "write").output("id.txt")
                .run(ctx -> write(ctx, "id.txt", "id\n" + UUID.randomUUID() + "\n")));
        String text = failure(new Suite(() -> random)::freshBuildsAreByteIdentical);
        assertTrue(text.contains("changed: id.txt\n      line 2: \""), text);
    }

    @Test
    void anAddonWithNoTaskSkipsTheBuildContracts() {
        Addon idle = new Lambda("idle", r -> { });
        TestAbortedException e = assertThrows(TestAbortedException.class, new Suite(() -> idle)::aSecondBuildIsANoOp);
        assertTrue(e.getMessage().contains("addon 'idle' has no task in a build, check or archive"), e.getMessage());
    }

    /** An addon that only checks, or only archives, is held to the contracts in the command it takes part in. */
    @Test
    void checkAndArchiveAddonsAreHeldToTheContracts() {
        Addon looking = new Lambda("looking", r -> r.task(Phase.CHECK, "look").run(ctx -> { }));
        assertDoesNotThrow(new Suite(() -> looking)::aSecondBuildIsANoOp);
        assertDoesNotThrow(new Suite(() -> looking)::writesOnlyDeclaredOutputs);

        Addon stamping = new Lambda("stamping", r -> r.task(Phase.PRE_ARCHIVE, "stamp").output("stamp.txt")
                .run(ctx -> write(ctx, "stamp.txt", UUID.randomUUID().toString())));
        String fresh = failure(new Suite(() -> stamping)::freshBuildsAreByteIdentical);
        assertTrue(fresh.contains("two fresh archives with the same inputs"), fresh);
        assertTrue(fresh.contains("stamp.txt"), fresh);

        Addon leaking = new Lambda("leaking", r -> r.task(Phase.ARCHIVE, "leak").output("fine.txt")
                .run(ctx -> ctx.files().write(ctx.options().liteDir().resolve("leak.txt"), new byte[] {1})));
        String leak = failure(new Suite(() -> leaking)::writesOnlyDeclaredOutputs);
        assertTrue(leak.contains("an archive with addon 'leaking' wrote outside the declared outputs"), leak);
    }

    @Test
    void aBuildThatFailsIsNotTakenForAPass() {
        Addon broken = new Lambda("broken", r -> r.task(Phase.BUILD, "explode").run(ctx -> {
            throw new IllegalStateException("boom");
        }));
        String message = failure(new Suite(() -> broken)::writesOnlyDeclaredOutputs);
        assertTrue(message.contains("the build the contracts start from failed; override configure(LiteTestKit)"), message);
        assertTrue(message.contains("IllegalStateException: boom"), message);
    }

    // --- offline ------------------------------------------------------------------------------------

    private static final String SPEC = "https://example.test/data/data-1.0.tgz";

    /** Copies {@link #SPEC} into the output, or with {@code hide}, reports only that it failed. */
    private static Addon fetching(boolean hide) {
        return new Lambda("fetching", r -> r.task(Phase.BUILD, "fetch").output("data").run(ctx -> {
            try {
                ctx.files().copy(ctx.sources().resolve(SPEC), ctx.options().outputDir().resolve("data/data.tgz"));
            } catch (LiteException e) {
                if (!hide) {
                    throw e;
                }
                ctx.report(Diagnostic.error("fetching", "the data could not be had"));
            }
        }));
    }

    @Test
    void anOfflineFailureThatNamesTheSourcePasses() {
        assertDoesNotThrow(new Suite(() -> fetching(false), kit -> { }, Optional.of(SPEC))::offlineFailuresNameTheSource);
    }

    @Test
    void anOfflineFailureThatHidesTheSourceFails() {
        String message = failure(new Suite(() -> fetching(true), kit -> { }, Optional.of(SPEC))::offlineFailuresNameTheSource);
        assertTrue(message.contains("the offline failure does not name the source " + SPEC), message);
        assertTrue(message.contains("the data could not be had"), message);
    }

    @Test
    void aRemoteSourceTheBuildDoesNotNeedFails() {
        String message = failure(new Suite(AddonContractsCatchTests::good, kit -> { }, Optional.of(SPEC))::offlineFailuresNameTheSource);
        assertTrue(message.contains("with --offline and an empty cache the build succeeded, so it needed no remote source"), message);
    }

    @Test
    void anOnlineKitIsStillCheckedOffline() {
        FakeSources fakes = FakeSources.serving(SPEC, TestApp.standard().tgz());
        Suite suite = new Suite(AddonContractsCatchTests::good, kit -> kit.sources(fakes).online().appArchiveSpec(SPEC), Optional.of(SPEC));
        assertDoesNotThrow(suite::offlineFailuresNameTheSource);
        assertTrue(fakes.downloads().isEmpty(), "offline, nothing is fetched");
    }
}
