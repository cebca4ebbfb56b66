package dev.jlite.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Addon jars made at test time: a few source files compiled with the JDK's compiler against the built
 * jlite jars (or against stand-ins for another jlite's SPI), packed with {@code java.util.jar}. With a
 * {@code module-info.java} the jar is modular; without one it is a plain jar (an automatic module on the
 * addon path), usually with a {@code META-INF/services} file.
 */
final class AddonJars {

    private final String fileName;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> resources = new TreeMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final List<Path> against = new ArrayList<>();
    private boolean withJlite = true;
    private String moduleVersion = "";

    private AddonJars(String fileName) {
        this.fileName = fileName;
    }

    /** A jar to be written as {@code fileName}. */
    static AddonJars jar(String fileName) {
        return new AddonJars(fileName);
    }

    /** A source file, by its path under the source root, e.g. {@code com/example/A.java} or {@code module-info.java}. */
    AddonJars source(String path, String text) {
        sources.put(path, text);
        return this;
    }

    /** A file copied into the jar as it is. */
    AddonJars resource(String path, String text) {
        resources.put(path, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** {@code META-INF/services/dev.jlite.core.spi.Addon} naming {@code provider}. */
    AddonJars provides(String provider) {
        return resource("META-INF/services/dev.jlite.core.spi.Addon", provider + "\n");
    }

    /** A main attribute of the manifest. */
    AddonJars manifest(String name, String value) {
        manifest.put(name, value);
        return this;
    }

    /** The module's version ({@code --module-version}). */
    AddonJars version(String version) {
        moduleVersion = version;
        return this;
    }

    /** Jars or folders to compile against, before jlite's own. */
    AddonJars against(Path... paths) {
        against.addAll(List.of(paths));
        return this;
    }

    /** Compiles against {@link #against} only, without jlite's jars (to stand in for another jlite). */
    AddonJars withoutJlite() {
        withJlite = false;
        return this;
    }

    /** Compiles the sources and writes the jar into {@code dir}; returns it. */
    Path writeTo(Path dir) {
        try {
            // compiled beside the jar, then removed (a hidden folder, which the addon path would leave alone anyway)
            Path work = Files.createDirectories(dir).resolve(".work-" + fileName);
            Path src = work.resolve("src");
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<Path> files = new ArrayList<>();
            for (var e : sources.entrySet()) {
                Path f = src.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
                files.add(f);
            }
            if (!files.isEmpty()) {
                compile(files, classes);
            }
            Path jar = dir.resolve(fileName);
            write(jar, classes);
            delete(work);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void compile(List<Path> files, Path classes) {
        boolean modular = sources.containsKey("module-info.java");
        List<String> path = new ArrayList<>();
        against.forEach(p -> path.add(p.toString()));
        if (withJlite) {
            path.add(BuiltJars.jar("lite-core").toString());
            path.addAll(jlite());
        }
        List<String> options = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-d", classes.toString()));
        if (!path.isEmpty()) {
            options.addAll(List.of(modular ? "--module-path" : "--class-path", String.join(java.io.File.pathSeparator, path)));
        }
        if (modular && !moduleVersion.isEmpty()) {
            options.addAll(List.of("--module-version", moduleVersion));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        var fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        boolean ok = javac.getTask(out, fm, null, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
        if (!ok) {
            throw new AssertionError("the test addon " + fileName + " does not compile:\n" + out);
        }
    }

    /** The other jars of the launcher's module path (core's dependencies and the bundled addons), one by one. */
    private static List<String> jlite() {
        try (Stream<Path> jars = Files.list(BuiltJars.modulesDir())) {
            return jars.filter(p -> p.toString().endsWith(".jar") && !p.getFileName().toString().startsWith("lite-core-"))
                    .map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void write(Path jar, Path classes) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        Map<String, byte[]> entries = new TreeMap<>(resources);
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                entries.put(classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, mf)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new JarEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
