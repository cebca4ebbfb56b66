package dev.jlite.core.internal.sources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where pip looks for packages, read as pip reads it: the site-wide configuration files, then the user's,
 * then {@code $VIRTUAL_ENV/pip.conf}, then {@code PIP_CONFIG_FILE} (each later one overriding; none at all
 * when {@code PIP_CONFIG_FILE} is {@code /dev/null}), {@code [install]} over {@code [global]}, and the
 * {@code PIP_*} environment variables over every file. Only the options that say where packages come
 * from are read: {@code index-url}, {@code extra-index-url}, {@code find-links} and {@code no-index}.
 *
 * @param indexUrl      the main index, when configured
 * @param extraIndexUrls further indexes, in order
 * @param findLinks     folders, files and pages of links, in order, as written
 * @param noIndex       ignore every index, keep the find-links
 */
public record PipConfig(Optional<String> indexUrl, List<String> extraIndexUrls, List<String> findLinks, boolean noIndex) {

    public static final PipConfig NONE = new PipConfig(Optional.empty(), List.of(), List.of(), false);

    private static final List<String> OPTIONS = List.of("index-url", "extra-index-url", "find-links", "no-index");

    public PipConfig {
        extraIndexUrls = List.copyOf(extraIndexUrls);
        findLinks = List.copyOf(findLinks);
    }

    /** What pip on this machine is configured with, for {@code env}. */
    public static PipConfig read(FileSystem fs, Map<String, String> env) {
        Map<String, String> global = new LinkedHashMap<>();
        Map<String, String> install = new LinkedHashMap<>();
        for (Path file : files(fs, env)) {
            readInto(file, global, install);
        }
        Map<String, String> values = new LinkedHashMap<>(global);
        values.putAll(install);
        for (String option : OPTIONS) {
            String fromEnv = env.get("PIP_" + option.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (fromEnv != null) {
                values.put(option, fromEnv);
            }
        }
        return new PipConfig(Optional.ofNullable(values.get("index-url")).map(String::trim).filter(s -> !s.isEmpty()),
                words(values.get("extra-index-url")), words(values.get("find-links")), yes(values.get("no-index")));
    }

    /** This configuration with jlite's own settings in place of pip's, where they are given. */
    public PipConfig with(Optional<String> index, Optional<List<String>> extra, Optional<List<String>> links) {
        return new PipConfig(index.or(() -> indexUrl), extra.orElse(extraIndexUrls), links.orElse(findLinks), noIndex);
    }

    /**
     * This configuration with each find-links entry that is a path made absolute against {@code base}, as pip
     * takes it against its working folder ({@code ~} is the home folder).
     */
    public PipConfig absolute(Path base, Map<String, String> env) {
        return new PipConfig(indexUrl, extraIndexUrls, findLinks.stream().map(link -> absolute(link, base, env)).toList(), noIndex);
    }

    public static String absolute(String link, Path base, Map<String, String> env) {
        if (SourceSpec.parse(link).scheme().isPresent()) {
            return link;
        }
        String home = env.get("HOME");
        if (home != null && (link.equals("~") || link.startsWith("~/"))) {
            return base.getFileSystem().getPath(home + link.substring(1)).normalize().toString();
        }
        return base.resolve(link).toAbsolutePath().normalize().toString();
    }

    /** The pages and folders a release is looked for in, in pip's order: find-links, the index, the extra indexes. */
    public List<String> places() {
        List<String> out = new ArrayList<>(findLinks);
        if (!noIndex) {
            indexUrl.ifPresent(out::add);
            out.addAll(extraIndexUrls);
        }
        return out;
    }

    /** The index pages of {@link #places()}, those that are not find-links. */
    public List<String> indexes() {
        return places().subList(findLinks.size(), places().size());
    }

    /** Pip's configuration files for {@code env}, the weakest first. */
    static List<Path> files(FileSystem fs, Map<String, String> env) {
        String explicit = env.get("PIP_CONFIG_FILE");
        if (explicit != null && (explicit.equals("/dev/null") || explicit.equalsIgnoreCase("nul"))) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        String dirs = env.get("XDG_CONFIG_DIRS");
        for (String dir : dirs == null || dirs.isBlank() ? List.of("/etc/xdg") : Arrays.asList(dirs.split(":"))) {
            if (!dir.isBlank()) {
                out.add(fs.getPath(dir, "pip", "pip.conf"));
            }
        }
        out.add(fs.getPath("/etc/pip.conf"));
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            out.add(fs.getPath(home, ".pip", "pip.conf"));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            out.add(fs.getPath(xdg, "pip", "pip.conf"));
        } else if (home != null && !home.isBlank()) {
            out.add(fs.getPath(home, ".config", "pip", "pip.conf"));
        }
        String venv = env.get("VIRTUAL_ENV");
        if (venv != null && !venv.isBlank()) {
            out.add(fs.getPath(venv, "pip.conf"));
        }
        if (explicit != null && !explicit.isBlank()) {
            out.add(fs.getPath(explicit));
        }
        return out;
    }

    /**
     * The options of {@link #OPTIONS} in the {@code [global]} and {@code [install]} sections of an INI file,
     * over what earlier files set; a value may go on over indented lines, as pip's parser allows.
     */
    static void readInto(Path file, Map<String, String> global, Map<String, String> install) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return;
        }
        Map<String, String> section = null;
        String key = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (key != null && section != null && Character.isWhitespace(raw.charAt(0))) {
                section.merge(key, line, (a, b) -> a + "\n" + b);
                continue;
            }
            key = null;
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                section = name.equals("global") ? global : name.equals("install") ? install : null;
                continue;
            }
            int eq = firstOf(line, '=', ':');
            if (section == null || eq <= 0) {
                continue;
            }
            String name = line.substring(0, eq).strip().toLowerCase(Locale.ROOT).replace('_', '-');
            if (OPTIONS.contains(name)) {
                key = name;
                section.put(name, line.substring(eq + 1).strip());
            }
        }
    }

    private static int firstOf(String line, char a, char b) {
        int i = line.indexOf(a);
        int j = line.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.strip().split("\\s+")).toList();
    }

    private static boolean yes(String value) {
        return value != null && List.of("1", "true", "yes", "on").contains(value.strip().toLowerCase(Locale.ROOT));
    }
}
