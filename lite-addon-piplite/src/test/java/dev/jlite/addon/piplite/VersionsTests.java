package dev.jlite.addon.piplite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PEP 440 versions and specifiers, against the examples of the PEP and the test vectors of the {@code packaging}
 * library (the facts, rewritten here: the ordered list, the invalid and normalized spellings, the specifier cases).
 */
class VersionsTests {

    /** In PEP 440 order, each strictly above the one before, with epoch 0 and again with epoch 1. */
    private static List<String> ordered() {
        List<String> zero = List.of("1.0.dev0", "1.0.dev456", "1.0.dev456+local", "1.0a0", "1.0a0.post0.dev0",
                "1.0a0.post0", "1.0a1.dev1", "1.0a1.dev1+local", "1.0a1", "1.0a1+local", "1.0b0", "1.0b1.dev456", "1.0b2",
                "1.0b2.post345.dev456", "1.0b2.post345", "1.0b2-346", "1.0rc0", "1.0rc1.dev1", "1.0c1", "1.0rc2", "1.0",
                "1.0.post0.dev0", "1.0.post0", "1.0.post456.dev34", "1.0.post456", "1.0.post456+local", "1.0.1.dev1",
                "1.0.1a1", "1.0.1", "1.0.1+local", "1.0.1.post1", "1.1.dev1", "1.2+a", "1.2+abc", "1.2+abcdef", "1.2+def",
                "1.2+0", "1.2+1", "1.2+1.abc", "1.2+1.1", "1.2+1.1.0", "1.2+2", "1.2+123", "1.2+123456", "1.2.r32+123456",
                "1.2.rev33+123456");
        List<String> all = new ArrayList<>(zero);
        zero.forEach(v -> all.add("1!" + v));
        return all;
    }

    @Test
    void theOrderOfPep440() {
        List<String> versions = ordered();
        for (int i = 0; i < versions.size(); i++) {
            for (int j = 0; j < versions.size(); j++) {
                int expected = Integer.signum(Integer.compare(i, j));
                String a = versions.get(i);
                String b = versions.get(j);
                assertEquals(expected, Integer.signum(Versions.compare(a, b)), () -> a + " against " + b);
            }
        }
        List<Versions.Version> shuffled = new ArrayList<>(versions.stream().map(v -> Versions.parse(v).orElseThrow()).toList());
        Collections.shuffle(shuffled, new Random(440));
        Collections.sort(shuffled);
        assertEquals(versions.stream().map(Versions::normalized).toList(), shuffled.stream().map(Object::toString).toList());
    }

