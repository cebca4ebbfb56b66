package dev.jlite.addon.piplite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The resolver on generated indexes: choices, markers, extras, Requires-Python, backtracking, conflicts. */
class ResolverTests {

    private static final Map<String, String> PYODIDE = Markers.pyodide("3.12.7", "emscripten_3_1_58");

    /** A generated index: add(name, version, requires...) with Requires-Python after a "python:" entry. */
    private static final class Index {
        final Map<String, List<Resolver.Candidate>> byName = new LinkedHashMap<>();

        Index add(String name, String version, String... requires) {
            return add(name, version, Optional.empty(), Optional.empty(), requires);
        }

        Index add(String name, String version, Optional<String> python, Optional<Instant> uploaded, String... requires) {
            byName.computeIfAbsent(Requirement.parse(name).normalizedName(), k -> new ArrayList<>()).add(new Resolver.Candidate(name,
                    version, name.replace('-', '_') + "-" + version + "-py3-none-any.whl", python, List.of(requires), uploaded));
            return this;
        }

        Map<String, String> resolve(String... specs) {
            return resolve(List.of(), Optional.empty(), specs);
        }

        Map<String, String> resolve(List<String> constraints, Optional<Instant> excludeNewer, String... specs) {
            Resolver r = new Resolver(n -> byName.getOrDefault(n, List.of()), PYODIDE,
                    constraints.stream().map(Requirement::parse).toList(), excludeNewer);
            return r.resolve(List.of(specs).stream().map(Requirement::parse).toList()).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().candidate().version(), (a, b) -> a, LinkedHashMap::new));
        }
    }

    @Test
    void theNewestAllowedVersionOfEachProjectWithWhatItNeeds() {
        Index index = new Index().add("a", "1.0", "b>=1").add("a", "2.0", "b>=2", "c").add("b", "1.5").add("b", "2.1").add("b", "3.0a1")
                .add("c", "0.9");
        assertEquals(Map.of("a", "2.0", "b", "2.1", "c", "0.9"), index.resolve("a"));
        assertEquals(List.of("a", "b", "c"), List.copyOf(index.resolve("a").keySet()), "in the order first needed");
        assertEquals(Map.of("a", "1.0", "b", "1.5"), index.resolve("a<2", "b<2"));
    }

    @Test
    void markersAreEvaluatedForPyodide() {
        Index index = new Index().add("a", "1.0", "winonly ; sys_platform == 'win32'", "webonly ; sys_platform == 'emscripten'",
                "old ; python_version < '3.10'").add("webonly", "1.0");
        assertEquals(Map.of("a", "1.0", "webonly", "1.0"), index.resolve("a"), "winonly and old do not apply, and need not exist");
    }

    @Test
    void extrasBringWhatTheirMarkersName() {
        Index index = new Index().add("a", "1.0", "b", "c>=2 ; extra == 'fast'").add("b", "1.0").add("c", "1.0").add("c", "2.0");
        assertEquals(Map.of("a", "1.0", "b", "1.0"), index.resolve("a"));
        assertEquals(Map.of("a", "1.0", "b", "1.0", "c", "2.0"), index.resolve("a[fast]"));
        assertEquals(Map.of("a", "1.0", "b", "1.0", "c", "2.0"), index.resolve("a", "a[Fast]"), "an extra asked later still counts");
    }

    @Test
    void requiresPythonLeavesOutWhatPyodidesPythonCannotRun() {
        Index index = new Index().add("a", "1.0").add("a", "2.0", Optional.of(">=3.13"), Optional.empty())
                .add("a", "1.5", Optional.of(">=3.9, <4"), Optional.empty());
        assertEquals(Map.of("a", "1.5"), index.resolve("a"));
    }

    @Test
    void preReleasesOnlyWhenAskedForOrWhenNothingElseWill() {
        Index index = new Index().add("a", "1.0").add("a", "2.0b1").add("only", "0.1a1");
        assertEquals(Map.of("a", "1.0"), index.resolve("a"));
        assertEquals(Map.of("a", "2.0b1"), index.resolve("a>=2.0b1"));
        assertEquals(Map.of("only", "0.1a1"), index.resolve("only"));
    }

    @Test
    void aNewerVersionWhoseNeedsClashIsPassedOverForAnOlderOne() {
        // a 2.0 needs b>=2, but b is pinned below 2: a 1.0 is chosen
        Index index = new Index().add("a", "2.0", "b>=2").add("a", "1.0", "b").add("b", "1.0").add("b", "2.0");
        assertEquals(Map.of("b", "1.0", "a", "1.0"), index.resolve("b<2", "a"));
    }

    @Test
    void constraintsBoundWhatIsNeededAndAddNothing() {
        Index index = new Index().add("a", "1.0", "b").add("b", "1.0").add("b", "2.0").add("c", "1.0");
        assertEquals(Map.of("a", "1.0", "b", "1.0"), index.resolve(List.of("b<2", "c==1.0"), Optional.empty(), "a"));
    }

    @Test
    void excludeNewerLeavesOutLaterUploads() {
        Instant cut = Instant.parse("2024-01-01T00:00:00Z");
        Index index = new Index().add("a", "1.0", Optional.empty(), Optional.of(cut.minusSeconds(60)))
                .add("a", "2.0", Optional.empty(), Optional.of(cut.plusSeconds(60))).add("a", "1.5");
        assertEquals(Map.of("a", "1.5"), index.resolve(List.of(), Optional.of(cut), "a"), "a file without a time is kept");
    }

    @Test
    void aConflictNamesBothChains() {
        Index index = new Index().add("app", "1.0", "lib>=2").add("tool", "1.0", "lib<2").add("lib", "1.0").add("lib", "2.0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> index.resolve("app", "tool"));
        assertEquals("lib 2.0 was chosen for app -> lib>=2, but tool -> lib<2 needs lib<2", e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new Index().add("a", "1.0").resolve("a>=2"));
        assertEquals("no version of a meets a>=2 on Python 3.12.7", none.getMessage());
    }

    @Test
    void theSameInputsGiveTheSameChoices() {
        Index index = new Index().add("a", "1.0", "c", "b").add("b", "1.0", "c<3").add("c", "2.0").add("c", "3.0");
        Map<String, String> first = index.resolve("a");
        assertEquals(Map.of("a", "1.0", "c", "2.0", "b", "1.0"), first);
        for (int i = 0; i < 5; i++) {
            assertEquals(List.copyOf(first.entrySet()), List.copyOf(index.resolve("a").entrySet()));
        }
    }

    @Test
    void aWheelWithAnUnreadableRequirementIsNamed() {
        Index index = new Index().add("a", "1.0", "b >= = 2");
        assertEquals("a-1.0-py3-none-any.whl: its Requires-Dist 'b >= = 2' is not a PEP 508 requirement: '>= = 2' is not a "
                + "version specifier (e.g. >=1.0, ~=2.2, ==1.4.*)", assertThrows(IllegalArgumentException.class,
                () -> index.resolve("a")).getMessage());
    }

    @Test
    void aSearchThatWouldNotEndIsStoppedWithTheClashItFound() {
        // every a needs some b and c>=2; no c is 2: each of the 600 x 600 pairs fails only at c
        Index index = new Index().add("c", "1.0");
        for (int i = 0; i < 600; i++) {
            index.add("a", "1." + i, "b", "c>=2").add("b", "1." + i);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> index.resolve("a"));
        assertEquals("no choice found after trying 200000 requirements; the deepest clash: no version of c meets a -> c>=2 "
                + "on Python 3.12.7; pin the projects involved", e.getMessage());
    }
}
