package dev.jlite.core.spi;

import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON as the reference writes it: keys sorted, two-space indent, {@code ": "} between key and value,
 * non-ASCII escaped, UTF-8, no trailing newline. Parse errors name the file, line and column.
 */
public interface Json {

    ObjectNode object();

    ArrayNode array();

    /** Reads a file; a malformed one is a {@link LiteException} naming {@code file:line:column}. */
    JsonNode read(Path file);

    /** Parses text; {@code origin} names it in error messages. */
    JsonNode parse(String text, String origin);

    /** The bytes {@link #write} would write. */
    byte[] bytes(JsonNode node);

    /** Writes {@code node} to {@code file}, creating parent folders. */
    void write(Path file, JsonNode node);

    /** Converts a value to a tree (records, maps, lists, strings, numbers). */
    JsonNode tree(Object value);

    /** Converts a tree to a value of {@code type}. */
    <T> T convert(JsonNode node, Class<T> type);

    /**
     * Validates {@code instance} against a JSON Schema (draft 7, as JupyterLab's schemas are; nothing outside the
     * schema is fetched): one line per problem, {@code <JSON pointer>: <reason>}, sorted by pointer; none when it
     * is valid. A schema that cannot be used (malformed, or referring outside itself) is a {@link LiteException}.
     */
    List<String> validate(JsonNode schema, JsonNode instance);
}
