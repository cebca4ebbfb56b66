package dev.jlite.core.internal.audit;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References to other hosts in JavaScript: string literals of every quote kind (a template literal up to
 * its first {@code ${}) whose text, escapes decoded, starts with a network scheme in any case or with
 * {@code //}. Bundles hold many URLs that nothing fetches (links for people, XML namespaces, schema ids),
 * so a string counts only when a browser would load it:
 * <ol>
 * <li>it is a socket ({@code ws:}, {@code wss:}); or</li>
 * <li>it is what a loading call or statement is given: {@code import(…)}, {@code import … from},
 *     {@code importScripts(…)}, {@code new Worker(…)}, {@code new SharedWorker(…)}, {@code fetch(…)},
 *     {@code new WebSocket(…)}, {@code new EventSource(…)}, {@code sendBeacon(…)}, {@code register(…)}, {@code @import}
 *     (a service worker), {@code .src = …}, a {@code src:} property; or</li>
 * <li>its path ends with the extension of something loaded: code, styles, fonts, images, media,
 *     WebAssembly, data, wheels and archives.</li>
 * </ol>
 * Styles written into code (as CSS loaders emit them) count as styles do: a {@code url(…)} or an
 * {@code @import} inside a string.
 * A string of none of these kinds is taken for a link, which a person follows or not. A host of one label
 * ({@code ws://jupyter-lsp}) is a placeholder in code, not a host, and a line that is a comment is not code.
 */
final class ScriptScan {

    /**
     * A quote, a URL-looking start, then anything but quotes and blanks (possessive: a long string does not
     * recurse) up to the same quote or a {@code ${}.
     */
    private static final Pattern STRING = Pattern.compile(
            "([\"'`])((?:[A-Za-z][A-Za-z0-9+.-]{0,15}:)?(?:\\\\?/){2}(?:[^\"'`\\s\\\\$]++|\\\\\\S|\\$(?!\\{))*+)(\\1|\\$\\{)");
    /** A CSS url() in a string of code, from its opening parenthesis (its quote, if any, escaped or not). */
    private static final Pattern CSS_URL = Pattern.compile("(?i)url\\(\\s*(?:\\\\?[\"'])?$");
    private static final Set<String> LOADED = Set.of("js", "mjs", "cjs", "wasm", "css", "woff", "woff2", "ttf", "otf", "eot",
            "whl", "zip", "tgz", "gz", "bz2", "tar", "data", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "bmp",
            "mp3", "mp4", "webm", "ogg", "wav", "m4a");
    private static final String[] CALLS = {"import(", "importScripts(", "Worker(", "SharedWorker(", "fetch(", "WebSocket(",
        "EventSource(", "sendBeacon(", "register(", ".src=", "src:", "\"src\":", "'src':", "@import", "url("};
    private static final String[] KEYWORDS = {"from", "import"};

    private final String text;
    private final Lines lines;
    private final boolean byExtension;
    private final Sink sink;
    /** The line last asked about by {@link #inComment}, and where the first block comment closing on it ends. */
    private int commentLine = -1;
    private int commentEnd;
    private boolean commentLineOpens;

    private ScriptScan(String text, int firstLine, boolean byExtension, Sink sink) {
        this.text = text;
        this.lines = new Lines(text, firstLine);
        this.byExtension = byExtension;
        this.sink = sink;
    }

    static void scan(CharSequence code, int firstLine, Sink sink) {
        scan(code, firstLine, true, sink);
    }

    /**
     * The references of a script file, read as UTF-8 bytes. The bytes are scanned one char each (every
     * delimiter the scan looks for is ASCII, which UTF-8 never uses inside another character), so that a
     * bundle of megabytes is not decoded; the URLs found are.
     */
    static void scanUtf8(byte[] bytes, boolean byExtension, Sink sink) {
        scan(new String(bytes, StandardCharsets.ISO_8859_1), 1, byExtension,
                (line, what, url) -> sink.found(line, what, new String(url.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
    }

    /**
     * @param byExtension whether rule 3 (the extension) applies; it does not in a self-hosted distribution,
     *                    whose code names its own home as a default that the site's configuration replaces
     */
    static void scan(CharSequence code, int firstLine, boolean byExtension, Sink sink) {
        new ScriptScan(code.toString(), firstLine, byExtension, sink).run();
    }

    private void run() {
        Matcher m = STRING.matcher(text);
        // every URL has two slashes: only the quotes just before them are tried, not every character
        int from = 0;
        int plain = -2;
        int escaped = -2;
        while (true) {
            // the next of each kind, searched again only once passed (else each search would read to the end)
            if (plain != -1 && plain < from) {
                plain = text.indexOf("//", from);
            }
            if (escaped != -1 && escaped < from) {
                escaped = text.indexOf("\\/\\/", from);
            }
            int slashes = plain < 0 ? escaped : escaped < 0 ? plain : Math.min(plain, escaped);
            if (slashes < 0) {
                break;
            }
            from = slashes + 2;
            int quote = quoteBefore(slashes);
            if (quote > 0 && text.charAt(quote - 1) == '\\') {
                from = Math.max(from, escapedString(quote));
            } else if (quote >= 0 && m.region(quote, text.length()).lookingAt()) {
                from = Math.max(from, m.end() - 1);
                if (!inComment(quote)) {
                    string(quote, m.start(2), m.group(2), m.group(3).equals("${"));
                }
            } else {
                cssUrl(slashes);
            }
        }
    }

    /** A string whose quote is escaped (a string in a string: {@code "{\"src\":\"https://…\"}"}), to the same escaped quote. */
    private int escapedString(int quote) {
        String close = "\\" + text.charAt(quote);
        int end = text.indexOf(close, quote + 1);
        if (end < 0 || end - quote > 4096 || inComment(quote)) {
            return quote + 1;
        }
        String body = text.substring(quote + 1, end);
        if (body.chars().noneMatch(Character::isWhitespace)) {
            string(quote - 1, quote + 1, body, false);
        }
        return end + 2;
    }

    /** A URL after {@code url(} with no quote of code before it: a style written into a string. */
    private void cssUrl(int slashes) {
        int start = slashes;
        while (start > 0 && start > slashes - 18 && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == ':'
                || text.charAt(start - 1) == '+' || text.charAt(start - 1) == '.' || text.charAt(start - 1) == '-')) {
            start--;
        }
        if (!CSS_URL.matcher(text.substring(Math.max(0, start - 12), start)).find() || inComment(start)) {
            return;
        }
        int end = start;
        while (end < text.length() && ")\"'\\ \t\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        String url = text.substring(start, end);
        if (host(url)) {
            sink.found(lines.at(start), "url() in code", url);
        }
    }

    /** Whether {@code url} names a host with a dot (a name of one label in code is a placeholder: ws://jupyter-lsp). */
    private static boolean host(String url) {
        String host = Hosts.host(url);
        return host != null && (host.contains(".") || host.startsWith("["));
    }

    /** A string of code at {@code quote}, its text (undecoded) starting at {@code start}. */
    private void string(int quote, int start, String raw, boolean prefix) {
        String url = decode(raw);
        if (!host(url)) {
            return;
        }
        String call = call(quote);
        String scheme = url.toLowerCase(Locale.ROOT);
        if (call != null) {
            sink.found(lines.at(start), call, prefix ? url + "${…}" : url);
        } else if (scheme.startsWith("ws:") || scheme.startsWith("wss:")) {
            sink.found(lines.at(start), "a socket", prefix ? url + "${…}" : url);
        } else if (byExtension && !prefix && loaded(url)) {
            sink.found(lines.at(start), "a string", url);
        }
    }

    /** The quote that opens a string whose text starts with the slashes at {@code slashes} (after a scheme), or -1. */
    private int quoteBefore(int slashes) {
        for (int i = slashes - 1; i >= 0 && slashes - i <= 18; i--) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                return i;
            }
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '.' || c == '-' || c == ':')) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Whether {@code at} is in a comment that fills its line: the line starts with {@code //}, or with
     * {@code /*} or a {@code *} and a blank (a block comment) not closed before {@code at}. Comments that
     * share a line with code are not told apart, so a string there is read as code: the audit errs toward
     * reporting. What a line starts with, and where its first block comment closes, is worked out once.
     */
    private boolean inComment(int at) {
        int start = lines.start(at);
        if (start != commentLine) {
            commentLine = start;
            int i = start;
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            char c = i < text.length() ? text.charAt(i) : 0;
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '/' && next == '/') {
                commentLineOpens = true;
                commentEnd = Integer.MAX_VALUE;
            } else if (c == '/' && next == '*' || c == '*' && (next == ' ' || next == '\t' || next == '*' || next == '/'
                    || next == '\n' || next == '\r' || next == 0)) {
                commentLineOpens = true;
                int close = text.indexOf("*/", c == '/' ? i + 2 : i);
                commentEnd = close < 0 ? Integer.MAX_VALUE : close + 2;
            } else {
                commentLineOpens = false;
            }
        }
        return commentLineOpens && at < commentEnd;
    }

    /** Whether the path of {@code url} ends with the extension of something a page loads. */
    static boolean loaded(String url) {
        String path = url.split("[?#]", 2)[0];
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash && slash > 0 && LOADED.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The loading call or statement the string at {@code quote} is given to, shown as {@code fetch()}, or
     * null; a comment between them ({@code import(/* webpackIgnore: true *}{@code / "…")}) is passed over.
     */
    private String call(int quote) {
        int at = quote - 1;
        while (true) {
            while (at >= 0 && Character.isWhitespace(text.charAt(at))) {
                at--;
            }
            int open = at >= 1 && text.charAt(at) == '/' && text.charAt(at - 1) == '*' ? text.lastIndexOf("/*", at - 2) : -1;
            if (open < 0 || at - open > 512) {
                break;
            }
            at = open - 1;
        }
        StringBuilder before = new StringBuilder();
        for (int i = at; i >= 0 && before.length() < 16 && at - i < 64; i--) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                before.append(c);
            }
        }
        String seen = before.reverse().toString();
        for (String call : CALLS) {
            if (seen.endsWith(call)) {
                return call.startsWith(".") ? ".src" : call.endsWith(":") ? "src:" : call.startsWith("@") ? call
                        : call.substring(0, call.length() - 1) + "()";
            }
        }
        for (String keyword : KEYWORDS) {
            int start = at - keyword.length() + 1;
            if (start >= 0 && text.startsWith(keyword, start) && (start == 0 || !Character.isJavaIdentifierPart(text.charAt(start - 1)))) {
                return keyword;
            }
        }
        return null;
    }

    /** The text of a string literal's body: {@code \/}, {@code \xNN}, {@code \}{@code uNNNN} and {@code \}{@code u{…}} decoded. */
    static String decode(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            try {
                if (e == 'x' && i + 2 < body.length()) {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                } else if (e == 'u' && i + 1 < body.length() && body.charAt(i + 1) == '{' && body.indexOf('}', i) > 0) {
                    int end = body.indexOf('}', i);
                    out.appendCodePoint(Integer.parseInt(body.substring(i + 2, end), 16));
                    i = end;
                } else if (e == 'u' && i + 4 < body.length()) {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                } else {
                    out.append(e);
                }
            } catch (IllegalArgumentException bad) { // not hex, or no code point
                out.append(e);
            }
        }
        return out.toString();
    }
}
