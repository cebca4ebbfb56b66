package dev.jlite.addon.piplite;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Enough of PEP 440 to compare the versions markers name: release numbers, then pre-, post- and dev-releases. */
final class Versions {

    private static final Pattern VERSION = Pattern.compile(
            "v?(\\d+(?:\\.\\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d*))?(?:[-_.]?(post|rev|r)[-_.]?(\\d*))?"
                    + "(?:[-_.]?(dev)[-_.]?(\\d*))?(?:\\+.*)?", Pattern.CASE_INSENSITIVE);

    private Versions() {
    }

    static boolean isVersion(String s) {
        return VERSION.matcher(s.trim().replaceFirst("\\.\\*$", "")).matches();
    }

    static int compare(String a, String b) {
        Matcher x = match(a);
        Matcher y = match(b);
        List<Integer> ra = release(x.group(1));
        List<Integer> rb = release(y.group(1));
        for (int i = 0; i < Math.max(ra.size(), rb.size()); i++) {
            int c = Integer.compare(i < ra.size() ? ra.get(i) : 0, i < rb.size() ? rb.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return Long.compare(rank(x), rank(y));
    }

    /** Orders what follows the release: dev < pre < final < post. */
    private static long rank(Matcher m) {
        long pre = m.group(2) == null ? 4_000_000 : preRank(m.group(2)) * 1_000_000 + num(m.group(3));
        long post = m.group(4) == null ? 0 : 1 + num(m.group(5));
        long dev = m.group(6) == null ? 1 : 0;
        if (m.group(6) != null && m.group(2) == null && m.group(4) == null) {
            pre = 0; // 1.0.dev1 comes before 1.0a1
        }
        return pre * 10_000 + post * 10 + dev;
    }

    private static long preRank(String p) {
        return switch (p.toLowerCase()) {
            case "a", "alpha" -> 1;
            case "b", "beta" -> 2;
            default -> 3; // c, rc, pre, preview
        };
    }

    private static long num(String s) {
        return s == null || s.isEmpty() ? 0 : Long.parseLong(s);
    }

    static boolean prefixMatch(String version, String prefix) {
        List<Integer> v = release(match(version).group(1));
        List<Integer> p = release(prefix.substring(0, prefix.length() - 2));
        for (int i = 0; i < p.size(); i++) {
            if ((i < v.size() ? v.get(i) : 0) != p.get(i).intValue()) {
                return false;
            }
        }
        return true;
    }

    /** {@code ~=}: same release but for the last given component. */
    static boolean compatible(String version, String spec) {
        List<Integer> p = release(match(spec).group(1));
        if (p.size() < 2) {
            return true;
        }
        List<Integer> v = release(match(version).group(1));
        for (int i = 0; i < p.size() - 1; i++) {
            if ((i < v.size() ? v.get(i) : 0) != p.get(i).intValue()) {
                return false;
            }
        }
        return true;
    }

    private static Matcher match(String s) {
        Matcher m = VERSION.matcher(s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a version: " + s);
        }
        return m;
    }

    private static List<Integer> release(String dotted) {
        List<Integer> out = new ArrayList<>();
        for (String p : dotted.split("\\.")) {
            out.add(Integer.parseInt(p));
        }
        return out;
    }
}
