package dev.jlite.addon.piplite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PEP 508 markers, against the PEP's examples, the {@code packaging} library's cases and Pyodide's environment. */
class MarkersTests {

    /** Pyodide 0.27's environment: Python 3.12.7 on Emscripten 3.1.58. */
    private static final Map<String, String> PYODIDE = Markers.pyodide("3.12.7", "emscripten_3_1_58");

    private static Map<String, String> with(String... pairs) {
        Map<String, String> env = new HashMap<>(PYODIDE);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void pyodidesEnvironment() {
        assertEquals("3.12", PYODIDE.get("python_version"));
        assertEquals("3.12.7", PYODIDE.get("python_full_version"));
        assertEquals("emscripten", PYODIDE.get("sys_platform"));
        assertEquals("Emscripten", PYODIDE.get("platform_system"));
        assertEquals("wasm32", PYODIDE.get("platform_machine"));
        assertEquals("3.1.58", PYODIDE.get("platform_release"));
        assertEquals("", PYODIDE.get("extra"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // what real wheels' METADATA says, as Pyodide sees it
        "python_version >= \"3.8\" | true",
        "python_version < \"3.11\" | false",
        "python_version <= '3.12' | true",
        "python_version == \"3.1\" | false",
        "python_version ~= \"3.10\" | true",
        "python_full_version >= '3.12.0rc1' | true",
        "sys_platform == \"win32\" | false",
        "sys_platform != \"win32\" and sys_platform != \"cygwin\" | true",
        "platform_system == \"Windows\" or os_name == \"nt\" | false",
        "platform_python_implementation == 'CPython' and python_version >= '3.9' | true",
        "implementation_name == \"pypy\" | false",
        "platform_machine != 'wasm32' | false",
        "python_version >= \"3.9\" and (sys_platform == \"emscripten\" or sys_platform == \"linux\") | true",
        "(python_version >= \"3.9\" and sys_platform == \"win32\") or extra == \"\" | true",
        "extra == \"test\" | false",
        "python_version >= \"3.8\" and extra == \"docs\" | false",
        // and binds tighter than or
        "os_name == 'nt' and python_version > '2' or sys_platform == 'emscripten' | true",
        "os_name == 'nt' and (python_version > '2' or sys_platform == 'emscripten') | false",
        // a literal on the left compares the same way
        "'3.7' < python_version | true",
        "\"emscripten\" == sys_platform | true",
        // in and not in are text containment, even for version variables
        "'3.1' in python_version | true",
        "'win' not in sys_platform | true",
        "'posix' in os_name | true",
    })
    void inPyodide(String marker, boolean expected) {
        assertEquals(expected, Markers.evaluate(marker, PYODIDE), marker);
    }

    @Test
    void versionsCompareAsPep440NotAsText() {
        assertTrue(Markers.evaluate("\"2.7.9\" < python_full_version", with("python_full_version", "2.7.10")));
        assertFalse(Markers.evaluate("\"2.7.9\" < python_full_version", with("python_full_version", "2.7.8")));
        assertTrue(Markers.evaluate("python_version >= \"3.10\"", with("python_version", "3.12")), "3.12 is not below 3.10");
        assertTrue(Markers.evaluate("python_full_version > \"3.6.2\"", with("python_full_version", "3.11.0a5")),
                "pre-releases are allowed");
        assertTrue(Markers.evaluate("os_name == 'foo' and python_version ~= '2.7.0'", with("os_name", "foo", "python_version",
                "2.7.6")));
        assertFalse(Markers.evaluate("python_version ~= '2.7.0' and (os_name == 'foo' or os_name == 'bar')",
                with("os_name", "other", "python_version", "2.7.4")));
    }

    @Test
    void textComparesOnlyForEquality() {
        assertFalse(Markers.evaluate("\"b\" < python_full_version", with("python_full_version", "c")));
        assertFalse(Markers.evaluate("\"b\" < python_full_version", with("python_full_version", "a")));
        assertFalse(Markers.evaluate("\"b\" > \"a\"", PYODIDE));
        assertFalse(Markers.evaluate("\"b\" >= \"a\"", PYODIDE));
        assertTrue(Markers.evaluate("\"a\" <= \"a\"", PYODIDE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Markers.evaluate("'2.7.0' ~= os_name",
                PYODIDE));
        assertEquals("~= needs versions, not '2.7.0' and 'posix'", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "extra == 'security' | quux | false",
        "extra == 'security' | security | true",
        "extra == 'SECURITY' | security | true",
        "extra == 'security' | SECURITY | true",
        "extra == 'pep-685-norm' | PEP_685...norm | true",
        "extra == 'Different.punctuation..is...equal' | different__punctuation_is_EQUAL | true",
    })
    void extrasCompareNormalized(String marker, String extra, boolean expected) {
        assertEquals(expected, Markers.evaluate(marker, with("extra", extra)), marker + " with extra " + extra);
    }

    @Test
    void oldSpellingsOfTheVariables() {
        assertTrue(Markers.evaluate("os.name == 'posix'", PYODIDE));
        assertFalse(Markers.evaluate("sys.platform == 'win32'", PYODIDE));
        assertTrue(Markers.evaluate("platform.machine=='wasm32'", PYODIDE));
        assertFalse(Markers.evaluate("platform.python_implementation=='Jython'", PYODIDE));
        assertFalse(Markers.evaluate("python_implementation=='Jython'", PYODIDE));
        assertFalse(Markers.evaluate("platform.version in 'Ubuntu'", with("platform_version", "#39")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"this_isnt_a_real_variable >= '1.0'", "python_version", "(python_version)",
        "python_version >= 1.0 and (python_version)", "(python_version == \"2.7\" and os_name == \"linux\"",
        "(python_version == \"2.7\") with random text", "os_name == \"unterminated", "os_name =< 'posix'"})
    void malformedMarkersAreRefused(String marker) {
        assertThrows(IllegalArgumentException.class, () -> Markers.evaluate(marker, PYODIDE), marker);
    }
}
