package dev.jlite.addon.piplite;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 versions: parsed, normalized and ordered (epoch, release, pre-, post- and dev-releases, local labels), and
 * the version specifiers ({@code ==}, {@code !=}, {@code <=}, {@code >=}, {@code <}, {@code >}, {@code ~=},
 * {@code ===}, {@code ==X.*}) that markers and requirements use.
 */
final class Versions {

    /** ASCII only: {@code [0-9]} and Java's default ASCII-only case folding, so no other script's digits or letters pass. */
    private static final Pattern VERSION = Pattern.compile("v?(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)"
            + "(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?"
            + "(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?"
            + "(?:[-_.]?(dev)[-_.]?([0-9]+)?)?"
            + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?", Pattern.CASE_INSENSITIVE);

    private Versions() {
    }

    /**
     * One version. {@code pre} is {@code a}, {@code b} or {@code rc} (or null) with its number; {@code post} and
     * {@code dev} are null when absent; {@code local} is empty when absent, its parts lower-cased.
     */
    record Version(long epoch, List<Long> release, String pre, long preNumber, Long post, Long dev, List<String> local)
            implements Comparable<Version> {

        Version {
            release = List.copyOf(release);
            local = List.copyOf(local);
        }

        boolean isPrerelease() {
            return pre != null || dev != null;
        }

        boolean isPostrelease() {
            return post != null;
        }

        /** The version without its local label. */
        Version publicVersion() {
            return new Version(epoch, release, pre, preNumber, post, dev, List.of());
        }

        /** Epoch and release only. */
        Version baseVersion() {
            return new Version(epoch, release, null, 0, null, null, List.of());
        }

        /** The release padded with zeros (or cut) to {@code n} parts. */
        List<Long> release(int n) {
            List<Long> out = new ArrayList<>(release.subList(0, Math.min(n, release.size())));
            while (out.size() < n) {
                out.add(0L);
            }
            return out;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            if (epoch != 0) {
                b.append(epoch).append('!');
            }
            b.append(String.join(".", release.stream().map(String::valueOf).toList()));
            if (pre != null) {
                b.append(pre).append(preNumber);
            }
            if (post != null) {
                b.append(".post").append(post);
            }
            if (dev != null) {
                b.append(".dev").append(dev);
            }
            if (!local.isEmpty()) {
                b.append('+').append(String.join(".", local));
            }
            return b.toString();
        }

        @Override
        public int compareTo(Version o) {
            int c = Long.compare(epoch, o.epoch);
            if (c == 0) {
                int n = Math.max(release.size(), o.release.size()); // 1.0 == 1.0.0
                List<Long> a = release(n);
                List<Long> b = o.release(n);
                for (int i = 0; c == 0 && i < n; i++) {
                    c = Long.compare(a.get(i), b.get(i));
                }
            }
            if (c == 0) {
                c = Long.compare(preKey(), o.preKey());
            }
            if (c == 0) {
                c = Long.compare(post == null ? -1 : post, o.post == null ? -1 : o.post);
            }
            if (c == 0) {
                c = Long.compare(dev == null ? Long.MAX_VALUE : dev, o.dev == null ? Long.MAX_VALUE : o.dev);
            }
            return c != 0 ? c : compareLocal(local, o.local);
        }

        /** A dev-release of a final comes before its pre-releases; a final after them. */
        private long preKey() {
            if (pre == null) {
                return post == null && dev != null ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            long rank = switch (pre) {
                case "a" -> 0;
                case "b" -> 1;
                default -> 2;
            };
            return rank * (1L << 40) + preNumber;
        }

        /** No label sorts first; part by part, a number beats letters, and letters compare as text; a longer label wins ties. */
        private static int compareLocal(List<String> a, List<String> b) {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                boolean na = isNumber(a.get(i));
                boolean nb = isNumber(b.get(i));
                int c = na && nb ? new BigInteger(a.get(i)).compareTo(new BigInteger(b.get(i)))
                        : na != nb ? (na ? 1 : -1) : a.get(i).compareTo(b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Version v && compareTo(v) == 0;
        }

        @Override
        public int hashCode() {
            List<Long> trimmed = new ArrayList<>(release);
            while (trimmed.size() > 1 && trimmed.get(trimmed.size() - 1) == 0) {
                trimmed.remove(trimmed.size() - 1);
            }
            return Objects.hash(epoch, trimmed, pre, preNumber, post, dev,
                    local.stream().map(p -> isNumber(p) ? new BigInteger(p).toString() : p).toList());
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The version {@code s} (surrounding white space of any script ignored), or empty if it is not a PEP 440 version. */
    static Optional<Version> parse(String s) {
        Matcher m = VERSION.matcher(strip(s));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            List<Long> release = new ArrayList<>();
            for (String p : m.group(2).split("\\.")) {
                release.add(Long.parseLong(p));
            }
            String pre = m.group(3) == null ? null : switch (m.group(3).toLowerCase(Locale.ROOT)) {
                case "a", "alpha" -> "a";
                case "b", "beta" -> "b";
                default -> "rc"; // c, rc, pre, preview
            };
            Long post = m.group(5) != null ? Long.valueOf(m.group(5)) : m.group(6) != null ? number(m.group(7)) : null;
            Long dev = m.group(8) != null ? number(m.group(9)) : null;
            List<String> local = m.group(10) == null ? List.of()
                    : List.of(m.group(10).toLowerCase(Locale.ROOT).split("[-_.]"));
            return Optional.of(new Version(m.group(1) == null ? 0 : Long.parseLong(m.group(1)), release, pre,
                    pre == null ? 0 : number(m.group(4)), post, dev, local));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static Version version(String s) {
        return parse(s).orElseThrow(() -> new IllegalArgumentException("not a PEP 440 version: " + s));
    }

    static boolean isVersion(String s) {
        return parse(s).isPresent();
    }

    /** Orders two versions as PEP 440 does; either not a version is an {@link IllegalArgumentException}. */
    static int compare(String a, String b) {
        return version(a).compareTo(version(b));
    }

    /** The normalized form: {@code 1.0-5} is {@code 1.0.post5}, {@code 00!1.01C1} is {@code 1.1rc1}. */
    static String normalized(String s) {
        return version(s).toString();
    }

    /** Whether the specifier (one operator and its version, e.g. {@code ~=2.2} or {@code ==1.4.*}) is well formed. */
    static boolean isSpecifier(String op, String spec) {
        String s = strip(spec);
        return switch (op) {
            case "===" -> !s.isEmpty() && s.chars().noneMatch(Character::isWhitespace);
            case "==", "!=" -> s.endsWith(".*") ? parse(s.substring(0, s.length() - 2))
                    .filter(v -> v.equals(v.baseVersion()) && v.local().isEmpty()).isPresent() : isVersion(s);
            case "~=" -> parse(s).filter(v -> v.local().isEmpty() && v.release().size() >= 2).isPresent();
            case "<=", ">=", "<", ">" -> parse(s).filter(v -> v.local().isEmpty()).isPresent();
            default -> false;
        };
    }

    /**
     * Whether {@code candidate} satisfies {@code op spec}, pre-releases allowed (as markers compare them). A candidate
     * that is not a version satisfies only {@code ===} of its own text; a malformed specifier is an
     * {@link IllegalArgumentException}.
     */
    static boolean satisfies(String candidate, String op, String spec) {
        if (!isSpecifier(op, spec)) {
            throw new IllegalArgumentException("not a version specifier: " + op + spec);
        }
        String s = strip(spec);
        if (op.equals("===")) {
            return strip(candidate).equalsIgnoreCase(s);
        }
        Optional<Version> parsed = parse(candidate);
        if (parsed.isEmpty()) {
            return false;
        }
        Version v = parsed.get();
        return switch (op) {
            case "==" -> equal(v, s);
            case "!=" -> !equal(v, s);
            case "<=" -> v.publicVersion().compareTo(version(s)) <= 0;
            case ">=" -> v.publicVersion().compareTo(version(s)) >= 0;
            case "<" -> less(v, version(s));
            case ">" -> greater(v, version(s));
            default -> compatible(v, version(s)); // ~=
        };
    }

    private static boolean equal(Version v, String spec) {
        if (spec.endsWith(".*")) { // a prefix of epoch and release only: 2.0a1 and 2.0.post1 match ==2.*
            Version prefix = version(spec.substring(0, spec.length() - 2));
            return v.epoch() == prefix.epoch() && v.release(prefix.release().size()).equals(prefix.release());
        }
        Version want = version(spec);
        return want.local().isEmpty() ? v.publicVersion().equals(want) : v.equals(want);
    }

    /**
     * {@code <V}: below V, and not a pre-release of V itself unless V is one: below 2.0 is not 2.0a1 (nor 2.0a1.post1),
     * below 1.0.post1 is not 1.0.post1.dev0, but is 1.0rc1.
     */
    private static boolean less(Version v, Version spec) {
        if (v.publicVersion().compareTo(spec) >= 0) {
            return false;
        }
        if (spec.isPrerelease() || !v.baseVersion().equals(spec.baseVersion())) {
            return true;
        }
        boolean preOfSpec = spec.post() == null ? v.isPrerelease()
                : v.pre() == null && v.dev() != null && spec.post().equals(v.post());
        return !preOfSpec;
    }

    /**
     * {@code >V}: above V, and not a post-release of V itself unless V is one: above 1.0 is not 1.0.post1, above 1.0a1
     * is not 1.0a1.post0, but above 1.0.dev1 is 1.0.post0. A local build of V is V, so not above it.
     */
    private static boolean greater(Version v, Version spec) {
        if (v.publicVersion().compareTo(spec) <= 0) {
            return false;
        }
        if (spec.isPostrelease() || !v.isPostrelease()) {
            return true;
        }
        return !new Version(v.epoch(), v.release(), v.pre(), v.preNumber(), null, null, List.of()).equals(spec);
    }

    /** {@code ~=2.2.1}: at least 2.2.1 and {@code ==2.2.*}. */
    private static boolean compatible(Version v, Version spec) {
        if (v.publicVersion().compareTo(spec) < 0) {
            return false;
        }
        List<Long> prefix = spec.release().subList(0, spec.release().size() - 1);
        return v.epoch() == spec.epoch() && v.release(prefix.size()).equals(prefix);
    }
}
