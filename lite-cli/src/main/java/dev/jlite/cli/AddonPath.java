package dev.jlite.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where third-party addon jars come from: every {@code --addon-path} (repeatable; a folder of jars, or one
 * jar), the entries of {@code JLITE_ADDON_PATH} (separated by the platform's path separator), and the
 * per-user folder {@code $XDG_DATA_HOME/jlite/addons} (else {@code ~/.local/share/jlite/addons}) when it
 * exists. They add up; a jar reached twice is loaded once. In a folder, the {@code .jar} files directly in
 * it count, sorted by name; other files and sub-folders are left alone, as the JDK's module path does.
 *
 * <p>Addons contribute CLI names, so the path is read from the raw arguments before the command line is
 * put together.
 */
final class AddonPath {

    static final String OPTION = "--addon-path";
    static final String ENV = "JLITE_ADDON_PATH";

    /** The jars to load, sorted, or why the path cannot be used (usage errors, one line each). */
    record Selection(List<Path> jars, List<String> errors) {

        Selection {
            jars = List.copyOf(jars);
            errors = List.copyOf(errors);
        }
    }

    private AddonPath() {
    }

    /** The values of {@code --addon-path X} and {@code --addon-path=X}, in order, up to a {@code --}. */
    static List<String> optionValues(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.equals(OPTION) && i + 1 < args.length) {
                out.add(args[++i]);
            } else if (a.startsWith(OPTION + "=")) {
                out.add(a.substring(OPTION.length() + 1));
            }
        }
        return out;
    }

    /** The per-user folder, whether or not it exists; empty without a home folder. */
    static Optional<Path> defaultFolder(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        // a relative XDG_DATA_HOME is ignored, as the XDG specification says
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg, "jlite", "addons"));
        }
        String home = env.get("HOME");
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".local", "share", "jlite", "addons"));
    }

    /** The jars named by the arguments, the environment and the per-user folder. */
    static Selection select(String[] args, Map<String, String> env, Path workingDir) {
        List<String> errors = new ArrayList<>();
        Map<String, Path> jars = new TreeMap<>();
        for (String value : optionValues(args)) {
            add(OPTION + " " + value, value, workingDir, jars, errors);
        }
        String fromEnv = env.getOrDefault(ENV, "");
        for (String value : fromEnv.split(Pattern.quote(File.pathSeparator))) {
            if (!value.isBlank()) {
                add(ENV + " entry " + value, value, workingDir, jars, errors);
            }
        }
        defaultFolder(env).filter(Files::isDirectory).ifPresent(dir -> add("the addons folder " + dir, dir.toString(),
                workingDir, jars, errors));
        return new Selection(new ArrayList<>(jars.values()), errors);
    }

    private static void add(String what, String value, Path workingDir, Map<String, Path> jars, List<String> errors) {
        if (value.isBlank()) {
            // an empty value would otherwise mean the working folder
            errors.add(what.strip() + ": the value is empty; give a folder of addon jars, or one addon jar");
            return;
        }
        Path path = workingDir.resolve(value).toAbsolutePath().normalize();
        String named = Path.of(value).isAbsolute() ? what : what + " (" + path + ")";
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                files.filter(AddonPath::isJar).sorted(Comparator.comparing(Path::toString)).forEach(jar -> put(jar, jars));
            } catch (IOException | UncheckedIOException e) {
                errors.add(named + ": the folder cannot be read (" + e.getMessage() + "); make it readable, or leave it out");
            }
        } else if (Files.isRegularFile(path) && isJar(path)) {
            put(path, jars);
        } else if (Files.exists(path)) {
            errors.add(named + " is not a folder or a .jar file; give a folder of addon jars, or one addon jar");
        } else {
            errors.add(named + ": there is no such file or folder; give a folder of addon jars, or one addon jar");
        }
    }

    private static boolean isJar(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".jar") && Files.isRegularFile(file);
    }

    /** Keyed by the real path, so a jar reached twice (a link, or named twice) is loaded once. */
    private static void put(Path jar, Map<String, Path> jars) {
        Path real;
        try {
            real = jar.toRealPath();
        } catch (IOException e) {
            real = jar;
        }
        jars.putIfAbsent(real.toString(), jar);
    }
}
