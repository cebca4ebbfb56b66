package dev.jlite.core.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.internal.json.JsonSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How validator findings become one line each: a pointer into the instance and a reason with the value found. */
class JsonSchemaCheckTests {

    private static JsonNode json(String text) {
        return JsonSupport.instance().parse(text, "test");
    }

    private static List<String> problems(String schema, String instance) {
        return JsonSchemaCheck.of(json(schema)).validate(json(instance)).stream()
                .map(p -> p.pointer() + ": " + p.reason()).toList();
    }

    @Test
    void aValidInstanceHasNoProblems() {
        assertEquals(List.of(), problems("{\"properties\": {\"a\": {\"type\": \"string\"}}}", "{\"a\": \"x\"}"));
    }

    @Test
    void typeEnumConstPatternAndFormatSayWhatWasExpectedAndFound() {
        assertEquals(List.of(
                        "/a: must be a boolean, got \"yes\"",
                        "/b: must be a string or null, got 3",
                        "/c: must be \"x\" or \"y\", got \"z\"",
                        "/d: must be 3, got 4",
                        "/e: must match the pattern ^\\d+$, got \"abc\"",
                        "/f: must be a valid uri-reference, got \"http://[bad\"",
                        "/g: must be an integer, got 1.5",
                        "/h: must be an object, got an array"),
                problems("""
                        {"properties": {
                          "a": {"type": "boolean"}, "b": {"type": ["string", "null"]}, "c": {"enum": ["x", "y"]},
                          "d": {"const": 3}, "e": {"pattern": "^\\\\d+$"}, "f": {"format": "uri-reference"},
                          "g": {"type": "integer"}, "h": {"type": "object"}}}""",
                        "{\"a\": \"yes\", \"b\": 3, \"c\": \"z\", \"d\": 4, \"e\": \"abc\", \"f\": \"http://[bad\", \"g\": 1.5, \"h\": []}"));
    }

    @Test
    void requiredAndUnknownPropertiesPointAtTheProperty() {
        assertEquals(List.of("/o/a~1b: is not a property the schema allows here", "/o/name: is required but missing"),
                problems("{\"properties\": {\"o\": {\"required\": [\"name\"], \"additionalProperties\": false, "
                        + "\"properties\": {\"name\": {}}}}}", "{\"o\": {\"a/b\": 1}}"));
    }

    @Test
    void aFalseSchemaAndOtherKeywordsHaveAReasonToo() {
        assertEquals(List.of("/list: must have at least 2 items but found 1", "/no: is not allowed here, got 1"),
                problems("{\"properties\": {\"no\": false, \"list\": {\"minItems\": 2}}}", "{\"no\": 1, \"list\": [1]}"));
    }

    @Test
    void aCombinatorIsOneLineNamingItsForms() {
        String schema = """
                {"definitions": {"pkg": {"title": "An NPM Package Name", "type": "string", "pattern": "^[a-z]+$"}},
                 "properties": {
                   "any": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                   "one": {"oneOf": [{"$ref": "#/definitions/pkg"}, {"title": "A Plugin", "type": "string", "pattern": ":"}]},
                   "both": {"oneOf": [{"type": "string"}, {"minLength": 1}]}}}""";
        assertEquals(List.of(
                        "/any: must be a string or an integer, got true",
                        "/both: must match exactly one of a string or another form, but fits several, got \"x\"",
                        "/one: must be an NPM Package Name or a Plugin, got \"BAD\""),
                problems(schema, "{\"any\": true, \"one\": \"BAD\", \"both\": \"x\"}"));
    }

    @Test
    void whenOneFormFitsTheValuesKindItsOwnProblemsAreReported() {
        String schema = """
                {"properties": {"drivers": {"anyOf": [
                  {"type": "null"},
                  {"type": "array", "items": {"anyOf": [{"type": "string"}, {"enum": ["memory"]}]}}]}}}""";
        assertEquals(List.of("/drivers/1: must be a string or \"memory\", got 5"), problems(schema, "{\"drivers\": [\"a\", 5]}"));
        assertEquals(List.of("/drivers: must be null or an array, got \"a\""), problems(schema, "{\"drivers\": \"a\"}"));
    }

    @Test
    void problemsAreSortedByPointer() {
        List<String> lines = problems("{\"properties\": {\"b\": {\"type\": \"string\"}, \"a\": {\"type\": \"string\"}}}",
                "{\"b\": 1, \"a\": 2}");
        assertEquals(List.of("/a: must be a string, got 2", "/b: must be a string, got 1"), lines);
    }

    @Test
    void longValuesAreCutShort() {
        String value = "x".repeat(200);
        String line = problems("{\"type\": \"integer\"}", "\"" + value + "\"").get(0);
        assertEquals(": must be an integer, got \"" + "x".repeat(76) + "...", line);
    }

    @Test
    void nothingOutsideTheSchemaIsLoaded() {
        for (String ref : List.of("file:///etc/hostname", "http://127.0.0.1:9/x.json", "other.json")) {
            JsonSchemaCheck check = JsonSchemaCheck.of(json("{\"$id\": \"https://example.invalid/s.json\", "
                    + "\"properties\": {\"x\": {\"$ref\": \"" + ref + "\"}}}"));
            JsonSchemaCheck.UnusableSchemaException e = assertThrows(JsonSchemaCheck.UnusableSchemaException.class,
                    () -> check.validate(json("{\"x\": 1}")));
            assertTrue(e.getMessage().contains("is not allowed to be loaded"), e.getMessage());
        }
    }

    @Test
    void jsonPointerTokensAreEscaped() {
        assertEquals("@jupyterlab~1apputils-extension:themes~0x", JsonSchemaCheck.escape("@jupyterlab/apputils-extension:themes~x"));
    }
}
