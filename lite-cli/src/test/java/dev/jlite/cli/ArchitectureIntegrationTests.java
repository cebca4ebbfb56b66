package dev.jlite.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.jlite.testkit.AddonRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.jar.JarFile;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture rules, over the classes of the built jars. */
class ArchitectureIntegrationTests {

    private static JavaClasses core;
    private static JavaClasses addons;
    private static JavaClasses all;

    @BeforeAll
    static void importJars() {
        all = classes(BuiltJars.ARTIFACTS);
        core = classes(List.of("lite-core"));
        addons = classes(BuiltJars.ADDONS.stream().map(a -> "lite-addon-" + a).toList());
    }

    private static JavaClasses classes(List<String> artifacts) {
        List<JarFile> jars = new ArrayList<>();
        try {
            for (String a : artifacts) {
                jars.add(new JarFile(BuiltJars.jar(a).toFile()));
            }
            return new ClassFileImporter().importJars(jars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theImportIsNotEmpty() {
        // A sanity floor, so that no rule below can pass for want of classes.
        assertTrue(core.size() > 40, "core classes: " + core.size());
        assertTrue(addons.size() >= 3, "addon classes: " + addons.size());
        assertTrue(all.size() > core.size() + addons.size(), "all classes: " + all.size());
        assertTrue(all.contain("dev.jlite.core.internal.pipeline.Pipeline"));
        assertTrue(all.contain("dev.jlite.cli.JliteTool"));
    }

    @Test
    void coreNeverDependsOnAddonsOrTheCli() {
        noClasses().that().resideInAPackage("dev.jlite.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jlite.addon..", "dev.jlite.cli..", "dev.jlite.testkit..")
                .allowEmptyShould(false).check(all);
    }

    @Test
    void addonsNeverDependOnEachOther() {
        for (String addon : BuiltJars.ADDONS) {
            List<String> others = BuiltJars.ADDONS.stream().filter(a -> !a.equals(addon)).map(a -> "dev.jlite.addon." + a + "..").toList();
            noClasses().that().resideInAPackage("dev.jlite.addon." + addon + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                    .allowEmptyShould(false).check(all);
        }
    }

    @Test
    void coreAndAddonsAreHermetic() {
        for (ArchRule rule : List.of(AddonRules.NO_DEFAULT_FILE_SYSTEM, AddonRules.NO_WALL_CLOCK, AddonRules.NO_STANDARD_STREAMS,
                AddonRules.NO_DIRECT_NETWORK)) {
            rule.check(core);
            rule.check(addons);
        }
        AddonRules.ONLY_CORE_API.check(addons);
    }

    @Test
    void theRulesCatchAViolation() {
        // The rules are not vacuous: the CLI, which may touch the host, breaks some of them.
        JavaClasses cli = classes(List.of("lite-cli"));
        AssertionError error = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> AddonRules.NO_STANDARD_STREAMS.check(cli));
        assertTrue(error.getMessage().contains("dev.jlite.cli.Main"), error.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> AddonRules.NO_WALL_CLOCK.check(cli));
    }
}
