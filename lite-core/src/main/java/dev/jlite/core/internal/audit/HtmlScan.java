package dev.jlite.core.internal.audit;

import dev.jlite.core.spi.Json;
import dev.jlite.core.spi.LiteException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.ProcessingInstruction;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeFilter;
import tools.jackson.databind.JsonNode;

/**
 * References to other hosts in a page, parsed as a browser parses it (entities decoded, unquoted values,
 * any element). What a browser loads without anyone clicking counts:
 * <ul>
 * <li>{@code src}, {@code poster}, {@code background} and {@code manifest} of any element, {@code data} of
 *     an {@code <object>}, every candidate of {@code srcset} and {@code imagesrcset};</li>
 * <li>{@code href} of a {@code <link>} unless each of its relations is one for people (canonical,
 *     alternate, author, help, license, next, prev, search, bookmark, me), of a {@code <base>} (which sends
 *     every relative URL of the page there), and {@code href}/{@code xlink:href} of SVG's {@code image},
 *     {@code use}, {@code feImage} and {@code script};</li>
 * <li>the URL of a {@code <meta http-equiv=refresh>};</li>
 * <li>inline styles ({@code <style>}, {@code style=}, and any other attribute with a CSS {@code url()}, as
 *     SVG's {@code fill} or {@code filter}) as {@link CssScan} reads them, inline scripts and
 *     event handlers as {@link ScriptScan} reads them, every URL of an import map, of speculation rules
 *     and of the {@code jupyter-config-data} a JupyterLite page carries, and a {@code srcdoc} page.</li>
 * </ul>
 * A {@code javascript:} URL is read as a script, a {@code data:} URL holding a page, a script or a style as
 * one. Links ({@code <a href>}, {@code <area href>}), form actions, {@code ping} and {@code cite} are
 * followed by people, and do not count; nor does what {@code <noscript>} or {@code <template>} holds,
 * which a browser running scripts does not load. XML names are read without their prefix, and the
 * {@code href} of an {@code <?xml-stylesheet?>} counts.
 */
final class HtmlScan {

    private static final Set<String> PEOPLE = Set.of("canonical", "alternate", "author", "help", "license", "next", "prev",
            "search", "bookmark", "me", "external", "nofollow", "noopener", "noreferrer", "opener");
    private static final Set<String> SVG_LINKS = Set.of("image", "use", "feimage", "script");
    private static final Pattern PI_HREF = Pattern.compile("\\bhref\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");
    private static final Set<String> JSON_SCRIPTS = Set.of("importmap", "speculationrules");

    private final Json json;
    private final Sink sink;

    private HtmlScan(Json json, Sink sink) {
        this.json = json;
        this.sink = sink;
    }

    /** The references of a page; {@code xml} for SVG, whose names keep their case. */
    static void scan(String html, boolean xml, Json json, Sink sink) {
        Parser parser = (xml ? Parser.xmlParser() : Parser.htmlParser()).setTrackPosition(true);
        new HtmlScan(json, sink).document(Jsoup.parse(html, "", parser), 0);
    }

    private void document(Document doc, int lineOffset) {
        for (Node n : doc.childNodes()) {
            if (n instanceof ProcessingInstruction d && d.target().equalsIgnoreCase("xml-stylesheet")) {
                Matcher href = PI_HREF.matcher(d.data());
                if (href.find()) {
                    url(Math.max(1, d.sourceRange().start().lineNumber()) + lineOffset, "<?xml-stylesheet href?>",
                            href.group(2) != null ? href.group(2) : href.group(3));
                }
            }
        }
        element(doc, lineOffset);
    }

    /**
     * {@code root} and what it holds, but for what a browser running scripts does not load (noscript,
     * template); walked without recursion, so a page nested a million deep is read like any other.
     */
    private void element(Element root, int lineOffset) {
        root.filter((node, depth) -> {
            if (!(node instanceof Element e)) {
                return NodeFilter.FilterResult.CONTINUE;
            }
            String tag = local(e.normalName());
            if (tag.equals("noscript") || tag.equals("template")) {
                return NodeFilter.FilterResult.SKIP_ENTIRELY;
            }
            int line = Math.max(1, e.sourceRange().start().lineNumber()) + lineOffset;
            for (Attribute a : e.attributes()) {
                attribute(tag, e, a, line);
            }
            if (tag.equals("script") && !e.hasAttr("src")) {
                script(e, line, lineOffset);
            } else if (tag.equals("style")) {
                CssScan.scan(content(e), contentLine(e, lineOffset), (l, what, url) -> sink.found(l, "<style> " + what, url));
            }
            return NodeFilter.FilterResult.CONTINUE;
        });
    }

    /** A name without its XML prefix ({@code svg:image} is an {@code image}), lower-cased. */
    private static String local(String name) {
        return name.substring(name.indexOf(':') + 1).toLowerCase(Locale.ROOT);
    }

