package dev.jlite.core.internal.config;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.LiteBuildConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where a site may not be built: over the inputs it is built from, over the cache or jlite's own jars, over
 * the home folder or the file system's root, or into a folder that holds files jlite did not write and that
 * no jlite build began (unless the user says to take it over). Checked before anything is written.
 */
public final class OutputGuard {

    private OutputGuard() {
    }

    /**
     * The problems with {@code options.outputDir()}, one line each naming the folders at fault and the fix.
     *
     * @param env            the environment, whose {@code HOME} is the home folder
     * @param fallbackHome   the home folder when {@code HOME} is not set (the JVM's {@code user.home})
     * @param addonLocations the jars and folders addons were loaded from
     * @param isJliteOutput  whether a folder holds jlite's bookkeeping of an earlier build
     * @param contents       the names at the top of a folder besides jlite's bookkeeping
     */
    public static List<String> problems(BuildOptions options, Map<String, String> env, Optional<Path> fallbackHome,
                                        List<String> addonLocations, Predicate<Path> isJliteOutput,
                                        Function<Path, List<String>> contents) {
        List<String> out = new ArrayList<>();
        Path output = FileOpsImpl.realPath(options.outputDir());
        String fix = "; choose a folder of its own with --output-dir (the default is <lite dir>/_output)";
        if (output.getParent() == null) {
            out.add("the output folder " + output + " is the root of the file system" + fix);
            return out;
        }
        Optional<Path> home = Optional.ofNullable(env.get("HOME")).filter(h -> !h.isBlank())
                .map(h -> output.getFileSystem().getPath(h))
                .or(() -> fallbackHome.filter(h -> h.getFileSystem() == output.getFileSystem()))
                .map(FileOpsImpl::realPath).filter(Path::isAbsolute);
        if (home.isPresent() && home.get().startsWith(output)) {
            out.add("the output folder " + output + (home.get().equals(output) ? " is" : " contains") + " the home folder "
                    + home.get() + fix);
            return out;
        }
        Path lite = FileOpsImpl.realPath(options.liteDir());
        if (lite.startsWith(output)) {
            out.add("the output folder " + output + (lite.equals(output) ? " is the lite dir" : " contains the lite dir " + lite)
                    + ", which holds the site's inputs" + fix);
        }
        Path cache = FileOpsImpl.realPath(options.cacheDir());
        if (overlap(output, cache)) {
            out.add("the output folder " + output + " " + relation(output, cache) + " the cache " + cache
                    + fix + ", or another cache with --cache-dir");
        }
        for (Path root : contentRoots(options)) {
            Path r = FileOpsImpl.realPath(root);
            boolean outputInsideAllowed = lite.startsWith(r); // the contents walk leaves the output out
            if (output.equals(r) || r.startsWith(output) || output.startsWith(r) && !outputInsideAllowed) {
                out.add("the output folder " + output + " " + relation(output, r) + " the contents folder " + r + fix);
            }
        }
        localAppFolder(options).map(FileOpsImpl::realPath).filter(app -> overlap(output, app)).ifPresent(app ->
                out.add("the output folder " + output + " " + relation(output, app) + " the app folder " + app
                        + " (--app-archive)" + fix));
        for (String location : addonLocations) {
            Path jar;
            try {
                jar = output.getFileSystem().getPath(location);
            } catch (RuntimeException e) {
                continue;
            }
            if (!jar.isAbsolute() || !Files.exists(jar)) {
                continue;
            }
            Path folder = FileOpsImpl.realPath(Files.isDirectory(jar) ? jar : jar.getParent());
            if (overlap(output, folder)) {
                out.add("the output folder " + output + " " + relation(output, folder) + " " + folder
                        + ", where jlite's addons are loaded from" + fix);
                break;
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        if (!options.get(LiteBuildConfig.TAKE_OVER_OUTPUT) && Files.isDirectory(output) && !isJliteOutput.test(output)) {
            List<String> names = contents.apply(output);
            if (!names.isEmpty()) {
                String shown = names.size() <= 5 ? String.join(", ", names)
                        : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
                out.add("the output folder " + output + " holds files jlite did not write (" + shown + ") and no earlier "
                        + "jlite build; build into an empty or new folder with --output-dir, or give --take-over-output to build "
                        + "there anyway (jlite keeps those files, never deletes them, and names each one it replaces)");
            }
        }
        return out;
    }

    private static boolean overlap(Path a, Path b) {
        return a.startsWith(b) || b.startsWith(a);
    }

    /** How {@code output} stands to {@code other}: "is", "contains" or "is inside". */
    private static String relation(Path output, Path other) {
        return output.equals(other) ? "is" : other.startsWith(output) ? "contains" : "is inside";
    }

    /** The contents roots a build reads: {@code contents} when set, else the lite dir's {@code files/}. */
    private static List<Path> contentRoots(BuildOptions options) {
        if (options.config().isSet(LiteBuildConfig.CONTENTS)) {
            return options.get(LiteBuildConfig.CONTENTS).stream().map(options::resolve).toList();
        }
        Path files = options.liteDir().resolve("files");
        return Files.isDirectory(files) ? List.of(files) : List.of();
    }

    /** The app archive when it is a local folder. */
    private static Optional<Path> localAppFolder(BuildOptions options) {
        Optional<String> spec = options.config().nonBlank(LiteBuildConfig.APP_ARCHIVE);
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        String s = spec.get();
        if (s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !s.startsWith("file:")) {
            return Optional.empty(); // https:, npm:, pypi:, ...
        }
        if (s.startsWith("file:")) {
            s = s.substring("file:".length());
            while (s.startsWith("//")) {
                s = s.substring(1);
            }
        }
        int cut = s.indexOf("!/");
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        try {
            Path p = options.resolve(s);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
