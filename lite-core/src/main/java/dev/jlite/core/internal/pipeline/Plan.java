package dev.jlite.core.internal.pipeline;

import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.ListKey;
import dev.jlite.core.spi.Phase;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every registered task, checked and ordered: in each phase, a task runs after the tasks it names in
 * {@code after}, after the writers of the keys it reads, and after the tasks of the addons its addon
 * names in {@link dev.jlite.core.spi.Addon#after()}; the base layer runs after every other task of its
 * phase that writes files, and before the tasks of its phase that only read (unless a writer needs them);
 * ties are broken by {@code addon:task} id. Declared outputs known at registration may not overlap.
 */
final class Plan {

    private final Map<Phase, List<TaskSpec>> byPhase = new EnumMap<>(Phase.class);
    private final Map<String, TaskSpec> byId = new HashMap<>();
    /** Task id -> ids of the tasks it depends on (same or earlier phases). */
    private final Map<String, Set<String>> dependencies = new HashMap<>();
    private final List<Diagnostic> problems = new ArrayList<>();
    /** The outputs declared at registration, by root. */
    private final Claims declared = new Claims();

    Plan(List<TaskSpec> tasks) {
        tasks.forEach(t -> byId.put(t.id(), t));
        checkWriters(tasks);
        checkOutputs(tasks);
        for (Phase phase : Phase.values()) {
            byPhase.put(phase, order(tasks.stream().filter(t -> t.phase() == phase).toList()));
        }
    }

    List<TaskSpec> tasks(Phase phase) {
        return byPhase.getOrDefault(phase, List.of());
    }

    /** The position of a task inside its phase. */
    int order(TaskSpec task) {
        return tasks(task.phase()).indexOf(task);
    }

    Set<String> dependencies(TaskSpec task) {
        return dependencies.getOrDefault(task.id(), Set.of());
    }

    List<Diagnostic> problems() {
        return problems;
    }

    /** The outputs tasks declared at registration (not those known only when they run). */
    Claims declared() {
        return declared;
    }

    /** Every task, in execution order. */
    List<TaskSpec> all() {
        return Arrays.stream(Phase.values()).flatMap(p -> tasks(p).stream()).toList();
    }

    private void checkWriters(List<TaskSpec> tasks) {
        Map<Key<?>, TaskSpec> writers = new HashMap<>();
        Map<ListKey<?>, List<TaskSpec>> contributors = new HashMap<>();
        for (TaskSpec t : tasks) {
            for (Key<?> k : t.writes()) {
                TaskSpec other = writers.putIfAbsent(k, t);
                if (other != null) {
                    problems.add(Diagnostic.error("core", "key " + k.name() + " has two writers: task " + other.id()
                            + " and task " + t.id() + "; a key is written by one task"));
                }
            }
            t.writesLists().forEach(k -> contributors.computeIfAbsent(k, x -> new ArrayList<>()).add(t));
        }
        for (TaskSpec reader : tasks) {
            Set<String> deps = dependencies.computeIfAbsent(reader.id(), x -> new LinkedHashSet<>());
            for (Key<?> k : reader.reads()) {
                TaskSpec w = writers.get(k);
                if (w != null && w != reader && !reportsLastBuild(reader, w)) {
                    requireNotLater(w, reader, k.name());
                    deps.add(w.id());
                }
            }
            for (ListKey<?> k : reader.readsLists()) {
                for (TaskSpec w : contributors.getOrDefault(k, List.of())) {
                    if (w != reader && !reportsLastBuild(reader, w)) {
                        requireNotLater(w, reader, k.name());
                        deps.add(w.id());
                    }
                }
            }
            for (String a : reader.after()) {
                TaskSpec before = byId.get(a);
                if (before == null) {
                    problems.add(Diagnostic.warning(reader.addon().id(), "task " + reader.id() + " runs after " + a
                            + ", which is not registered; the ordering is ignored"));
                } else {
                    requireNotLater(before, reader, "its 'after'");
                    deps.add(before.id());
                }
            }
        }
    }

    /** One writer per file: declared outputs may not overlap, and there is one base layer at most. */
    private void checkOutputs(List<TaskSpec> tasks) {
        List<TaskSpec> base = tasks.stream().filter(TaskSpec::baseLayer).toList();
        if (base.size() > 1) {
            problems.add(Diagnostic.error("core", "tasks " + String.join(" and ", base.stream().map(TaskSpec::id).toList())
                    + " are both the base layer of the site; there is one"));
        }
        Map<Path, String> files = new HashMap<>();
        for (TaskSpec t : tasks) {
            for (String root : t.outputs()) {
                var clash = declared.clash(root, t.id());
                if (clash.isPresent()) {
                    problems.add(Diagnostic.error("core", overlap(t.id(), root, clash.get().getValue(), clash.get().getKey())));
                } else {
                    declared.add(root, t.id());
                }
            }
            for (Path f : t.outputFiles()) {
                String other = files.putIfAbsent(f, t.id());
                if (other != null && !other.equals(t.id())) {
                    problems.add(Diagnostic.error("core", "tasks " + other + " and " + t.id() + " both write " + f
                            + "; a file has one writer"));
                }
            }
        }
    }

    /** The message for two tasks declaring overlapping outputs, the same whichever was seen first. */
    static String overlap(String task, String root, String other, String otherRoot) {
        if (task.compareTo(other) > 0) {
            return overlap(other, otherRoot, task, root);
        }
        String what = root.equals(otherRoot) ? "both declare the output " + show(root)
                : "declare overlapping outputs: " + show(root) + " (" + task + ") and " + show(otherRoot) + " (" + other + ")";
        return "tasks " + task + " and " + other + " " + what + "; a file of the site has one writer";
    }

    private static String show(String root) {
        return root.isEmpty() ? "the whole site" : root;
    }

    /**
     * A {@link Phase#STATUS} task reading what a build phase writes sees the last build's value (the status
     * command runs nothing else), so it is no ordering error and no dependency.
     */
    private static boolean reportsLastBuild(TaskSpec reader, TaskSpec writer) {
        return reader.phase() == Phase.STATUS && writer.phase() != Phase.STATUS;
    }

    private void requireNotLater(TaskSpec writer, TaskSpec reader, String what) {
        if (writer.phase().compareTo(reader.phase()) > 0) {
            problems.add(Diagnostic.error("core", "task " + reader.id() + " (" + reader.phase() + ") needs " + what
                    + " from task " + writer.id() + ", which runs later (" + writer.phase() + ")"));
        }
    }

    /** Kahn's algorithm with the smallest id first among the ready tasks. */
    private List<TaskSpec> order(List<TaskSpec> tasks) {
        Map<String, Set<String>> edges = new HashMap<>();
        Map<String, Integer> indegree = new HashMap<>();
        Map<String, Set<String>> runsAfter = new HashMap<>();
        for (TaskSpec t : tasks) {
            edges.put(t.id(), new HashSet<>());
            indegree.put(t.id(), 0);
        }
        for (TaskSpec t : tasks) {
            Set<String> before = dependencies(t).stream().filter(indegree::containsKey).collect(Collectors.toCollection(HashSet::new));
            tasks.stream().filter(other -> other.addon() != t.addon() && t.addon().addon().after().contains(other.addon().id()))
                    .forEach(other -> before.add(other.id()));
            runsAfter.put(t.id(), before);
        }
        placeBaseLayer(tasks, runsAfter);
        for (TaskSpec t : tasks) {
            for (String b : runsAfter.get(t.id())) {
                if (edges.get(b).add(t.id())) {
                    indegree.merge(t.id(), 1, Integer::sum);
                }
            }
        }
        PriorityQueue<TaskSpec> ready = new PriorityQueue<>(Comparator.comparing(TaskSpec::id));
        tasks.stream().filter(t -> indegree.get(t.id()) == 0).forEach(ready::add);
        List<TaskSpec> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            TaskSpec t = ready.poll();
            out.add(t);
            for (String next : edges.get(t.id())) {
                if (indegree.merge(next, -1, Integer::sum) == 0) {
                    ready.add(byId.get(next));
                }
            }
        }
        if (out.size() < tasks.size()) {
            List<String> stuck = tasks.stream().filter(t -> !out.contains(t)).map(TaskSpec::id).sorted().toList();
            problems.add(Diagnostic.error("core", "tasks depend on each other in a cycle: " + String.join(", ", stuck)));
        }
        return out;
    }

    /**
     * The base layer of a phase runs after the phase's other writers, so that it knows where they write;
     * tasks that only read run after it (they see the whole site), unless a writer needs them first.
     */
    private static void placeBaseLayer(List<TaskSpec> tasks, Map<String, Set<String>> runsAfter) {
        TaskSpec base = tasks.stream().filter(TaskSpec::baseLayer).findFirst().orElse(null);
        if (base == null) {
            return;
        }
        tasks.stream().filter(t -> t != base && t.writesFiles()).forEach(t -> runsAfter.get(base.id()).add(t.id()));
        // what the base layer waits for (the writers, and what they and it need) stays before it
        Set<String> ancestors = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(base.id()));
        while (!todo.isEmpty()) {
            for (String d : runsAfter.getOrDefault(todo.poll(), Set.of())) {
                if (ancestors.add(d)) {
                    todo.add(d);
                }
            }
        }
        tasks.stream().filter(t -> t != base && !t.writesFiles() && !ancestors.contains(t.id()))
                .forEach(t -> runsAfter.get(t.id()).add(base.id()));
    }
}
