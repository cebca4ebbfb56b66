package dev.jlite.core.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.AddonInfo;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an addon may declare. */
class RegistrarImplTests {

    private final RegistrarImpl registrar = new RegistrarImpl(new LoadedAddon(new Addon() {
        @Override
        public String id() {
            return "demo";
        }

        @Override
        public void register(AddonRegistrar r) {
        }
    }, new AddonInfo("demo", "1.0", "test.demo", "memory", "", "DemoAddon"), null), null);

    @Test
    void aTaskIsRecordedWithItsDeclarations() {
        registrar.task(Phase.BUILD, "copy-files").description("copies").after("prepare").after("other:task")
                .output("./files/").output("static\\x").run(ctx -> {
                });

        TaskSpec spec = registrar.tasks().get(0);
        assertEquals("demo:copy-files", spec.id());
        assertEquals("copies", spec.description());
        assertEquals(List.of("demo:prepare", "other:task"), spec.after());
        assertEquals(List.of("files", "static/x"), spec.outputs());
        assertFalse(spec.always());
    }

    @Test
    void tasksOfReadOnlyPhasesAlwaysRun() {
        registrar.task(Phase.CHECK, "verify").run(ctx -> {
        });

        assertTrue(registrar.tasks().get(0).always());
    }

    @Test
    void aTaskNameMustBeLowerCase() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registrar.task(Phase.BUILD, "Copy"));

        assertEquals("task name must match [a-z0-9][a-z0-9._-]*: Copy", e.getMessage());
    }

    @Test
    void aTaskNameIsUniqueWithinTheAddon() {
        registrar.task(Phase.INIT, "fetch");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registrar.task(Phase.BUILD, "fetch"));

        assertEquals("task 'fetch' is registered twice", e.getMessage());
    }

    @Test
    void aReadOnlyPhaseMayNotDeclareOutputs() {
        TaskBuilder builder = registrar.task(Phase.CHECK, "verify").output("report.txt");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.run(ctx -> {
        }));

        assertEquals("task 'verify' is in CHECK, which may not write files; declare it in a build phase", e.getMessage());
        assertEquals(List.of(), registrar.tasks());
    }

    @Test
    void anOutputOutsideTheOutputDirectoryIsRefused() {
        TaskBuilder builder = registrar.task(Phase.BUILD, "escape");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.output("../x"));

        assertEquals("an output must be a path inside the output directory: ../x", e.getMessage());
    }

    @Test
    void aTaskIsDeclaredOnce() {
        TaskBuilder builder = registrar.task(Phase.BUILD, "once");
        builder.run(ctx -> {
        });

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.run(ctx -> {
        }));

        assertEquals("task 'once' is already declared", e.getMessage());
        assertEquals(1, registrar.tasks().size());
    }
}