    @Test
    void equalVersionsAreEqualObjectsWithEqualHashes() {
        for (String[] pair : new String[][] {{"1.0rc1", "1.0c1"}, {"1.0", "1.0.0.0"}, {"0!1.2", "1.2"}, {"1.0-5", "1.0.post5"},
                {"2.0+deadbeef.0", "2.0.0+deadbeef.00"}, {"1.0+AbC", "1.0+abc"}, {"1.0a", "1.0alpha0"}}) {
            Versions.Version a = Versions.parse(pair[0]).orElseThrow();
            Versions.Version b = Versions.parse(pair[1]).orElseThrow();
            assertEquals(0, a.compareTo(b), pair[0] + " == " + pair[1]);
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode(), pair[0] + " and " + pair[1]);
        }
        assertFalse(Versions.parse("1.0").equals(Versions.parse("1.0+local")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"french toast", "1.0+a+", "1.0++", "1.0+_foobar", "1.0+foo&asd", "1.0+1+1", "1. 0", "1 .0", "1. 0a1",
        "1 .0a1", "1.0 a1", "1.0a 1", "\u0660\u0661\u0662.\u0663\u0664\u0665.\u0666\u0667\u0668\u0669", ".", "..", "1..0", "1.0.",
        ".1.0", "1..2.3", "1.0+\u0130", "", "1.0.*", "99999999999999999999999.0"})
    void notVersions(String s) {
        assertFalse(Versions.isVersion(s), s);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Versions.compare(s, "1.0"));
        assertEquals("not a PEP 440 version: " + s, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "1.0dev, 1.0.dev0", "1.0.dev, 1.0.dev0", "1.0-dev1, 1.0.dev1", "1.0DEV, 1.0.dev0", "1.0.DEV1, 1.0.dev1",
        "1.0a, 1.0a0", "1.0.a1, 1.0a1", "1.0-alpha, 1.0a0", "1.0.ALPHA1, 1.0a1", "1.0-A1, 1.0a1",
        "1.0b, 1.0b0", "1.0.beta1, 1.0b1", "1.0-BETA, 1.0b0", "1.0B1, 1.0b1",
        "1.0c, 1.0rc0", "1.0.c1, 1.0rc1", "1.0-rc, 1.0rc0", "1.0RC1, 1.0rc1", "1.0pre2, 1.0rc2", "1.0-preview3, 1.0rc3",
        "1.0post, 1.0.post0", "1.0-post1, 1.0.post1", "1.0POST, 1.0.post0", "1.0r, 1.0.post0", "1.0rev, 1.0.post0",
        "1.0.r1, 1.0.post1", "1.0-5, 1.0.post5", "1.0-r5, 1.0.post5", "1.0-rev5, 1.0.post5",
        "1.0+AbC, 1.0+abc", "1.0+a-b_c, 1.0+a.b.c",
        "1.01, 1.1", "1.0a05, 1.0a5", "1.0b07, 1.0b7", "1.0c056, 1.0rc56", "1.0rc09, 1.0rc9", "1.0.post000, 1.0.post0",
        "1.1.dev09000, 1.1.dev9000", "00!1.2, 1.2", "0100!0.0, 100!0.0", "v1.0, 1.0", "V1.0, 1.0",
        "1.0b2.post345.dev456, 1.0b2.post345.dev456", "7!1.0.post456.dev34, 7!1.0.post456.dev34", "0!1.0.4+8.0, 1.0.4+8.0",
    })
    void normalizedAsPep440Says(String version, String normalized) {
        assertEquals(normalized, Versions.normalized(version));
    }

    @Test
    void whiteSpaceOfAnyScriptAroundAVersionIsIgnored() {
        assertEquals("1.0", Versions.normalized("   v1.0\t\n"));
        assertEquals("1.0", Versions.normalized("\u202f1.0\t\u2029\n "));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
        // equality, with and without local labels
        "2.0, ==2", "2.0, ==2.0.0", "2.0+deadbeef, ==2", "2.0+deadbeef, ==2.0+deadbeef", "2.0+deadbeef.0, ==2.0.0+deadbeef.00",
        // prefixes match every kind of release under them
        "2.dev1, ==2.*", "2a1, ==2.*", "2a1.post1, ==2.*", "2c1.post1.dev1, ==2.0.*", "2, ==2.0.0.*", "2, ==0!2.*",
        "2.0.0.0, ==2.0.*", "2.1+local.version, ==2.1.*",
        "2.1, !=2", "2.0.1, !=2.0.0", "2.0, !=2.0+deadbeef", "2.0, !=3.*", "2.1.0.0, !=2.0.*",
        "2.0.post1, >=2", "2.0.post1.dev1, >=2", "3.0.0a8, >=3.0.0a7",
        "2.0.dev1, <=2", "2.0b1.post1, <=2", "2.0c1.post1.dev1, <=2", "3.0.0a7, <=3.0.0a8",
        "3, >2", "2.0.1, >2", "2.1.post1, >2", "2.1+local.version, >2", "3.0.0a8, >3.0.0a7", "1.0+local, >1.0.dev1",
        "1.0.post2+local, >1.0.post1", "1.0.dev1, <1.0.post1", "1.0, <1.0.post1", "1.0.post0.dev0, <1.0.post1",
        "1, <2", "2.0.dev0, <2.1", "3.0.0a7, <3.0.0a8",
        "1, ~=1.0", "1.9999999, ~=1.0", "1.1, ~=1.0a1", "2022.01.01, ~=2022.01.01",
        "2!1.0, ~=2!1.0", "2!1.0, ==2!1.*", "2!1.0, !=1.0", "1.0, <=2!0.1", "2!1.0, >2.0", "2.0.5, >2.0dev",
        "1.0.dev1, >1.0.dev0", "1.0.post0, >1.0.dev1", "1.0.post0, >1.0a1", "1.0b2.post0, >1.0b1",
        "1.0, ===1.0", "foobar, ===foobar", "1.0A1, ===1.0a1", "LoLWaT, ===lOlwAt", "1.01, ===1.01",
    })
    void satisfied(String version, String spec) {
        String op = spec.replaceAll("^([=!<>~]+).*", "$1");
        assertTrue(Versions.satisfies(version, op, spec.substring(op.length())), version + " in " + spec);
    }

    @ParameterizedTest(name = "{0} not in {1}")
    @CsvSource({
        "2.1, ==2", "2.0, ==2.0+deadbeef", "2.0, ==3.*", "2.1, ==2.0.*", "3, ==2.0.0.*",
        "2.0, !=2", "2.0+deadbeef, !=2.0", "2.0+deadbeef.0, !=2.0.0+deadbeef.00", "2a1, !=2.*", "2.0.0.0, !=2.0.*",
        "2.0.dev1, >=2", "2.0c1.post1.dev1, >=2", "1, >=2", "2.0.post1, <=2", "3, <=2",
        // above 2 is not a post-release or local build of 2, nor a pre-release of it
        "2.0, >2", "2.0.post1, >2", "2.0.post1.dev1, >2", "2.0+local.version, >2", "2.0rc1, >2", "1.0a1+local, >1.0a1",
        "1.0a1.post0, >1.0a1", "1.0.post0, >1.0", "0.9.post0, >1.0",
        // below 2 is not a pre-release of 2
        "2.0.dev1, <2", "2.0a1.post1, <2", "2.0rc1, <2", "2.0, <2", "2.post1, <2", "1.0.post1.dev0, <1.0.post1",
        "2.0, ~=1.0", "1.1.0, ~=1.0.0", "1.1.post1, ~=1.0.0", "1.0, ~=2!1.0", "2!1.0, ~=1.0", "2!1.0, ==1.*",
        "1.0.0, ===1.0", "1.0+downstream1, ===1.0", "1.01, ===1.1", "0!1.0, ===1.0",
        // a candidate that is not a version satisfies no version specifier, not even !=
        "not a version, ==1.0", "not a version, !=1.0", "not a version, !=1.*", "not a version, ~=1.0",
    })
    void notSatisfied(String version, String spec) {
        String op = spec.replaceAll("^([=!<>~]+).*", "$1");
        assertFalse(Versions.satisfies(version, op, spec.substring(op.length())), version + " in " + spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=>2.0", "==", "~=1.0+5", ">=1.0+deadbeef", "<=1.0+abc123", ">1.0+watwat", "<1.0+1.0", "~=1.0.*",
        ">=1.0.*", "<1.0.*", "==1.0.*+5", "!=1.0.*+deadbeef", "==2.0a1.*", "!=2.0.post1.*", "==2.0.dev1.*", "==1.0+5.*",
        "==1.0.*.5", "~=1", "==1.2+\u0130", "===", "=== a b"})
    void malformedSpecifiers(String spec) {
        String op = spec.replaceAll("^([=!<>~]+).*", "$1");
        String version = spec.substring(op.length());
        assertFalse(Versions.isSpecifier(op, version), spec);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Versions.satisfies("1.0", op, version));
        assertEquals("not a version specifier: " + spec, e.getMessage());
    }
}
