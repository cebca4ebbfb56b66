package dev.jlite.core.internal.addons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What Python's mimetypes.guess_type says for a name, from its built-in table; and how listings write times. */
class PythonMimeTypesTests {

    private static String type(String name) {
        return PythonMimeTypes.guess(name).orElse(null);
    }

    @Test
    void commonContentsHaveTheirTypes() {
        assertEquals("text/markdown", type("README.md"));
        assertEquals("text/markdown", type("notes.markdown"));
        assertEquals("text/x-python", type("script.py"));
        assertEquals("text/csv", type("data.csv"));
        assertEquals("application/json", type("config.json"));
        assertEquals("image/png", type("plot.png"));
        assertEquals("image/jpeg", type("photo.jpg"));
        assertEquals("image/svg+xml", type("logo.svg"));
        assertEquals("text/plain", type("notes.txt"));
        assertEquals("text/html", type("page.htm"));
        assertEquals("text/javascript", type("app.mjs"));
        assertEquals("application/pdf", type("paper.pdf"));
        assertEquals("application/yaml", type("env.yml"));
        assertEquals("application/wasm", type("module.wasm"));
        assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", type("sheet.xlsx"));
    }

    @Test
    void pythonKnowsNoTypeForNotebooksOrNamesWithoutAnExtension() {
        assertEquals(Optional.empty(), PythonMimeTypes.guess("intro.ipynb"));
        assertEquals(Optional.empty(), PythonMimeTypes.guess("Makefile"));
        assertEquals(Optional.empty(), PythonMimeTypes.guess(".bashrc"), "a leading dot starts no extension");
        assertEquals(Optional.empty(), PythonMimeTypes.guess("..md"));
        assertEquals(Optional.empty(), PythonMimeTypes.guess("notes.txt~"));
        assertEquals(Optional.empty(), PythonMimeTypes.guess("trailing."));
    }

    @Test
    void typeSuffixesAreCaseInsensitive() {
        assertEquals("image/png", type("PLOT.PNG"));
        assertEquals("text/markdown", type("Readme.Md"));
    }

    /** A compression suffix says how a file is encoded, not what it is; Python looks behind it (case-sensitively). */
    @Test
    void compressionSuffixesAreLookedBehind() {
        assertEquals("text/csv", type("data.csv.gz"));
        assertEquals("application/x-tar", type("archive.tar.bz2"));
        assertEquals("application/x-tar", type("archive.tar.Z"));
        assertEquals("application/x-tar", type("archive.tgz"), "a shorthand for .tar.gz");
        assertEquals("application/x-tar", type("archive.TXZ"));
        assertEquals("image/svg+xml", type("logo.svgz"));
        assertEquals(Optional.empty(), PythonMimeTypes.guess("blob.gz"), "gzip'd, but of what?");
        assertEquals("application/gzip", type("blob.GZ"), "encodings are case-sensitive, types are not");
    }

    @Test
    void splitextIsPythons() {
        assertArrayEquals(new String[] {"a/b", ".c"}, PythonMimeTypes.splitext("a/b.c"));
        assertArrayEquals(new String[] {"a.b/c", ""}, PythonMimeTypes.splitext("a.b/c"));
        assertArrayEquals(new String[] {"...", ""}, PythonMimeTypes.splitext("..."));
        assertArrayEquals(new String[] {"..a", ".b"}, PythonMimeTypes.splitext("..a.b"));
    }

    @Test
    void listingTimesAreIsoformatWithAZ() {
        assertEquals("2024-01-02T03:04:05Z", ContentsAddon.iso(Instant.parse("2024-01-02T03:04:05Z")));
        assertEquals("2024-01-02T03:04:05.000001Z", ContentsAddon.iso(Instant.parse("2024-01-02T03:04:05.000001Z")));
        assertEquals("2024-01-02T03:04:05.500000Z", ContentsAddon.iso(Instant.parse("2024-01-02T03:04:05.5Z")));
        assertEquals("0999-12-31T23:59:59Z", ContentsAddon.iso(Instant.parse("0999-12-31T23:59:59Z")));
    }
}
