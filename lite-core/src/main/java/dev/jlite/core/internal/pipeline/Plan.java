package dev.jlite.core.internal.pipeline;

import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.ListKey;
import dev.jlite.core.spi.Phase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Every registered task, checked and ordered: in each phase, a task runs after the tasks it names in
 * {@code after}, after the writers of the keys it reads, and after the tasks of the addons its addon
 * names in {@link dev.jlite.core.spi.Addon#after()}; ties are broken by {@code addon:task} id.
 */
final class Plan {

    private final Map<Phase, List<TaskSpec>> byPhase = new EnumMap<>(Phase.class);
    private final Map<String, TaskSpec> byId = new HashMap<>();
    /** Task id -> ids of the tasks it depends on (same or earlier phases). */
    private final Map<String, Set<String>> dependencies = new HashMap<>();
    private final List<Diagnostic> problems = new ArrayList<>();

    Plan(List<TaskSpec> tasks) {
        for (TaskSpec t : tasks) {
            byId.put(t.id(), t);
        }
        checkWriters(tasks);
        for (Phase phase : Phase.values()) {
            List<TaskSpec> inPhase = tasks.stream().filter(t -> t.phase() == phase).toList();
            byPhase.put(phase, order(inPhase));
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

    /** Every task, in execution order. */
    List<TaskSpec> all() {
        List<TaskSpec> out = new ArrayList<>();
        for (Phase p : Phase.values()) {
            out.addAll(tasks(p));
        }
        return out;
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
            for (ListKey<?> k : t.writesLists()) {
                contributors.computeIfAbsent(k, x -> new ArrayList<>()).add(t);
            }
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
        for (TaskSpec t : tasks) {
            edges.put(t.id(), new HashSet<>());
            indegree.put(t.id(), 0);
        }
        for (TaskSpec t : tasks) {
            Set<String> before = new HashSet<>();
            for (String d : dependencies(t)) {
                if (indegree.containsKey(d)) {
                    before.add(d);
                }
            }
            for (TaskSpec other : tasks) {
                if (other.addon() != t.addon() && t.addon().addon().after().contains(other.addon().id())) {
                    before.add(other.id());
                }
            }
            for (String b : before) {
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
}
