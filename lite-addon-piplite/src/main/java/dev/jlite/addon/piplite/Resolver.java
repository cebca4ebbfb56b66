package dev.jlite.addon.piplite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Chooses one version of each project that a list of requirements needs, with what those need in turn,
 * for one Python environment (Pyodide's markers and Python version). Newest first; an older version is
 * tried when the newer one's requirements clash with a choice made before (depth-first backtracking, as
 * pip does). Deterministic: candidates in version order then by file name, requirements in the order
 * they are listed. Candidates are given per project, already filtered to what the platform can load.
 */
final class Resolver {

    /**
     * One file of one project version that could be chosen.
     *
     * @param name           the project, as its metadata spells it
     * @param version        its version
     * @param fileName       the wheel's file name
     * @param requiresPython its {@code Requires-Python}, if any
     * @param requiresDist   its {@code Requires-Dist} lines
     * @param uploaded       when it was published, where the index says
     */
    record Candidate(String name, String version, String fileName, Optional<String> requiresPython, List<String> requiresDist,
                     Optional<Instant> uploaded) {

        Candidate {
            requiresDist = List.copyOf(requiresDist);
        }
    }

    /**
     * What was chosen for a project, and why.
     *
     * @param candidate the file chosen
     * @param extras    the extras asked of it, normalised
     * @param chain     the requirements that led to it, from a spec down, e.g. {@code [ipython, jedi>=0.16]}
     */
    record Pick(Candidate candidate, Set<String> extras, List<String> chain) {
    }

    /** A requirement still to meet, with the chain that brought it and the extra its marker is evaluated with. */
    private record Need(Requirement requirement, String extra, List<String> chain) {
    }

    private final Function<String, List<Candidate>> candidates;
    private final Map<String, String> env;
    private final String python;
    private final Map<String, Requirement> constraints = new LinkedHashMap<>();
    private final Optional<Instant> excludeNewer;
    private String conflict = "";
    private int deepest = -1;
    /** How many requirements were looked at; a search that never ends is stopped at {@link #STEPS}. */
    private long steps;
    static final long STEPS = 200_000;

    /**
     * @param candidates   the candidates of a project, by its normalised name
     * @param env          the marker environment ({@link Markers#pyodide})
     * @param constraints  requirements that bound a project's version if it is needed, and add nothing
     * @param excludeNewer leave out what was published after this (as {@code uv --exclude-newer})
     */
    Resolver(Function<String, List<Candidate>> candidates, Map<String, String> env, List<Requirement> constraints,
             Optional<Instant> excludeNewer) {
        this.candidates = candidates;
        this.env = env;
        this.python = env.getOrDefault("python_full_version", "");
        constraints.forEach(c -> this.constraints.put(c.normalizedName(), c));
        this.excludeNewer = excludeNewer;
    }

    /** What {@code specs} need, by normalised name in the order first needed; a clash is an {@link IllegalArgumentException} naming it. */
    Map<String, Pick> resolve(List<Requirement> specs) {
        List<Need> todo = specs.stream().map(r -> new Need(r, "", List.of(r.toString()))).toList();
        return solve(new LinkedHashMap<>(), todo)
                .orElseThrow(() -> new IllegalArgumentException(conflict.isEmpty() ? "the requirements cannot all be met" : conflict));
    }

