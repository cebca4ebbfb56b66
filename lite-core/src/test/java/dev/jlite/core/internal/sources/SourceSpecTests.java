package dev.jlite.core.internal.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jlite.core.spi.LiteException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code <location>[!/<sub-path>][#sha256=<hex>]}. */
class SourceSpecTests {

    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void aPlainPath() {
        assertEquals(new SourceSpec("dist/app.tgz", "dist/app.tgz", Optional.empty(), Optional.empty()),
                SourceSpec.parse("dist/app.tgz"));
    }

    @Test
    void aPathWithSubPathAndPin() {
        String text = "dist/app.tgz!/package/static#sha256=" + HEX;

        assertEquals(new SourceSpec(text, "dist/app.tgz", Optional.of("package/static"), Optional.of(HEX)),
                SourceSpec.parse(text));
    }

    @Test
    void aPinWithoutSubPathIsLowerCased() {
        String text = "app.whl#sha256=" + HEX.toUpperCase(java.util.Locale.ROOT);

        assertEquals(new SourceSpec(text, "app.whl", Optional.empty(), Optional.of(HEX)), SourceSpec.parse(text));
    }

    @Test
    void surroundingSpaceAndTrailingSlashesOfTheSubPathAreDropped() {
        SourceSpec spec = SourceSpec.parse("  app.tgz!/package//  ");

        assertEquals("app.tgz", spec.location());
        assertEquals(Optional.of("package"), spec.subPath());
        assertEquals("  app.tgz!/package//  ", spec.text());
    }

    @Test
    void anEmptySubPathIsNone() {
        assertEquals(Optional.empty(), SourceSpec.parse("app.tgz!/").subPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefa",
            "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", ""})
    void aPinThatIsNot64HexDigitsIsRefused(String hex) {
        String text = "app.tgz#sha256=" + hex;

        LiteException e = assertThrows(LiteException.class, () -> SourceSpec.parse(text));

        assertEquals(text + ": #sha256= must be followed by 64 hex digits", e.getMessage());
        assertEquals(Optional.of(text), e.subject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.tgz!/../x", "app.tgz!/..", "app.tgz!/a/../../x", "app.tgz!//etc/passwd"})
    void aSubPathThatLeavesIsRefused(String text) {
        LiteException e = assertThrows(LiteException.class, () -> SourceSpec.parse(text));

        assertEquals(text + ": the path after !/ must stay inside the archive", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void anEmptySpecIsRefused(String text) {
        LiteException e = assertThrows(LiteException.class, () -> SourceSpec.parse(text));

        assertEquals("an empty source was given; give a path, a file: URI or a URL", e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource({"file:///data/app.tgz, file", "https://example.org/app.tgz, https", "HTTPS://example.org/a, https",
            "git+https://host/repo, git+https", "dist/app.tgz, ''", "C:\\dist\\app.tgz, ''", "/abs/app.tgz, ''",
            "weird path:with colon, ''"})
    void theSchemeIsLowerCaseOrNone(String location, String scheme) {
        assertEquals(scheme.isEmpty() ? Optional.empty() : Optional.of(scheme), SourceSpec.parse(location).scheme());
    }
}
