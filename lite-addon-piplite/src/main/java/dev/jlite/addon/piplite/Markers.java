package dev.jlite.addon.piplite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PEP 508 environment markers ({@code python_version >= "3.8" and sys_platform != "win32"}), evaluated
 * against a fixed environment, e.g. Pyodide's. A comparison whose right side is a version compares as PEP 440
 * specifiers do, the rest as text; {@code extra} is empty (extras are not installed).
 */
final class Markers {

    /** The PEP 345 and setuptools spellings still met in old metadata. */
    private static final Map<String, String> ALIASES = Map.of("os.name", "os_name", "sys.platform", "sys_platform",
            "platform.version", "platform_version", "platform.machine", "platform_machine",
            "platform.python_implementation", "platform_python_implementation",
            "python_implementation", "platform_python_implementation");

    private final Map<String, String> env;
    private List<String> tokens;
    private int at;

    private Markers(Map<String, String> env) {
        this.env = env;
    }

    /** The environment of a Pyodide distribution with the given Python version and Emscripten platform. */
    static Map<String, String> pyodide(String python, String platform) {
        String[] parts = python.split("\\.");
        String shortVersion = parts.length >= 2 ? parts[0] + "." + parts[1] : python;
        String emscripten = platform.startsWith("emscripten_") ? platform.substring("emscripten_".length()).replace('_', '.') : "";
        return Map.ofEntries(
                Map.entry("os_name", "posix"),
                Map.entry("sys_platform", "emscripten"),
                Map.entry("platform_machine", "wasm32"),
                Map.entry("platform_python_implementation", "CPython"),
                Map.entry("platform_release", emscripten),
                Map.entry("platform_system", "Emscripten"),
                Map.entry("platform_version", ""),
                Map.entry("python_version", shortVersion),
                Map.entry("python_full_version", python),
                Map.entry("implementation_name", "cpython"),
                Map.entry("implementation_version", python),
                Map.entry("extra", ""));
    }

    /** Whether {@code marker} holds in {@code env}; an unparsable marker is an {@link IllegalArgumentException}. */
    static boolean evaluate(String marker, Map<String, String> env) {
        Markers m = new Markers(env);
        m.tokens = tokenize(marker);
        m.at = 0;
        boolean result = m.or();
        if (m.at != m.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + m.tokens.get(m.at) + "' in marker: " + marker);
        }
        return result;
    }

    private boolean or() {
        boolean value = and();
        while (peek("or")) {
            at++;
            boolean right = and();
            value = value || right;
        }
        return value;
    }

    private boolean and() {
        boolean value = atom();
        while (peek("and")) {
            at++;
            boolean right = atom();
            value = value && right;
        }
        return value;
    }

    private boolean atom() {
        if (peek("(")) {
            at++;
            boolean value = or();
            expect(")");
            return value;
        }
        String leftToken = next();
        String op = next();
        if (op.equals("not")) {
            expect("in");
            op = "not in";
        }
        String rightToken = next();
        String left = value(leftToken);
        String right = value(rightToken);
        if (isExtra(leftToken) || isExtra(rightToken)) {
            left = normalizeExtra(left);
            right = normalizeExtra(right);
        }
        return compare(left, op, right);
    }

    private String value(String token) {
        if (token.startsWith("\"") || token.startsWith("'")) {
            return token.substring(1, token.length() - 1);
        }
        String v = env.get(ALIASES.getOrDefault(token, token));
        if (v == null) {
            throw new IllegalArgumentException("unknown marker variable " + token);
        }
        return v;
    }

    private static boolean isExtra(String token) {
        return token.equals("extra");
    }

    /** PEP 685: extras compare lower-cased, with each run of {@code -_.} as one {@code -}. */
    private static String normalizeExtra(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /**
     * As PEP 508 and the {@code packaging} library evaluate: a version specifier when the right side makes one
     * (pre-releases allowed), else text: {@code in}, equality, and the ordered operators holding only for equal text
     * with {@code <=} and {@code >=}; {@code ~=} on text is undefined.
     */
    private static boolean compare(String left, String op, String right) {
        switch (op) {
            case "in":
                return right.contains(left);
            case "not in":
                return !right.contains(left);
            default:
                break;
        }
        if (Versions.isSpecifier(op, right)) {
            return Versions.satisfies(left, op, right);
        }
        return switch (op) {
            case "==", "===" -> left.equals(right);
            case "!=" -> !left.equals(right);
            case "<=", ">=" -> left.equals(right);
            case "<", ">" -> false;
            case "~=" -> throw new IllegalArgumentException("~= needs versions, not '" + left + "' and '" + right + "'");
            default -> throw new IllegalArgumentException("unknown marker operator " + op);
        };
    }

    private boolean peek(String token) {
        return at < tokens.size() && tokens.get(at).equals(token);
    }

    private String next() {
        if (at >= tokens.size()) {
            throw new IllegalArgumentException("the marker ends too early");
        }
        return tokens.get(at++);
    }

    private void expect(String token) {
        if (!peek(token)) {
            throw new IllegalArgumentException("expected '" + token + "'");
        }
        at++;
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '"' || c == '\'') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated string in marker: " + s);
                }
                out.add(s.substring(i, end + 1));
                i = end + 1;
            } else if ("<>=!~".indexOf(c) >= 0) {
                int j = i;
                while (j < s.length() && "<>=!~".indexOf(s.charAt(j)) >= 0) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()<>=!~\"'".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }
}
