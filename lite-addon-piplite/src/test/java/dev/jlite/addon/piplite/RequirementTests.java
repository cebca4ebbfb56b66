package dev.jlite.addon.piplite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PEP 508 requirements: the PEP's own examples, the forms Requires-Dist uses, and what is refused. */
class RequirementTests {

    private static final Map<String, String> PYODIDE = Markers.pyodide("3.12.7", "emscripten_3_1_58");

    private static List<String> specs(Requirement r) {
        return r.specifiers().stream().map(Requirement.Specifier::toString).toList();
    }

    @Test
    void thePepsFullExample() {
        Requirement r = Requirement.parse("requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"");
        assertEquals("requests", r.name());
        assertEquals(Set.of("security", "tests"), r.extras());
        assertEquals(List.of(">=2.8.1", "==2.8.*"), specs(r));
        assertEquals(Optional.empty(), r.url());
        assertEquals(Optional.of("python_version < \"2.7\""), r.marker());
        assertFalse(r.appliesIn(PYODIDE, ""), "Pyodide's Python is 3.12");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "A                                | A     | ''           | ''",
        "A.B-C_D                          | A.B-C_D | ''         | ''",
        "aa>=3                            | aa    | >=3          | ''",
        "name (>=1.0, <2)                 | name  | >=1.0 <2     | ''",
        "name[quux, strange];python_version<'2.7' and platform_version=='2' | name | '' | quux strange",
        "name[] == 1.0                    | name  | ==1.0        | ''",
        "Foo.Bar[Some_Extra]~=2.2         | Foo.Bar | ~=2.2      | some-extra",
        "numpy!=1.25.0,>=1.22             | numpy | !=1.25.0 >=1.22 | ''",
    })
    void formsItReads(String text, String name, String specifiers, String extras) {
        Requirement r = Requirement.parse(text);
        assertEquals(name, r.name());
        assertEquals(specifiers.isEmpty() ? List.of() : List.of(specifiers.split(" ")), specs(r));
        assertEquals(extras.isEmpty() ? Set.of() : Set.of(extras.split(" ")), r.extras());
    }

    @Test
    void directReferencesKeepTheirUrlAndMarker() {
        Requirement plain = Requirement.parse("name@http://foo.com");
        assertEquals(Optional.of("http://foo.com"), plain.url());
        Requirement full = Requirement.parse("name [fred,bar] @ http://foo.com/a;b.whl ; python_version=='2.7'");
        assertEquals(Optional.of("http://foo.com/a;b.whl"), full.url(), "a ';' without white space before it is the URL's");
        assertEquals(Set.of("bar", "fred"), full.extras());
        assertEquals(Optional.of("python_version=='2.7'"), full.marker());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[extras]", "name[", "name[a,]", "name @ ", "name==", "name>=1.0 junk", "name ~= 1",
        "name (>=1.0", "name >=1.0 ;", "name ; python_version >", "name==1.0 extra"})
    void whatIsNotARequirementIsRefusedNamingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Requirement.parse(text));
        assertTrue(e.getMessage().contains(text.strip()) || text.strip().isEmpty(), e::getMessage);
    }

    @Test
    void theRefusalSaysWhy() {
        assertEquals("'name>=1.0 junk' is not a PEP 508 requirement: '>=1.0 junk' is not a version specifier (e.g. >=1.0, "
                + "~=2.2, ==1.4.*)", assertThrows(IllegalArgumentException.class, () -> Requirement.parse("name>=1.0 junk")).getMessage());
        assertEquals("'name[' is not a PEP 508 requirement: its extras have no closing ]",
                assertThrows(IllegalArgumentException.class, () -> Requirement.parse("name[")).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ">=1.0       | 1.5     | false | true",
        ">=1.0       | 2.0a1   | false | false",
        ">=1.0       | 2.0a1   | true  | true",
        ">=2.0a1     | 2.0b2   | false | true",
        ">=2.0a1     | 1.9     | false | false",
        "==2.8.*     | 2.8.5   | false | true",
        "==2.8.*     | 2.9     | false | false",
        "!=1.0a1     | 1.0a2   | false | false",
        "''          | 3.0.dev1 | false | false",
        "''          | 3.0     | false | true",
        "~=2.2       | 2.9     | false | true",
        "~=2.2       | 3.0     | false | false",
        "==1.0+local | 1.0+local | false | true",
    })
    void versionsItAllows(String specifiers, String candidate, boolean prereleases, boolean allowed) {
        Requirement r = Requirement.parse("x" + (specifiers.isEmpty() ? "" : " " + specifiers.replace(' ', ',')));
        assertEquals(allowed, r.allows(candidate, prereleases), () -> "x " + specifiers + " allows " + candidate);
    }

    @Test
    void anExtrasMarkerAppliesOnlyWhenThatExtraIsAskedFor() {
        Requirement r = Requirement.parse("pytest>=7 ; extra == 'Test_Suite' and python_version >= '3.8'");
        assertFalse(r.appliesIn(PYODIDE, ""));
        assertTrue(r.appliesIn(PYODIDE, "test-suite"), "extras compare as PEP 685 normalises them");
        assertTrue(Requirement.parse("six").appliesIn(PYODIDE, "anything"));
        assertEquals("typing-extensions", Requirement.parse("Typing_Extensions>=4").normalizedName());
    }
}
