package dev.jlite.core.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What counts as another host, and what scanners report of the tricky cases. */
class HostsTests {

    @Test
    void otherHostsAreNamedAndLoopbackAndNonHostsAreNot() {
        assertEquals("cdn.example", Hosts.host("HTTPS://CDN.example/x.js"));
        assertEquals("cdn.example", Hosts.host(" //cdn.example:8443/x"));
        assertEquals("cdn.example", Hosts.host("wss://user:pw@cdn.example/socket"));
        assertEquals("[2001:db8::1]", Hosts.host("http://[2001:db8::1]:80/x"));
        assertEquals("intranet", Hosts.host("http://intranet/x.js"), "a configured single-label host is a host");
        // as a browser reads them
        assertEquals("cdn.example", Hosts.host("https:\\\\cdn.example\\a.png"));
        assertEquals("cdn.example", Hosts.host("https:///cdn.example/a.png"));
        assertEquals("cdn.example", Hosts.host("////cdn.example/a.png"));
        assertEquals("cdn.example", Hosts.host("ht\ttps://cdn.\nexample/"));
        assertEquals("cdn.example", Hosts.host("https://%63dn.example/"));
        assertEquals("cdn.example", Hosts.host("https://cdn.example./x"));
        assertEquals("xn--bcher-kva.example", Hosts.host("https://b\u00fccher.example/"));
        assertNull(Hosts.host("https://" + "a.".repeat(3000) + "example/"), "too long to be a host, and no stack overflow");
        for (String local : List.of("http://localhost:8000/x", "http://127.0.0.1/x", "http://127.8.9.10/x", "http://[::1]/x",
                "https://site.localhost/x", "./static/x.js", "/static/x.js", "data:text/plain,x", "blob:http://cdn.example/1",
                "//# sourceMappingURL=x.js.map", "//comment", "file:///etc/passwd", "http://", "javascript:void(0)")) {
            assertNull(Hosts.host(local), local);
        }
    }

    @Test
    void scriptsReportWhatTheyLoadWithItsLine() {
        List<String> found = new ArrayList<>();
        ScriptScan.scan("a='https://docs.example/page'\nb=\"//cdn.example/x.css?v=1\"\nfetch ( 'https://api.example/v1' )\n"
                + "c=`wss://live.example/${id}`\nd=\"https:\\u002f\\/x.example\"\nimport y from 'https://esm.example/y'\n"
                + "e=\"ws://placeholder\"\n  // fetch(\"https://comment.example/x\")\n * \"https://doc.example/x.js\"\n"
                + "/*! c */ f=\"https://code.example/after-comment.js\"", 1, (line, what, url) -> found.add(line + " " + what + " " + url));
        assertEquals(List.of("2 a string //cdn.example/x.css?v=1", "3 fetch() https://api.example/v1",
                "4 a socket wss://live.example/${…}", "6 from https://esm.example/y",
                "10 a string https://code.example/after-comment.js"), found);
    }

    @Test
    void pathologicalTextEndsQuicklyWithoutOverflowing() {
        List<String> found = new ArrayList<>();
        CssScan.scan("a{color:red}\\", 1, (line, what, url) -> found.add(url));
        CssScan.scan("a{b:c}\\\nd{e:url(https://x.example/y.png)}", 1, (line, what, url) -> found.add(url));
        ScriptScan.scan("fetch(\"https://long.example/?q=" + "a".repeat(200_000) + "\")", 1, (line, what, url) -> found.add(what));
        StringBuilder many = new StringBuilder("/**\n * banner\n */");
        for (int i = 0; i < 20_000; i++) {
            many.append("a").append(i).append("=\"https://n").append(i).append(".example/x.js\";");
        }
        long start = System.nanoTime();
        ScriptScan.scan(many, 1, (line, what, url) -> found.add(what));
        assertEquals(List.of("https://x.example/y.png", "fetch()"), found.subList(0, 2));
        assertEquals(20_002, found.size(), "every string after a closed banner on its line is code");
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "no quadratic rescans of a long line");
    }

    @Test
    void stylesReportUrlsImportsAndImageSetsButNotComments() {
        List<String> found = new ArrayList<>();
        CssScan.scan("/* url(https://c.example/x) */\n@IMPORT 'https://i.example/a.css' screen;\n"
                + "a{b:URL( \"https://u.example/a b.png\" )}\nc{d:-webkit-image-set('https://s.example/1.png' 1x)}\n"
                + "e{content:\"https://text.example/not-loaded\"}", 1, (line, what, url) -> found.add(line + " " + what + " " + url));
        assertEquals(List.of("2 @import https://i.example/a.css", "3 url() https://u.example/a b.png",
                "4 image-set() https://s.example/1.png"), found);
    }
}
