package dev.jlite.core.internal.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The writer must match Python's {@code json.dumps(obj, sort_keys=True, indent=2)} byte for byte; every
 * expected text here was produced by that call.
 */
class JsonSupportTests {

    private static final JsonSupport JSON = JsonSupport.instance();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FileSystem fs;

    @BeforeEach
    void openFileSystem() {
        fs = Jimfs.newFileSystem(Configuration.unix());
    }

    @AfterEach
    void closeFileSystem() throws IOException {
        fs.close();
    }

    @Test
    void formatsNestedDocumentsLikePythonSortKeysIndent2() {
        JsonNode doc = JSON.parse("""
                {"name": "site", "apps": ["lab", "repl"], "empty_obj": {}, "empty_list": [],
                 "nested": {"z": [{"b": 2, "a": null}, [], [1, [true, false]]], "a": {"deep": {}}},
                 "n": -42, "big": 123456789012345678901234567890, "url": "https://example.org/a/b?x=1", "f": 2.5}
                """, "test");

        assertEquals("""
                {
                  "apps": [
                    "lab",
                    "repl"
                  ],
                  "big": 123456789012345678901234567890,
                  "empty_list": [],
                  "empty_obj": {},
                  "f": 2.5,
                  "n": -42,
                  "name": "site",
                  "nested": {
                    "a": {
                      "deep": {}
                    },
                    "z": [
                      {
                        "a": null,
                        "b": 2
                      },
                      [],
                      [
                        1,
                        [
                          true,
                          false
                        ]
                      ]
                    ]
                  },
                  "url": "https://example.org/a/b?x=1"
                }""", JSON.format(doc));
    }

    @Test
    void bytesAreTheUtf8OfTheTextWithoutTrailingNewline() {
        ObjectNode doc = JSON.object();
        doc.put("b", "x");
        doc.putArray("a");

        byte[] expected = "{\n  \"a\": [],\n  \"b\": \"x\"\n}".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(expected, JSON.bytes(doc));
    }

    @Test
    void emptyContainersAndScalarsAtTheTop() {
        assertEquals("{}", JSON.format(JSON.object()));
        assertEquals("[]", JSON.format(JSON.array()));
        assertEquals("null", JSON.format(NODES.nullNode()));
        assertEquals("true", JSON.format(NODES.booleanNode(true)));
        assertEquals("\"x\"", JSON.format(NODES.stringNode("x")));
        assertEquals("7", JSON.format(NODES.numberNode(7L)));
    }

    @Test
    void escapesNonAsciiAsLowerCaseUnicodeAndControlCharacters() {
        // json.dumps({"e": "é😀/\x01\x1f\b\f\n\r\t\"\\", "d": "\x7f"}, sort_keys=True, indent=2)
        ObjectNode doc = JSON.object();
        doc.put("e", "é\uD83D\uDE00/\u0001\u001f\b\f\n\r\t\"\\");
        doc.put("d", "\u007f");

        assertEquals("""
                {
                  "d": "\\u007f",
                  "e": "\\u00e9\\ud83d\\ude00/\\u0001\\u001f\\b\\f\\n\\r\\t\\"\\\\"
                }""", JSON.format(doc));
    }

    @Test
    void escapesKeysLikeValues() {
        ObjectNode doc = JSON.object();
        doc.put("caf\u00e9", 1);
        doc.put("a\"b", 2);

        assertEquals("""
                {
                  "a\\"b": 2,
                  "caf\\u00e9": 1
                }""", JSON.format(doc));
    }

    @Test
    void sortsKeysByCodePointLikePython() {
        // json.dumps({"\uff01": 1, "\U0001f600": 2, "z": 3, "A": 4, "a": 5}, sort_keys=True, indent=2):
        // U+FF01 sorts before U+1F600 by code point, though its UTF-16 unit is larger than the surrogate's.
        ObjectNode doc = JSON.object();
        doc.put("\uD83D\uDE00", 2);
        doc.put("\uFF01", 1);
        doc.put("z", 3);
        doc.put("a", 5);
        doc.put("A", 4);

        assertEquals("""
                {
                  "A": 4,
                  "a": 5,
                  "z": 3,
                  "\\uff01": 1,
                  "\\ud83d\\ude00": 2
                }""", JSON.format(doc));
    }

