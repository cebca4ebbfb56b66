package dev.jlite.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The jars the build produced, as Failsafe sees them after {@code package}. */
final class BuiltJars {

    static final List<String> ARTIFACTS = List.of("lite-core", "lite-addon-pyodide", "lite-addon-mathjax",
            "lite-addon-piplite", "lite-test-kit", "lite-cli");
    static final List<String> ADDONS = List.of("pyodide", "mathjax", "piplite");

    private BuiltJars() {
    }

    static Path root() {
        return Path.of(property("jlite.repo.root"));
    }

    static String version() {
        return property("jlite.version");
    }

    /** The jar of a module of this project, e.g. {@code lite-core}. */
    static Path jar(String artifact) {
        Path jar = root().resolve(artifact).resolve("target").resolve(artifact + "-" + version() + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run these tests with `mvn verify`");
        }
        return jar;
    }

    /** The launcher's module path: the CLI jar, then its runtime dependencies. */
    static String modulePath() {
        return property("jlite.cli.jar") + java.io.File.pathSeparator + property("jlite.modules");
    }

    /** The folder of the launcher's module path that holds the CLI's dependencies (core and the bundled addons among them). */
    static Path modulesDir() {
        return Path.of(property("jlite.modules"));
    }

    /** Every module descriptor in the launcher's module path, by module name. */
    static Map<String, ModuleReference> modules() {
        Map<String, ModuleReference> out = new TreeMap<>();
        ModuleFinder.of(Path.of(property("jlite.cli.jar")), Path.of(property("jlite.modules"))).findAll()
                .forEach(m -> out.put(m.descriptor().name(), m));
        return out;
    }

    static ModuleDescriptor descriptor(String artifact) {
        return ModuleFinder.of(jar(artifact)).findAll().iterator().next().descriptor();
    }

    static List<String> entries(Path jar) {
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.stream().map(java.util.zip.ZipEntry::getName).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set: run these tests with `mvn verify`");
        }
        return v;
    }
}
