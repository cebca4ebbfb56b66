package dev.jlite.core.internal.audit;

import java.util.Locale;

/**
 * References to other hosts in CSS, read with a small tokenizer (comments, strings and escapes as CSS
 * has them): every {@code url(…)} and {@code src(…)}, the string of an {@code @import}, and the strings
 * of an {@code image-set(…)}. Those are the places a style makes the browser load something; the
 * {@code url()} of an {@code @namespace} names an XML namespace, and is not one.
 */
final class CssScan {

    private final String css;
    private final Lines lines;
    private final Sink sink;
    private int i;

    private CssScan(CharSequence css, int firstLine, Sink sink) {
        this.css = css.toString();
        this.lines = new Lines(css, firstLine);
        this.sink = sink;
    }

    static void scan(CharSequence css, int firstLine, Sink sink) {
        new CssScan(css, firstLine, sink).run();
    }

    private void run() {
        boolean importing = false;
        boolean namespace = false; // @namespace url(...) names an XML namespace, and loads nothing
        int imageSetDepth = 0;
        int depth = 0;
        while (i < css.length()) {
            char c = css.charAt(i);
            if (c == '/' && next(1) == '*') {
                int end = css.indexOf("*/", i + 2);
                i = end < 0 ? css.length() : end + 2;
            } else if (c == '"' || c == '\'') {
                int start = i;
                String text = string(c);
                if ((importing || imageSetDepth > 0) && !namespace) {
                    report(start, importing ? "@import" : "image-set()", text);
                    importing = false;
                }
            } else if (c == '@') {
                i++;
                String rule = ident();
                importing = rule.equalsIgnoreCase("import");
                namespace = rule.equalsIgnoreCase("namespace");
            } else if (identStart(c)) {
                int before = i;
                String name = ident().toLowerCase(Locale.ROOT);
                if (i == before) {
                    i++; // a backslash that escapes nothing (the end of the text, or a newline)
                } else if (i < css.length() && css.charAt(i) == '(') {
                    i++;
                    depth++;
                    if (name.equals("url") || name.equals("src")) {
                        int start = i;
                        String url = urlBody();
                        if (!namespace) {
                            report(start, name + "()", url);
                        }
                        depth--;
                        importing = false;
                    } else if (name.endsWith("image-set")) {
                        imageSetDepth = depth;
                    }
                }
            } else {
                if (c == ')') {
                    if (depth == imageSetDepth) {
                        imageSetDepth = 0;
                    }
                    depth = Math.max(0, depth - 1);
                } else if (c == ';' || c == '{' || c == '}') {
                    importing = false;
                    namespace = false;
                }
                i++;
            }
        }
    }

    private void report(int at, String what, String url) {
        if (Hosts.outside(url)) {
            sink.found(lines.at(at), what, url.strip());
        }
    }

    private char next(int ahead) {
        return i + ahead < css.length() ? css.charAt(i + ahead) : 0;
    }

    private static boolean identStart(char c) {
        return Character.isLetter(c) || c == '-' || c == '_' || c == '\\' || c > 0x7f;
    }

    /** An identifier (escapes decoded), from {@code i}. */
    private String ident() {
        StringBuilder out = new StringBuilder();
        while (i < css.length()) {
            char c = css.charAt(i);
            if (c == '\\' && i + 1 < css.length() && css.charAt(i + 1) != '\n') {
                i++;
                escape(out);
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c > 0x7f) {
                out.append(c);
                i++;
            } else {
                break;
            }
        }
        return out.toString();
    }

    /** A string opened by {@code quote} at {@code i}, escapes decoded; {@code i} ends past it. */
    private String string(char quote) {
        StringBuilder out = new StringBuilder();
        i++;
        while (i < css.length()) {
            char c = css.charAt(i);
            if (c == quote) {
                i++;
                break;
            } else if (c == '\n') {
                break; // a bad string: it ends at the line
            } else if (c == '\\' && i + 1 < css.length()) {
                i++;
                if (css.charAt(i) == '\n') {
                    i++;
                } else {
                    escape(out);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The inside of {@code url(}, from {@code i} to its {@code )}: quoted or not, escapes decoded. */
    private String urlBody() {
        while (i < css.length() && Character.isWhitespace(css.charAt(i))) {
            i++;
        }
        String url;
        if (i < css.length() && (css.charAt(i) == '"' || css.charAt(i) == '\'')) {
            url = string(css.charAt(i));
        } else {
            StringBuilder out = new StringBuilder();
            while (i < css.length() && css.charAt(i) != ')') {
                if (css.charAt(i) == '\\' && i + 1 < css.length()) {
                    i++;
                    escape(out);
                } else {
                    out.append(css.charAt(i++));
                }
            }
            url = out.toString();
        }
        while (i < css.length() && css.charAt(i) != ')') {
            i++;
        }
        i = Math.min(css.length(), i + 1);
        return url;
    }

    /** A CSS escape after its backslash: up to six hex digits and one blank, or the character itself. */
    private void escape(StringBuilder out) {
        int start = i;
        while (i < css.length() && i - start < 6 && Character.digit(css.charAt(i), 16) >= 0) {
            i++;
        }
        if (i > start) {
            int cp = Integer.parseInt(css.subSequence(start, i).toString(), 16);
            out.appendCodePoint(cp == 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF) ? 0xFFFD : cp);
            if (i < css.length() && Character.isWhitespace(css.charAt(i))) {
                i++;
            }
        } else if (i < css.length()) {
            out.append(css.charAt(i++));
        }
    }
}