    @Test
    void theCodePointOrderAgreesWithComparingWholeCodePoints() {
        // strings drawn from ASCII, the top of the BMP and above it, sharing prefixes so that the first
        // difference falls on every kind of unit: the order must be that of their code point sequences
        String[] parts = {"a", "b", "\uFF01", "\uFFFF", "\uD83D\uDE00", "\uD83D\uDE01", "\uD800\uDC00", "\uE000", ""};
        java.util.Random random = new java.util.Random(7);
        java.util.List<String> strings = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(4); n >= 0; n--) {
                b.append(parts[random.nextInt(parts.length)]);
            }
            strings.add(b.toString());
        }
        java.util.Comparator<String> reference =
                java.util.Comparator.comparing((String x) -> x.codePoints().toArray(), java.util.Arrays::compare);
        for (int i = 0; i + 1 < strings.size(); i++) {
            String x = strings.get(i);
            String y = strings.get(i + 1);
            assertEquals(Integer.signum(reference.compare(x, y)), Integer.signum(JsonSupport.CODE_POINT_ORDER.compare(x, y)),
                    () -> "order of " + x.codePoints().boxed().toList() + " and " + y.codePoints().boxed().toList());
        }
    }

    @ParameterizedTest(name = "{0} is written as {1}")
    @CsvSource({
            "1.0, 1.0",
            "1, 1",
            "0.5, 0.5",
            "1e-05, 1e-05",
            "0.00001, 1e-05",
            "1e+20, 1e+20",
            "1E20, 1e+20",
            "123.456, 123.456",
            "-0.0, -0.0",
            "1e16, 1e+16",
            "1e15, 1000000000000000.0",
            "0.0001, 0.0001",
            "0.30000000000000004, 0.30000000000000004",
            "-2.5e-7, -2.5e-07",
            "100.0, 100.0",
            "1E2, 100.0",
            "1e23, 1e+23",
            "2.82879384806159e17, 2.82879384806159e+17",
            "5e-324, 5e-324",
            "1.7976931348623157e308, 1.7976931348623157e+308",
            "12345678901234567890, 12345678901234567890",
    })
    void numbersAsPythonRepr(String text, String expected) {
        assertEquals("[\n  " + expected + "\n]", JSON.format(JSON.parse("[" + text + "]", "test")));
    }

    @Test
    void numbersBuiltInCodeAsPythonRepr() {
        assertEquals("0.1", JSON.format(NODES.numberNode(0.1d)));
        assertEquals("1e-07", JSON.format(NODES.numberNode(1e-7d)));
        assertEquals("3.0", JSON.format(NODES.numberNode(new java.math.BigDecimal("3.000"))));
        assertEquals("-1e+16", JSON.format(NODES.numberNode(-1e16d)));
        assertEquals("-0.0", JSON.format(NODES.numberNode(-0.0d)));
    }

    @Test
    void nonFiniteFloatsAsPythonWritesThem() {
        // json.dumps([float("nan"), float("inf"), -float("inf")], indent=2)
        var array = JSON.array().add(Double.NaN).add(Double.POSITIVE_INFINITY).add(Double.NEGATIVE_INFINITY);

        assertEquals("""
                [
                  NaN,
                  Infinity,
                  -Infinity
                ]""", JSON.format(array));
    }

    @Test
    void writeCreatesParentsAndWritesTheExactBytes() throws IOException {
        Path file = fs.getPath("/site/a/b/jupyter-lite.json");
        ObjectNode doc = JSON.object();
        doc.putObject("jupyter-config-data").put("appName", "JupyterLite");

        JSON.write(file, doc);

        assertEquals("""
                {
                  "jupyter-config-data": {
                    "appName": "JupyterLite"
                  }
                }""", Files.readString(file));
    }

    @Test
    void readParsesAFile() throws IOException {
        Path file = fs.getPath("/x/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"LiteBuildConfig\": {\"apps\": [\"lab\"]}}\n");

        JsonNode node = JSON.read(file);

        assertEquals("""
                {
                  "LiteBuildConfig": {
                    "apps": [
                      "lab"
                    ]
                  }
                }""", JSON.format(node));
    }

    @Test
    void malformedFileNamesFileLineAndColumn() throws IOException {
        Path file = fs.getPath("/x/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\n  \"a\": 1,\n  \"b\" 2\n}\n");

        LiteException e = assertThrows(LiteException.class, () -> JSON.read(file));

        assertTrue(e.getMessage().startsWith("/x/config.json:3:7: malformed JSON: "), e.getMessage());
        assertEquals("/x/config.json", e.subject().orElseThrow());
    }

    @Test
    void malformedTextNamesOriginLineAndColumn() {
        LiteException e = assertThrows(LiteException.class, () -> JSON.parse("[1, 2,\n  ]", "the value"));

        assertTrue(e.getMessage().startsWith("the value:2:3: malformed JSON: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    @Test
    void trailingTokensAreMalformed() {
        LiteException e = assertThrows(LiteException.class, () -> JSON.parse("{} {}", "two.json"));

        assertTrue(e.getMessage().startsWith("two.json:1:"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    }

    @Test
    void emptyFileIsReportedAsEmpty() throws IOException {
        Path file = fs.getPath("/x/empty.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "  \n");

        LiteException e = assertThrows(LiteException.class, () -> JSON.read(file));

        assertEquals("/x/empty.json: is empty, expected JSON", e.getMessage());
    }

    @Test
    void missingFileNamesThePath() {
        Path file = fs.getPath("/x/nowhere.json");

        LiteException e = assertThrows(LiteException.class, () -> JSON.read(file));

        assertEquals("/x/nowhere.json does not exist", e.getMessage());
        assertEquals("/x/nowhere.json", e.subject().orElseThrow());
    }

    @Test
    void fileThatIsNotUtf8IsNamed() throws IOException {
        Path file = fs.getPath("/x/latin1.json");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xe9, '"', '}'});

        LiteException e = assertThrows(LiteException.class, () -> JSON.read(file));

        assertEquals("/x/latin1.json is not UTF-8 text", e.getMessage());
    }

    @Test
    void treeAndConvertRoundTripAMap() {
        JsonNode tree = JSON.tree(Map.of("size", 3, "name", "pyodide"));

        assertEquals("""
                {
                  "name": "pyodide",
                  "size": 3
                }""", JSON.format(tree));
        assertEquals(Map.of("name", "pyodide", "size", 3), JSON.convert(tree, Map.class));
    }
}
