package dev.jlite.core.internal.config;

import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code jupyter_lite_config.py} read, not run: the traitlets form {@code c.Class.trait = value}, with Python
 * literals (strings, numbers, {@code True}/{@code False}/{@code None}, lists, tuples, dicts) and
 * {@code Path('...')} for paths, after {@code c = get_config()} and {@code from pathlib import Path}. Anything
 * else is refused with its line, so that nothing a file asks for is silently skipped.
 */
final class PythonConfig {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern ASSIGN = Pattern.compile("c\\.([A-Za-z_]\\w*)\\.([A-Za-z_]\\w*)\\s*=\\s*(.*)", Pattern.DOTALL);
    private static final List<Pattern> ALLOWED = List.of(
            Pattern.compile("c\\s*=\\s*get_config\\(\\s*\\)"),
            Pattern.compile("from\\s+pathlib\\s+import\\s+Path"),
            Pattern.compile("import\\s+pathlib"));

    private final String text;
    private final String where;
    private int pos;

    private PythonConfig(String text, String where) {
        this.text = text;
        this.where = where;
    }

    /** The settings of the file as a configuration document, {@code {"Class": {"trait": value}}}. */
    static ObjectNode read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LiteException("cannot read " + file + ": " + e.getMessage(), file.toString(), e);
        }
        ObjectNode root = NODES.objectNode();
        for (int i = 0; i < lines.size(); i++) {
            int first = i;
            StringBuilder statement = new StringBuilder(stripComment(lines.get(i)));
            // a value may go on over lines while a bracket is open
            while (depth(statement) > 0 && i + 1 < lines.size()) {
                statement.append('\n').append(stripComment(lines.get(++i)));
            }
            String s = statement.toString().strip();
            if (s.isEmpty() || ALLOWED.stream().anyMatch(p -> p.matcher(s).matches())) {
                continue;
            }
            String at = file + ":" + (first + 1);
            Matcher m = ASSIGN.matcher(s);
            if (!m.matches()) {
                throw refused(at, s);
            }
            PythonConfig parser = new PythonConfig(m.group(3), at);
            JsonNode value = parser.value();
            parser.space();
            if (parser.pos != parser.text.length()) {
                throw refused(at, s);
            }
            root.withObjectProperty(m.group(1)).set(m.group(2), value);
        }
        return root;
    }

    private static LiteException refused(String at, String statement) {
        String shown = statement.length() > 80 ? statement.substring(0, 77) + "..." : statement;
        return new LiteException(at + ": jlite reads jupyter_lite_config.py as settings, c.Class.trait = value with Python "
                + "literals and Path('...'), and does not run other code such as `" + shown.replace('\n', ' ') + "`; put "
                + "that setting in jupyter_lite_config.json", at, null);
    }

    /** The line without a {@code #} comment outside strings. */
    private static String stripComment(String line) {
        int[] cut = {line.length()};
        outsideStrings(line, i -> {
            if (line.charAt(i) == '#') {
                cut[0] = i;
                return false;
            }
            return true;
        });
        return line.substring(0, cut[0]);
    }

    /** How many brackets are open at the end of {@code s}, outside strings. */
    private static int depth(CharSequence s) {
        int[] depth = {0};
        outsideStrings(s, i -> {
            char ch = s.charAt(i);
            depth[0] += "([{".indexOf(ch) >= 0 ? 1 : ")]}".indexOf(ch) >= 0 ? -1 : 0;
            return true;
        });
        return depth[0];
    }

    /** Calls {@code each} with the index of every character outside a quoted string, until it returns false. */
    private static void outsideStrings(CharSequence s, IntPredicate each) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == '\\') {
                    i++;
                } else if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (!each.test(i)) {
                return;
            }
        }
    }

    private JsonNode value() {
        space();
        if (pos >= text.length()) {
            throw fail("a value is missing");
        }
        char ch = text.charAt(pos);
        if (ch == '\'' || ch == '"') {
            return NODES.stringNode(string());
        }
        if (ch == '[' || ch == '(') {
            return sequence(ch == '[' ? ']' : ')');
        }
        if (ch == '{') {
            return dict();
        }
        for (String call : List.of("pathlib.Path(", "Path(")) {
            if (text.startsWith(call, pos)) {
                pos += call.length();
                space();
                String path = string();
                space();
                expect(')');
                return NODES.stringNode(path);
            }
        }
        Matcher word = Pattern.compile("True|False|None|-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?").matcher(text).region(pos, text.length());
        if (word.lookingAt()) {
            String w = word.group();
            pos = word.end();
            return switch (w) {
                case "True" -> NODES.booleanNode(true);
                case "False" -> NODES.booleanNode(false);
                case "None" -> NODES.nullNode();
                default -> w.contains(".") || w.contains("e") || w.contains("E") ? NODES.numberNode(Double.parseDouble(w))
                        : NODES.numberNode(Long.parseLong(w));
            };
        }
        throw fail("not a literal jlite reads");
    }

    private ArrayNode sequence(char close) {
        ArrayNode out = NODES.arrayNode();
        items(close, () -> out.add(value()));
        return out;
    }

    private ObjectNode dict() {
        ObjectNode out = NODES.objectNode();
        items('}', () -> {
            String key = string();
            space();
            expect(':');
            out.set(key, value());
        });
        return out;
    }

    /** Reads the comma-separated items of a bracket, from its opening to {@code close}; a trailing comma is allowed. */
    private void items(char close, Runnable item) {
        pos++;
        while (true) {
            space();
            if (pos < text.length() && text.charAt(pos) == close) {
                pos++;
                return;
            }
            item.run();
            space();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else {
                expect(close);
                return;
            }
        }
    }

    private String string() {
        if (pos >= text.length() || text.charAt(pos) != '\'' && text.charAt(pos) != '"') {
            throw fail("a quoted string is expected");
        }
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != quote) {
            char ch = text.charAt(pos++);
            if (ch == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                out.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                out.append(ch);
            }
        }
        expect(quote);
        return out.toString();
    }

    private void expect(char ch) {
        if (pos >= text.length() || text.charAt(pos) != ch) {
            throw fail("'" + ch + "' is expected");
        }
        pos++;
    }

    private void space() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private LiteException fail(String why) {
        return new LiteException(where + ": " + why + " at `" + text.substring(pos, Math.min(text.length(), pos + 30)).strip()
                + "`; jlite reads Python literals and Path('...') in jupyter_lite_config.py (or put the setting in "
                + "jupyter_lite_config.json)", where, null);
    }
}
