package dev.jlite.addon.piplite;

import dev.jlite.core.spi.WheelName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PEP 508 requirement, as {@code Requires-Dist} and a resolver's specs write it: a project, its extras,
 * its version specifiers or a direct URL, and the marker that says where it applies, e.g.
 * {@code requests[security] >= 2.8.1, == 2.8.* ; python_version >= "3.8"}.
 *
 * @param name       the project as written
 * @param extras     the extras asked for, normalised (PEP 685), sorted
 * @param specifiers every version clause; all must hold (none: any version)
 * @param url        the direct reference after {@code @}, if any
 * @param marker     the environment marker after {@code ;}, if any
 */
record Requirement(String name, Set<String> extras, List<Specifier> specifiers, Optional<String> url, Optional<String> marker) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern CLAUSE = Pattern.compile("\\s*(===|~=|==|!=|<=|>=|<|>)\\s*([^,;\\s)]+)\\s*");

    /**
     * One clause, e.g. {@code >=2.8.1}.
     *
     * @param op      the operator
     * @param version the version (or prefix {@code 2.8.*}) it compares with
     */
    record Specifier(String op, String version) {

        boolean allows(String candidate) {
            return Versions.satisfies(candidate, op, version);
        }

        /** Whether it names a pre-release ({@code >=2.0a1}), which lets pre-releases it allows be chosen. */
        boolean namesPrerelease() {
            String v = version.endsWith(".*") ? version.substring(0, version.length() - 2) : version;
            return !op.equals("!=") && Versions.parse(v).filter(Versions.Version::isPrerelease).isPresent();
        }

        @Override
        public String toString() {
            return op + version;
        }
    }

    Requirement {
        extras = Collections.unmodifiableSet(new TreeSet<>(extras));
        specifiers = List.copyOf(specifiers);
    }

    /** As a requirement is written, without its marker: {@code requests[security]>=2.8.1,==2.8.*}. */
    @Override
    public String toString() {
        return name + (extras.isEmpty() ? "" : "[" + String.join(",", extras) + "]")
                + String.join(",", specifiers.stream().map(Specifier::toString).toList()) + url.map(u -> " @ " + u).orElse("");
    }

    /** The project as PEP 503 compares it. */
    String normalizedName() {
        return WheelName.normalize(name);
    }

    /** Reads one requirement; what is not PEP 508 is an {@link IllegalArgumentException} naming the requirement and the fault. */
    static Requirement parse(String text) {
        String s = text.strip();
        Matcher n = NAME.matcher(s);
        if (!n.lookingAt()) {
            throw wrong(text, "it does not start with a project name");
        }
        String name = n.group();
        int at = skipSpace(s, n.end());
        Set<String> extras = new TreeSet<>();
        if (at < s.length() && s.charAt(at) == '[') {
            int close = s.indexOf(']', at);
            if (close < 0) {
                throw wrong(text, "its extras have no closing ]");
            }
            for (String e : s.substring(at + 1, close).split(",", -1)) {
                String extra = e.strip();
                if (extra.isEmpty() && s.substring(at + 1, close).isBlank()) {
                    break; // name[] asks for no extra
                }
                if (!NAME.matcher(extra).matches()) {
                    throw wrong(text, "'" + extra + "' is not an extra's name");
                }
                extras.add(WheelName.normalize(extra));
            }
            at = skipSpace(s, close + 1);
        }
        Optional<String> url = Optional.empty();
        List<Specifier> specifiers = new ArrayList<>();
        String rest = s.substring(at);
        if (rest.startsWith("@")) {
            // a URL may hold ';': its marker starts at a ';' after white space
            Matcher m = Pattern.compile("\\s;").matcher(rest);
            int end = m.find() ? m.start() : rest.length();
            String u = rest.substring(1, end).strip();
            if (u.isEmpty() || u.chars().anyMatch(Character::isWhitespace)) {
                throw wrong(text, "'@' is followed by no URL");
            }
            url = Optional.of(u);
            rest = rest.substring(end).strip();
        } else {
            int semi = rest.indexOf(';');
            String spec = (semi < 0 ? rest : rest.substring(0, semi)).strip();
            rest = semi < 0 ? "" : rest.substring(semi);
            if (spec.startsWith("(")) {
                if (!spec.endsWith(")")) {
                    throw wrong(text, "its version specifiers open a ( they do not close");
                }
                spec = spec.substring(1, spec.length() - 1);
            }
            if (!spec.isBlank()) {
                for (String clause : spec.split(",", -1)) {
                    Matcher c = CLAUSE.matcher(clause);
                    if (!c.matches() || !Versions.isSpecifier(c.group(1), c.group(2))) {
                        throw wrong(text, "'" + clause.strip() + "' is not a version specifier (e.g. >=1.0, ~=2.2, ==1.4.*)");
                    }
                    specifiers.add(new Specifier(c.group(1), c.group(2)));
                }
            }
        }
        Optional<String> marker = Optional.empty();
        if (!rest.isEmpty()) {
            if (!rest.startsWith(";") || rest.substring(1).isBlank()) {
                throw wrong(text, rest.startsWith(";") ? "its ';' is followed by no marker" : "'" + rest + "' follows the version");
            }
            String m = rest.substring(1).strip();
            try {
                Markers.evaluate(m, Markers.pyodide("3.12.0", "emscripten_3_1_58")); // an unreadable marker fails here
            } catch (IllegalArgumentException e) {
                throw wrong(text, "its marker: " + e.getMessage());
            }
            marker = Optional.of(m);
        }
        return new Requirement(name, extras, specifiers, url, marker);
    }

    /**
     * Whether {@code candidate} meets every specifier. A pre-release is allowed only with {@code prereleases}
     * or when a specifier names a pre-release, as PEP 440 has it (a resolver passes {@code prereleases} when
     * nothing else would do).
     */
    boolean allows(String candidate, boolean prereleases) {
        boolean pre = Versions.parse(candidate).filter(Versions.Version::isPrerelease).isPresent();
        if (pre && !prereleases && specifiers.stream().noneMatch(Specifier::namesPrerelease)) {
            return false;
        }
        return specifiers.stream().allMatch(sp -> sp.allows(candidate));
    }

    /** Whether it applies in {@code env} when the requiring project was asked for {@code extra} (empty: none). */
    boolean appliesIn(Map<String, String> env, String extra) {
        if (marker.isEmpty()) {
            return true;
        }
        Map<String, String> withExtra = new HashMap<>(env);
        withExtra.put("extra", extra);
        return Markers.evaluate(marker.get(), withExtra);
    }

    private static int skipSpace(String s, int at) {
        while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
            at++;
        }
        return at;
    }

    private static IllegalArgumentException wrong(String text, String why) {
        return new IllegalArgumentException("'" + text.strip() + "' is not a PEP 508 requirement: " + why);
    }
}
