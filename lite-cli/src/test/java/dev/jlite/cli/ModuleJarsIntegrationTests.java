package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Provides;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** What the built jars declare: each addon exports nothing and provides the Addon SPI; core exports its API only. */
class ModuleJarsIntegrationTests {

    private static final String SPI = "dev.jlite.core.spi.Addon";

    @Test
    void everyAddonModuleExportsNothingAndProvidesTheSpi() {
        for (String addon : BuiltJars.ADDONS) {
            ModuleDescriptor d = BuiltJars.descriptor("lite-addon-" + addon);
            assertEquals("dev.jlite.addon." + addon, d.name());
            assertEquals(Set.of(), d.exports(), d.name());
            assertEquals(Set.of(), d.opens(), d.name());
            List<Provides> provides = List.copyOf(d.provides());
            assertEquals(1, provides.size(), d.name());
            assertEquals(SPI, provides.get(0).service());
            assertEquals(1, provides.get(0).providers().size());
            assertTrue(provides.get(0).providers().get(0).startsWith("dev.jlite.addon." + addon + "."));
            Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
            assertTrue(requires.contains("dev.jlite.core"), d.name());
            assertTrue(requires.stream().noneMatch(r -> r.startsWith("dev.jlite.addon.")), "addons never require each other");
            assertEquals(BuiltJars.version(), d.version().orElseThrow().toString());
            assertTrue(BuiltJars.entries(BuiltJars.jar("lite-addon-" + addon)).contains("META-INF/services/" + SPI),
                    "class-path users find it through META-INF/services too");
        }
    }

    @Test
    void coreExportsItsApiAndUsesTheSpi() {
        ModuleDescriptor d = BuiltJars.descriptor("lite-core");
        assertEquals("dev.jlite.core", d.name());
        assertEquals(Set.of("dev.jlite.core", "dev.jlite.core.spi", "dev.jlite.core.spi.pyodide"),
                d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of(SPI), d.uses());
        List<String> providers = d.provides().stream().filter(p -> p.service().equals(SPI)).findFirst().orElseThrow().providers();
        assertTrue(providers.containsAll(List.of("dev.jlite.core.internal.addons.AppAddon",
                "dev.jlite.core.internal.addons.RuntimeConfigAddon", "dev.jlite.core.internal.addons.SiteArchiveAddon")), providers::toString);
        assertTrue(providers.stream().allMatch(p -> p.startsWith("dev.jlite.core.internal.addons.")), providers::toString);
        // Class-path users find the same built-ins through META-INF/services.
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(BuiltJars.jar("lite-core").toFile())) {
            String services = new String(jar.getInputStream(jar.getEntry("META-INF/services/" + SPI)).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(providers, services.lines().map(String::trim).filter(l -> !l.isEmpty()).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(requires.stream().noneMatch(r -> r.startsWith("dev.jlite.")), "core requires no other jlite module");
        assertTrue(requires.contains("com.networknt.schema"), "check validates with the JSON schema validator: " + requires);
    }

    @Test
    void theTestKitAndCliExportWhatTheyShould() {
        ModuleDescriptor kit = BuiltJars.descriptor("lite-test-kit");
        assertEquals("dev.jlite.testkit", kit.name());
        assertEquals(Set.of("dev.jlite.testkit"), kit.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet()));
        ModuleDescriptor cli = BuiltJars.descriptor("lite-cli");
        assertEquals("dev.jlite.cli", cli.name());
        assertEquals(Set.of(), cli.exports());
        assertEquals(List.of("dev.jlite.cli.JliteTool"), cli.provides().stream()
                .filter(p -> p.service().equals("java.util.spi.ToolProvider")).findFirst().orElseThrow().providers());
        Set<String> requires = cli.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(requires.stream().noneMatch(r -> r.startsWith("dev.jlite.addon.")), "the CLI finds addons, never names them");
        assertTrue(requires.containsAll(Set.of("jdk.httpserver", "jdk.unsupported")), "jlite serve: " + requires);
    }

    @Test
    void theLauncherModulePathHoldsEveryBundledModule() {
        Set<String> names = BuiltJars.modules().keySet();
        for (String m : List.of("dev.jlite.cli", "dev.jlite.core", "dev.jlite.addon.pyodide", "dev.jlite.addon.mathjax",
                "dev.jlite.addon.piplite", "tools.jackson.databind", "org.apache.commons.compress", "info.picocli",
                "com.networknt.schema", "org.slf4j", "org.slf4j.nop")) {
            assertTrue(names.contains(m), m + " in " + names);
        }
        // The schema validator runs on Jackson 3: neither Jackson 2's databind nor the YAML format comes along.
        assertTrue(names.stream().noneMatch(n -> n.startsWith("com.fasterxml.jackson.databind") || n.startsWith("com.fasterxml.jackson.core")
                || n.contains("yaml")), "no Jackson 2 or YAML: " + names);
        assertTrue(BuiltJars.modules().get("com.networknt.schema").descriptor().requires().stream()
                .anyMatch(r -> r.name().equals("tools.jackson.databind")), "the validator is the Jackson 3 build");
        assertTrue(names.stream().noneMatch(n -> n.contains("junit") || n.contains("jimfs") || n.contains("archunit")),
                "no test libraries ship: " + names);
    }

    @Test
    void jarsAreReproducible() throws IOException {
        FileTime pinned = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        for (String artifact : BuiltJars.ARTIFACTS) {
            try (ZipFile zip = new ZipFile(BuiltJars.jar(artifact).toFile())) {
                zip.stream().forEach(e -> assertEquals(pinned.toInstant(), e.getLastModifiedTime().toInstant(),
                        artifact + "!" + e.getName()));
            }
        }
    }
}
