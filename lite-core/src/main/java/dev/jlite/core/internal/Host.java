package dev.jlite.core.internal;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The one place in core that touches the host: its default file system, wall clock and environment.
 * Everything else receives these as values, so tests can pin them (see the architecture rules).
 */
public final class Host {

    private Host() {
    }

    /** The process's working directory on the default file system. */
    public static Path workingDir() {
        return FileSystems.getDefault().getPath("").toAbsolutePath();
    }

    public static Clock clock() {
        return Clock.systemUTC();
    }

    public static Map<String, String> environment() {
        return System.getenv();
    }

    /** The user's home folder as the JVM knows it (for when {@code HOME} is not set). */
    public static java.util.Optional<Path> userHome() {
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? java.util.Optional.empty()
                : java.util.Optional.of(FileSystems.getDefault().getPath(home));
    }

    /**
     * The commit time (seconds since 1970) of the last commit of the git work tree that holds {@code dir},
     * as {@code git log -1 --format=%ct} gives it; empty when {@code dir} is in no work tree, is not on the
     * default file system, or git is missing or fails.
     */
    public static java.util.OptionalLong lastCommitTime(Path dir) {
        if (dir.getFileSystem() != FileSystems.getDefault()) {
            return java.util.OptionalLong.empty();
        }
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !java.nio.file.Files.exists(p.resolve(".git"))) {
            p = p.getParent();
        }
        if (p == null || !java.nio.file.Files.isDirectory(dir)) {
            return java.util.OptionalLong.empty(); // not in a work tree: no need to start git
        }
        try {
            Process git = new ProcessBuilder("git", "-C", dir.toString(), "log", "-1", "--format=%ct")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (!git.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return java.util.OptionalLong.empty();
            }
            if (git.exitValue() != 0 || !out.matches("\\d{1,12}")) {
                return java.util.OptionalLong.empty();
            }
            long t = Long.parseLong(out);
            return t > 0 ? java.util.OptionalLong.of(t) : java.util.OptionalLong.empty();
        } catch (java.io.IOException e) {
            return java.util.OptionalLong.empty(); // no git
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalLong.empty();
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