    private Optional<Map<String, Pick>> solve(Map<String, Pick> chosen, List<Need> todo) {
        if (todo.isEmpty()) {
            return Optional.of(chosen);
        }
        if (++steps > STEPS) {
            throw new IllegalArgumentException("no choice found after trying " + STEPS + " requirements"
                    + (conflict.isEmpty() ? "" : "; the deepest clash: " + conflict) + "; pin the projects involved");
        }
        Need need = todo.get(0);
        List<Need> rest = todo.subList(1, todo.size());
        Requirement r = need.requirement();
        if (!r.appliesIn(env, need.extra())) {
            return solve(chosen, rest);
        }
        String name = r.normalizedName();
        Pick have = chosen.get(name);
        if (have != null) {
            if (!r.allows(have.candidate().version(), true)) {
                clash(chosen.size(), name + " " + have.candidate().version() + " was chosen for " + String.join(" -> ", have.chain())
                        + ", but " + String.join(" -> ", need.chain()) + " needs " + r);
                return Optional.empty();
            }
            Set<String> more = new TreeSet<>(r.extras());
            more.removeAll(have.extras());
            if (more.isEmpty()) {
                return solve(chosen, rest);
            }
            Set<String> extras = new TreeSet<>(have.extras());
            extras.addAll(more);
            Map<String, Pick> next = new LinkedHashMap<>(chosen);
            next.put(name, new Pick(have.candidate(), extras, have.chain()));
            return solve(next, concat(rest, needs(have.candidate(), more, need.chain(), true)));
        }
        List<Candidate> options = options(name, r);
        if (options.isEmpty()) {
            clash(chosen.size(), "no version of " + name + " meets " + String.join(" -> ", need.chain())
                    + Optional.ofNullable(constraints.get(name)).map(c -> " and the constraint " + c).orElse("")
                    + (python.isEmpty() ? "" : " on Python " + python));
            return Optional.empty();
        }
        for (Candidate c : options) {
            Map<String, Pick> next = new LinkedHashMap<>(chosen);
            next.put(name, new Pick(c, r.extras(), need.chain()));
            Optional<Map<String, Pick>> solved = solve(next, concat(rest, needs(c, r.extras(), need.chain(), false)));
            if (solved.isPresent()) {
                return solved;
            }
        }
        return Optional.empty();
    }

    /** The candidates {@code r} (and the project's constraint) allow, newest first; pre-releases only when nothing else will do. */
    private List<Candidate> options(String name, Requirement r) {
        Optional<Requirement> bound = Optional.ofNullable(constraints.get(name));
        List<Candidate> fitting = candidates.apply(name).stream()
                .filter(c -> c.requiresPython().isEmpty() || python.isEmpty()
                        || Requirement.parse("python" + c.requiresPython().get()).allows(python, true))
                .filter(c -> excludeNewer.isEmpty() || c.uploaded().isEmpty() || !c.uploaded().get().isAfter(excludeNewer.get()))
                .sorted(Comparator.comparing((Candidate c) -> Versions.parse(c.version()).orElse(null),
                        Comparator.nullsFirst(Comparator.<Versions.Version>naturalOrder())).reversed()
                        .thenComparing(Candidate::fileName))
                .toList();
        for (boolean pre : List.of(false, true)) {
            List<Candidate> out = fitting.stream()
                    .filter(c -> r.allows(c.version(), pre) && bound.map(b -> b.allows(c.version(), pre)).orElse(true)).toList();
            if (!out.isEmpty()) {
                return out;
            }
        }
        return List.of();
    }

    /** What {@code c} requires: with {@code onlyExtras}, only what the extras add. */
    private static List<Need> needs(Candidate c, Set<String> extras, List<String> chain, boolean onlyExtras) {
        List<Need> out = new ArrayList<>();
        for (String line : c.requiresDist()) {
            Requirement dep;
            try {
                dep = Requirement.parse(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(c.fileName() + ": its Requires-Dist " + e.getMessage(), e);
            }
            List<String> via = new ArrayList<>(chain);
            via.add(dep.toString());
            if (!onlyExtras) {
                out.add(new Need(dep, "", via));
            }
            for (String extra : new LinkedHashSet<>(extras)) {
                out.add(new Need(dep, extra, via)); // met already unless its marker names the extra
            }
        }
        return out;
    }

    private void clash(int depth, String message) {
        if (depth > deepest) {
            deepest = depth;
            conflict = message;
        }
    }

    private static List<Need> concat(List<Need> a, List<Need> b) {
        List<Need> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
