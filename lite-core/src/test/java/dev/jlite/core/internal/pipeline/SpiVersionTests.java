package dev.jlite.core.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which jlite an addon module says it was built for, and whether it runs on this one. */
class SpiVersionTests {

    private static ModuleDescriptor builtFor(String coreVersion) {
        return ModuleDescriptor.newModule("com.example.addon")
                .requires(Set.of(), "dev.jlite.core", ModuleDescriptor.Version.parse(coreVersion)).build();
    }

    private static final String OUT = "take its jar out of the addon path";

    private static final ModuleDescriptor SILENT = ModuleDescriptor.newModule("com.example.addon").requires("dev.jlite.core").build();

    @Test
    void beforeOneZeroTheMinorVersionMustMatchAfterItTheAddonMayBeOlder() {
        SpiVersion.Version zeroOne = SpiVersion.Version.parse("0.1.0-SNAPSHOT").orElseThrow();
        assertTrue(zeroOne.runs(SpiVersion.Version.parse("0.1.7").orElseThrow()));
        assertFalse(zeroOne.runs(SpiVersion.Version.parse("0.2.0").orElseThrow()));
        assertFalse(zeroOne.runs(SpiVersion.Version.parse("0.0.9").orElseThrow()));
        SpiVersion.Version oneThree = SpiVersion.Version.parse("1.3.2").orElseThrow();
        assertTrue(oneThree.runs(SpiVersion.Version.parse("1.0").orElseThrow()));
        assertTrue(oneThree.runs(SpiVersion.Version.parse("1.3.9").orElseThrow()));
        assertFalse(oneThree.runs(SpiVersion.Version.parse("1.4.0").orElseThrow()), "a newer SPI may use what 1.3 lacks");
        assertFalse(oneThree.runs(SpiVersion.Version.parse("2.0").orElseThrow()));
        assertEquals("0.1", zeroOne.supported());
        assertEquals("1.0 to 1.3", oneThree.supported());
        assertEquals(Optional.empty(), SpiVersion.Version.parse("dev"));
    }

    @Test
    void theDescriptorSpeaksFirstThenTheManifest() {
        assertEquals(Optional.of(new SpiVersion.Claim("0.2.0", "it was compiled against dev.jlite.core 0.2.0")),
                SpiVersion.claim(builtFor("0.2.0"), () -> Optional.of("0.1")));
        assertEquals(Optional.of(new SpiVersion.Claim("0.2", "its manifest says Jlite-Spi-Version: 0.2")),
                SpiVersion.claim(SILENT, () -> Optional.of(" 0.2 ")));
        assertEquals(Optional.empty(), SpiVersion.claim(SILENT, Optional::empty));
    }

    @Test
    void aMismatchNamesTheModuleTheJarAndBothVersions() {
        assertEquals(Optional.of("addon module com.example.addon (/a/addon.jar) was built for jlite 0.2.0 (it was compiled against "
                        + "dev.jlite.core 0.2.0), and this jlite 0.1.4 runs addons built for jlite 0.1, so it was not loaded; use a "
                        + "version of the addon built for jlite 0.1, or take its jar out of the addon path"),
                SpiVersion.problem("com.example.addon", "/a/addon.jar", builtFor("0.2.0"), Optional::empty, Optional.of("0.1.4"), OUT));
        assertEquals(Optional.of("addon module m (/a/m.jar) was built for jlite 'banana' (its manifest says "
                        + "Jlite-Spi-Version: banana), and this jlite 0.1.4 runs addons built for jlite 0.1, so it was not loaded; use "
                        + "a version of the addon built for jlite 0.1, or take its jar out of the addon path"),
                SpiVersion.problem("m", "/a/m.jar", SILENT, () -> Optional.of("banana"), Optional.of("0.1.4"), OUT));
        assertEquals(Optional.empty(), SpiVersion.problem("m", "/a/m.jar", builtFor("0.1.0"), Optional::empty, Optional.of("0.1.4"),
                OUT));
        assertEquals(Optional.empty(), SpiVersion.problem("m", "/a/m.jar", SILENT, Optional::empty, Optional.of("0.1.4"), OUT),
                "an addon that says nothing is not checked");
        assertEquals(Optional.empty(), SpiVersion.problem("m", "/a/m.jar", builtFor("9.0"), Optional::empty, Optional.empty(), OUT),
                "nor is any addon when jlite has no version");
    }
}
