package dev.jlite.core.internal.pipeline;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The output roots tasks declared, each with its task: one writer per file, so no root may cover another
 * task's. Lookups walk a path's parent folders, so they cost the depth of the path, not the number of roots.
 */
final class Claims {

    private final TreeMap<String, String> roots = new TreeMap<>();

    /** The declared root covering {@code rel}: {@code rel} itself, its nearest parent folder declared, or {@code ""}. */
    Optional<String> root(String rel) {
        if (roots.containsKey(rel)) {
            return Optional.of(rel);
        }
        for (String parent : OutputPaths.parents(rel)) {
            if (roots.containsKey(parent)) {
                return Optional.of(parent);
            }
        }
        return roots.containsKey("") ? Optional.of("") : Optional.empty();
    }

    /**
     * Another task's root that overlaps {@code root} (covers it or lies under it), as {@code root -> task};
     * empty when {@code root} is free for {@code task}.
     */
    Optional<Map.Entry<String, String>> clash(String root, String task) {
        for (var e : covering(root).entrySet()) {
            if (!e.getValue().equals(task)) {
                return Optional.of(e);
            }
        }
        Map<String, String> under = root.isEmpty() ? roots : roots.subMap(root + "/", root + "0");
        for (var e : under.entrySet()) {
            if (!e.getValue().equals(task)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The roots that are {@code root} or one of its parent folders. */
    private Map<String, String> covering(String root) {
        Map<String, String> out = new TreeMap<>();
        if (roots.containsKey(root)) {
            out.put(root, roots.get(root));
        }
        for (String parent : OutputPaths.parents(root)) {
            if (roots.containsKey(parent)) {
                out.put(parent, roots.get(parent));
            }
        }
        if (!root.isEmpty() && roots.containsKey("")) {
            out.put("", roots.get(""));
        }
        return out;
    }

    void add(String root, String task) {
        roots.put(root, task);
    }

    /** Every root with its task, sorted by root. */
    Map<String, String> all() {
        return Collections.unmodifiableMap(roots);
    }
}
