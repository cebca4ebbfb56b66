package dev.jlite.core.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jlite.core.AddonInfo;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.ListKey;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ordering and checks of registered tasks, built as {@code Pipeline.register()} builds them. */
class PlanTests {

    private static final Key<String> APP = Key.of("app", String.class);
    private static final ListKey<String> PATCHES = ListKey.of("patches", String.class);

    private final Map<String, RegistrarImpl> registrars = new LinkedHashMap<>();

    /** An addon whose tasks are declared through its registrar, with the addon ids it runs after. */
    private RegistrarImpl addon(String id, String... after) {
        Addon addon = new Addon() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Set<String> after() {
                return Set.of(after);
            }

            @Override
            public void register(AddonRegistrar registrar) {
            }
        };
        AddonInfo info = new AddonInfo(id, "1.0", "test." + id, "memory", "", id + "Addon");
        return registrars.computeIfAbsent(id, x -> new RegistrarImpl(new LoadedAddon(addon, info, null), null));
    }

    private TaskBuilder task(String addonId, Phase phase, String name) {
        return addon(addonId).task(phase, name);
    }

    private static void declare(TaskBuilder builder) {
        builder.run(ctx -> {
        });
    }

    private Plan plan() {
        List<TaskSpec> tasks = new ArrayList<>();
        registrars.values().forEach(r -> tasks.addAll(r.tasks()));
        return new Plan(tasks);
    }

    private static List<String> ids(List<TaskSpec> tasks) {
        return tasks.stream().map(TaskSpec::id).toList();
    }

    private static List<String> problems(Plan plan) {
        return plan.problems().stream().map(d -> d.severity() + " [" + d.source() + "] " + d.message()).toList();
    }

    @Test
    void tiesAreBrokenByAddonAndTaskId() {
        declare(task("b", Phase.BUILD, "one"));
        declare(task("a", Phase.BUILD, "two"));
        declare(task("a", Phase.BUILD, "one"));
        declare(task("a-b", Phase.BUILD, "x"));

        Plan plan = plan();

        assertEquals(List.of(), problems(plan));
        assertEquals(List.of("a-b:x", "a:one", "a:two", "b:one"), ids(plan.tasks(Phase.BUILD)));
    }

    @Test
    void phasesRunInDeclarationOrder() {
        declare(task("a", Phase.POST_BUILD, "last"));
        declare(task("a", Phase.PRE_INIT, "first"));
        declare(task("a", Phase.BUILD, "middle"));
        declare(task("a", Phase.CHECK, "verify"));

        Plan plan = plan();

        assertEquals(List.of("a:first", "a:middle", "a:last", "a:verify"), ids(plan.all()));
        assertEquals(List.of(), ids(plan.tasks(Phase.INIT)));
    }

    @Test
    void aTaskRunsAfterTheTasksItNames() {
        declare(task("a", Phase.BUILD, "alpha").after("zeta").after("b:beta"));
        declare(task("a", Phase.BUILD, "zeta"));
        declare(task("b", Phase.BUILD, "beta"));
        declare(task("a", Phase.BUILD, "omega"));

        Plan plan = plan();

        assertEquals(List.of(), problems(plan));
        assertEquals(List.of("a:omega", "a:zeta", "b:beta", "a:alpha"), ids(plan.tasks(Phase.BUILD)));
        assertEquals(Set.of("a:zeta", "b:beta"), Set.copyOf(plan.dependencies(plan.tasks(Phase.BUILD).get(3))));
        assertEquals(3, plan.order(plan.tasks(Phase.BUILD).get(3)));
    }

    @Test
    void theWriterOfAKeyRunsBeforeItsReaders() {
        declare(task("a", Phase.BUILD, "reader").reads(APP));
        declare(task("z", Phase.BUILD, "writer").writes(APP));

        Plan plan = plan();

        assertEquals(List.of(), problems(plan));
        assertEquals(List.of("z:writer", "a:reader"), ids(plan.tasks(Phase.BUILD)));
        assertEquals(Set.of("z:writer"), plan.dependencies(plan.tasks(Phase.BUILD).get(1)));
    }

    @Test
    void everyContributorOfAListRunsBeforeItsReaders() {
        declare(task("a", Phase.BUILD, "reader").reads(PATCHES));
        declare(task("y", Phase.BUILD, "two").writes(PATCHES));
        declare(task("x", Phase.BUILD, "one").writes(PATCHES));
        declare(task("b", Phase.BUILD, "bystander"));

        Plan plan = plan();

        assertEquals(List.of(), problems(plan));
        assertEquals(List.of("b:bystander", "x:one", "y:two", "a:reader"), ids(plan.tasks(Phase.BUILD)));
    }

    @Test
    void aWriterInAnEarlierPhaseIsFine() {
        declare(task("a", Phase.POST_BUILD, "reader").reads(APP));
        declare(task("z", Phase.INIT, "writer").writes(APP));

        Plan plan = plan();

        assertEquals(List.of(), problems(plan));
        assertEquals(List.of("z:writer", "a:reader"), ids(plan.all()));
        assertEquals(Set.of("z:writer"), plan.dependencies(plan.tasks(Phase.POST_BUILD).get(0)));
    }

    @Test
    void aReaderInAnEarlierPhaseThanTheWriterIsAnError() {
        declare(task("a", Phase.INIT, "reader").reads(APP));
        declare(task("z", Phase.BUILD, "writer").writes(APP));

        Plan plan = plan();

        assertEquals(List.of("ERROR [core] task a:reader (INIT) needs app from task z:writer, which runs later (BUILD)"),
                problems(plan));
    }

    @Test
    void aListReaderInAnEarlierPhaseThanAContributorIsAnError() {
        declare(task("a", Phase.PRE_BUILD, "reader").reads(PATCHES));
        declare(task("b", Phase.PRE_BUILD, "early").writes(PATCHES));
        declare(task("c", Phase.POST_BUILD, "late").writes(PATCHES));

        Plan plan = plan();

        assertEquals(List.of("ERROR [core] task a:reader (PRE_BUILD) needs patches from task c:late, which runs "
                + "later (POST_BUILD)"), problems(plan));
    }

    @Test
    void runningAfterATaskOfALaterPhaseIsAnError() {
        declare(task("a", Phase.INIT, "early").after("b:late"));
        declare(task("b", Phase.BUILD, "late"));

        Plan plan = plan();

        assertEquals(List.of("ERROR [core] task a:early (INIT) needs its 'after' from task b:late, which runs later "
                + "(BUILD)"), problems(plan));
    }

    @Test
    void twoWritersOfOneKeyIsAnErrorNamingBoth() {
        declare(task("a", Phase.INIT, "one").writes(APP));
        declare(task("b", Phase.BUILD, "two").writes(APP));

        Plan plan = plan();

        assertEquals(List.of("ERROR [core] key app has two writers: task a:one and task b:two; a key is written by "
                + "one task"), problems(plan));
    }

    @Test
    void aCycleIsAnErrorNamingTheTasks() {
        declare(task("a", Phase.BUILD, "x").after("y"));
        declare(task("a", Phase.BUILD, "y").reads(APP));
        declare(task("b", Phase.BUILD, "w").writes(APP).after("a:x"));
        declare(task("a", Phase.BUILD, "free"));

        Plan plan = plan();

        assertEquals(List.of("ERROR [core] tasks depend on each other in a cycle: a:x, a:y, b:w"), problems(plan));
        assertEquals(List.of("a:free"), ids(plan.tasks(Phase.BUILD)));
    }

    @Test
    void runningAfterAnUnknownTaskIsAWarningAndIgnored() {
        declare(task("a", Phase.BUILD, "x").after("nope").after("other:task"));

        Plan plan = plan();

        assertEquals(List.of(
                "WARNING [a] task a:x runs after a:nope, which is not registered; the ordering is ignored",
                "WARNING [a] task a:x runs after other:task, which is not registered; the ordering is ignored"),
                problems(plan));
        assertEquals(List.of("a:x"), ids(plan.tasks(Phase.BUILD)));
        assertEquals(List.of(), plan.problems().stream().filter(Diagnostic::isError).toList());
    }

    @Test
    void theTasksOfAnAddonRunAfterThoseOfTheAddonsItNames() {
        addon("early");
        addon("late", "early");
        declare(task("late", Phase.BUILD, "aaa"));
        declare(task("early", Phase.BUILD, "zzz"));
        declare(task("early", Phase.INIT, "setup"));
        declare(task("late", Phase.INIT, "aab"));

        Plan plan = plan();

        assertEquals(List.of(), problems(plan));
        assertEquals(List.of("early:setup", "late:aab", "early:zzz", "late:aaa"), ids(plan.all()));
        assertEquals(List.of("early:zzz", "late:aaa"), ids(plan.tasks(Phase.BUILD)));
    }
}