    private void attribute(String tag, Element e, Attribute a, int line) {
        String raw = a.getKey().toLowerCase(Locale.ROOT);
        String key = raw.endsWith(":href") ? "xlink:href" : raw;
        String value = a.getValue();
        String what = "<" + tag + " " + key + ">";
        switch (key) {
            case "src", "poster", "background", "manifest", "lowsrc" -> url(line, what, value);
            case "data" -> {
                if (tag.equals("object")) {
                    url(line, what, value);
                }
            }
            case "srcset", "imagesrcset" -> {
                for (String candidate : value.split("[\\s,]+")) {
                    url(line, what, candidate);
                }
            }
            case "href", "xlink:href" -> {
                if (tag.equals("base")) {
                    if (Hosts.outside(value)) {
                        sink.found(line, "<base href>", value.strip());
                    }
                } else if (tag.equals("link") && key.equals("href") && !forPeople(e.attr("rel"))
                        || SVG_LINKS.contains(tag)) {
                    url(line, what, value);
                }
            }
            case "style" -> CssScan.scan(value, line, (l, inner, url) -> sink.found(l, what + " " + inner, url));
            case "content" -> {
                if (tag.equals("meta") && e.attr("http-equiv").equalsIgnoreCase("refresh")) {
                    url(line, "<meta http-equiv=refresh>", refreshUrl(value));
                }
            }
            case "srcdoc" -> {
                Parser parser = Parser.htmlParser().setTrackPosition(true);
                document(Jsoup.parse(value, "", parser), line - 1);
            }
            default -> {
                if (key.startsWith("on")) {
                    ScriptScan.scan(value, line, (l, inner, url) -> sink.found(l, what + " " + inner, url));
                } else if (value.toLowerCase(Locale.ROOT).contains("url(")) {
                    // SVG's presentation attributes (fill, filter, mask, clip-path, marker-*) take CSS url()s
                    CssScan.scan(value, line, (l, inner, url) -> sink.found(l, what + " " + inner, url));
                }
            }
        }
    }

    private void url(int line, String what, String value) {
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (Hosts.outside(v)) {
            sink.found(line, what, v);
        } else if (lower.startsWith("javascript:")) {
            ScriptScan.scan(percentDecoded(v.substring("javascript:".length())), line,
                    (l, inner, url) -> sink.found(line, what + " javascript: " + inner, url));
        } else if (lower.startsWith("data:") && v.indexOf(',') > 0) {
            data(line, what, v);
        }
    }

    /** A {@code data:} URL that holds a page, a script or a style: what it loads counts as the attribute's. */
    private void data(int line, String what, String v) {
        String type = v.substring(5, v.indexOf(',')).toLowerCase(Locale.ROOT);
        String body = v.substring(v.indexOf(',') + 1);
        String text;
        try {
            text = type.endsWith(";base64") ? new String(Base64.getMimeDecoder().decode(body), StandardCharsets.UTF_8)
                    : percentDecoded(body);
        } catch (IllegalArgumentException bad) {
            return; // not base64: the browser loads nothing from it either
        }
        Sink inner = (l, kind, url) -> sink.found(line, what + " data: " + kind, url);
        if (type.startsWith("text/html") || type.startsWith("image/svg+xml") || type.startsWith("application/xhtml+xml")) {
            new HtmlScan(json, inner).document(Jsoup.parse(text, "", (type.startsWith("text/html") ? Parser.htmlParser()
                    : Parser.xmlParser()).setTrackPosition(true)), 0);
        } else if (type.startsWith("text/css")) {
            CssScan.scan(text, 1, inner);
        } else if (type.contains("javascript") || type.contains("ecmascript")) {
            ScriptScan.scan(text, 1, inner);
        }
    }

    private static String percentDecoded(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException bad) {
            return s; // a stray %: read as it is
        }
    }

    /** The URL of a refresh ({@code 5; url='…'}, {@code 0;URL = …}, {@code 0, …}) as HTML reads it, or "". */
    static String refreshUrl(String content) {
        String rest = content.strip().replaceFirst("^[0-9.]*\\s*[;,]?\\s*", "");
        if (rest.regionMatches(true, 0, "url", 0, 3)) {
            String after = rest.substring(3).stripLeading();
            if (after.startsWith("=")) {
                rest = after.substring(1).stripLeading();
            }
        }
        if (!rest.isEmpty() && (rest.charAt(0) == '"' || rest.charAt(0) == '\'')) {
            int end = rest.indexOf(rest.charAt(0), 1);
            rest = end > 0 ? rest.substring(1, end) : rest.substring(1);
        }
        return rest;
    }

    private static boolean forPeople(String rel) {
        return !rel.isBlank() && Arrays.stream(rel.toLowerCase(Locale.ROOT).trim().split("\\s+")).allMatch(PEOPLE::contains);
    }

    private void script(Element e, int line, int lineOffset) {
        String type = e.attr("type").toLowerCase(Locale.ROOT).strip();
        int first = contentLine(e, lineOffset);
        if (JSON_SCRIPTS.contains(type) || e.id().equals("jupyter-config-data")) {
            JsonNode root;
            try {
                root = json.parse(content(e), "a script of the page");
            } catch (LiteException bad) {
                return; // not JSON: the page's own error, which the browser reports
            }
            String what = e.id().equals("jupyter-config-data") ? "<script id=jupyter-config-data>" : "<script type=" + type + ">";
            JsonScan.strings(root, "", p -> false, url -> true, (pointer, url) -> sink.found(first, what + " " + pointer, url));
        } else if (!type.endsWith("json")) {
            ScriptScan.scan(content(e), first, (l, what, url) -> sink.found(l, "<script> " + what, url));
        }
    }

    /** The text of a script or style: data in a page, text in SVG read as XML. */
    private static String content(Element e) {
        String data = e.data();
        return data.isEmpty() ? e.wholeText() : data;
    }

    /** The line the content of {@code e} starts on: where its start tag ends. */
    private static int contentLine(Element e, int lineOffset) {
        return Math.max(1, e.sourceRange().end().lineNumber()) + lineOffset;
    }
}
