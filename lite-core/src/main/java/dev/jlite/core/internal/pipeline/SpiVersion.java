package dev.jlite.core.internal.pipeline;

import dev.jlite.core.spi.Addon;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which addons fit this jlite's addon SPI. An addon module says which jlite it was built for: a modular
 * jar's descriptor keeps the version of {@code dev.jlite.core} it was compiled against (the compiled
 * version of its {@code requires dev.jlite.core}), and any jar may say it in its manifest
 * ({@code Jlite-Spi-Version: 0.1}), which is how a plain jar says it. It fits when the major versions are
 * equal and, before 1.0 (where any minor release may change the SPI), the minor versions too; from 1.0 on
 * the SPI only grows (with {@code default} methods), so an addon built for 1.2 also runs on 1.3. An addon
 * that says nothing, or a jlite without a version (run from classes), is not checked; a mismatch then
 * shows up as a {@link LinkageError}, which {@link AddonFailures} reports as another SPI.
 */
public final class SpiVersion {

    /** The manifest attribute a jar may use to say which jlite it was built for. */
    public static final String MANIFEST_ATTRIBUTE = "Jlite-Spi-Version";
    static final String CORE_MODULE = "dev.jlite.core";
    private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+)(?:[.\\-+].*)?");

    /** A major.minor pair. */
    record Version(int major, int minor) {

        static Optional<Version> parse(String text) {
            Matcher m = MAJOR_MINOR.matcher(text.trim());
            if (!m.matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        /** Whether an addon built for {@code addon} runs on this version. */
        boolean runs(Version addon) {
            return major == addon.major && (major == 0 ? minor == addon.minor : addon.minor <= minor);
        }

        /** The versions of jlite an addon may be built for to run on this one, e.g. {@code 0.1} or {@code 1.0 to 1.3}. */
        String supported() {
            return major == 0 || minor == 0 ? this.toString() : major + ".0 to " + this;
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    /** What an addon module says about the jlite it was built for, and where it says it. */
    record Claim(String version, String source) {
    }

    private SpiVersion() {
    }

    /** The full version of this jlite's core module, when it has one (it does in every built jar). */
    public static Optional<String> coreVersion() {
        ModuleDescriptor d = Addon.class.getModule().getDescriptor();
        return d == null ? Optional.empty() : d.version().map(ModuleDescriptor.Version::toString);
    }

    /** The versions of jlite addons may be built for, e.g. {@code 0.1}; {@code this jlite's} when unknown. */
    public static String supported() {
        return coreVersion().flatMap(Version::parse).map(Version::supported).orElse("this jlite");
    }

    /** What a module says about the jlite it was built for: its descriptor first, then its manifest. */
    static Optional<Claim> claim(ModuleDescriptor descriptor, Supplier<Optional<String>> manifestValue) {
        Optional<Claim> compiled = descriptor.requires().stream()
                .filter(r -> r.name().equals(CORE_MODULE))
                .flatMap(r -> r.compiledVersion().stream())
                .findFirst()
                .map(v -> new Claim(v.toString(), "it was compiled against " + CORE_MODULE + " " + v));
        return compiled.or(() -> manifestValue.get().filter(v -> !v.isBlank())
                .map(v -> new Claim(v.trim(), "its manifest says " + MANIFEST_ATTRIBUTE + ": " + v.trim())));
    }

    /**
     * Why a module built for another jlite cannot be used, naming it and its jar; empty when it fits or
     * says nothing. {@code removal} says how to get rid of the jar.
     */
    static Optional<String> problem(String module, String location, ModuleDescriptor descriptor,
                                    Supplier<Optional<String>> manifestValue, Optional<String> coreVersion, String removal) {
        Optional<Version> core = coreVersion.flatMap(Version::parse);
        if (core.isEmpty()) {
            return Optional.empty();
        }
        Optional<Claim> claim = claim(descriptor, manifestValue);
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        Optional<Version> built = Version.parse(claim.get().version());
        if (built.isPresent() && core.get().runs(built.get())) {
            return Optional.empty();
        }
        String forWhat = built.isPresent() ? "jlite " + claim.get().version() : "jlite '" + claim.get().version() + "'";
        return Optional.of("addon module " + module + " (" + location + ") was built for " + forWhat + " (" + claim.get().source()
                + "), and this jlite " + coreVersion.get() + " runs addons built for jlite " + core.get().supported()
                + ", so it was not loaded; use a version of the addon built for jlite " + core.get().supported() + ", or "
                + removal);
    }

    /** The manifest attribute of a module's jar, when it has one. */
    static Optional<String> manifestValue(ModuleReference reference) {
        try (ModuleReader reader = reference.open()) {
            Optional<InputStream> in = reader.open("META-INF/MANIFEST.MF");
            if (in.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream stream = in.get()) {
                return Optional.ofNullable(new Manifest(stream).getMainAttributes().getValue(MANIFEST_ATTRIBUTE));
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable manifest says nothing; the jar already loaded, so it is readable enough
            return Optional.empty();
        }
    }
}
