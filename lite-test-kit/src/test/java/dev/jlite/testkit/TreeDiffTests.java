package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Differences between trees and between JSON documents, as a person reads them. */
class TreeDiffTests {

    private static Map<String, byte[]> tree(String... pathsAndTexts) {
        Map<String, byte[]> t = new TreeMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            t.put(pathsAndTexts[i], pathsAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return t;
    }

    @Test
    void addedRemovedAndChangedFilesAreListedWithWhereTheyDiffer() {
        Map<String, byte[]> expected = tree("same.txt", "x", "gone.txt", "old", "conf.json", "{\"a\": {\"b\": 1, \"c\": [1, 2]}, \"d\": \"x\"}",
                "notes.txt", "one\ntwo\nthree\n");
        Map<String, byte[]> actual = tree("same.txt", "x", "new.txt", "new", "conf.json", "{\"a\": {\"b\": 2, \"c\": [1]}, \"d\": \"x\", \"e/f\": null}",
                "notes.txt", "one\n2\nthree\n");
        expected.put("blob.bin", new byte[] {1, 2, 0, 4});
        actual.put("blob.bin", new byte[] {1, 2, 0, 5, 6});
        TreeDiff diff = TreeDiff.of(expected, actual);
        assertEquals(List.of("new.txt"), diff.added());
        assertEquals(List.of("gone.txt"), diff.removed());
        assertEquals(List.of("blob.bin", "conf.json", "notes.txt"), diff.changed().stream().map(TreeDiff.Change::path).toList());
        assertEquals("""
                the trees differ: 1 added, 1 removed, 3 changed
                  added:   new.txt
                  removed: gone.txt
                  changed: blob.bin
                      4 -> 5 bytes, first different byte at offset 3
                  changed: conf.json
                      /a/b: 1 -> 2
                      /a/c/1: 2 -> (absent)
                      /e~1f: (absent) -> null
                  changed: notes.txt
                      line 2: "two" -> "2\"""", diff.describe());
        assertEquals(diff.describe(), diff.toString());
    }

    @Test
    void theSameTreesSaySo() {
        TreeDiff diff = TreeDiff.of(tree("a", "1"), tree("a", "1"));
        assertTrue(diff.isEmpty());
        assertEquals("the trees are the same", diff.describe());
    }

    @Test
    void jsonDocumentsAreComparedValueByValue() {
        JsonMapper json = JsonMapper.builder().build();
        List<TreeDiff.JsonChange> changes = TreeDiff.json(json.readTree("{\"k\": [1, {\"x\": true}], \"s\": \"" + "v".repeat(200) + "\"}"),
                json.readTree("{\"k\": [1, {\"x\": false}], \"s\": \"w\"}"));
        assertEquals(List.of(new TreeDiff.JsonChange("/k/1/x", Optional.of("true"), Optional.of("false")),
                new TreeDiff.JsonChange("/s", Optional.of("\"" + "v".repeat(200) + "\""), Optional.of("\"w\""))), changes);
        assertEquals("/s: \"" + "v".repeat(156) + "... -> \"w\"", changes.get(1).describe());
        assertEquals(List.of(new TreeDiff.JsonChange("", Optional.of("[]"), Optional.of("{}"))),
                TreeDiff.json(json.readTree("[]"), json.readTree("{}")));
        assertEquals(List.of(), TreeDiff.json(json.readTree("{\"a\": 1, \"b\": 2}"), json.readTree("{\"b\": 2, \"a\": 1}")));
    }

    @Test
    void jsonWrittenDifferentlyIsNamedAsSuch() {
        TreeDiff diff = TreeDiff.of(tree("a.json", "{\"a\": 1}"), tree("a.json", "{\n  \"a\": 1\n}"));
        assertEquals(List.of("the same JSON values, written differently (line 1: \"{\"a\": 1}\" -> \"{\")"), diff.changed().get(0).details());
    }

    @Test
    void longListsAreCut() {
        Map<String, byte[]> many = new TreeMap<>();
        for (int i = 0; i < 25; i++) {
            many.put("f" + (char) ('a' + i), new byte[0]);
        }
        String text = TreeDiff.of(Map.of(), many).describe();
        assertTrue(text.contains("  added:   ft\n  ... and 5 more added"), text);
    }

    @Test
    void twoRunsAreComparedAndAssertedTheSame() {
        LiteRun a = LiteTestKit.addons().run(Command.BUILD);
        LiteRun b = LiteTestKit.addons().liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"appName\": \"Other\"}}")
                .run(Command.BUILD);
        TreeDiff.assertSameTree(a, LiteTestKit.addons().run(Command.BUILD));
        AssertionError e = assertThrows(AssertionError.class, () -> TreeDiff.assertSameTree(a, b));
        assertTrue(e.getMessage().contains("changed: jupyter-lite.json\n      /jupyter-config-data/appName: \"JupyterLite\" -> \"Other\""),
                e.getMessage());
        assertEquals(a.diff(b), TreeDiff.between(a.output(), b.output()));
    }
}
