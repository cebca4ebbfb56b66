package dev.jlite.core.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

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
    public static Optional<Path> userHome() {
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? Optional.empty()
                : Optional.of(FileSystems.getDefault().getPath(home));
    }

    /**
     * The commit time (seconds since 1970) of the last commit of the git work tree that holds {@code dir},
     * as {@code git log -1 --format=%ct} gives it; empty when {@code dir} is in no work tree, is not on the
     * default file system, or git is missing or fails.
     */
    public static OptionalLong lastCommitTime(Path dir) {
        if (dir.getFileSystem() != FileSystems.getDefault()) {
            return OptionalLong.empty();
        }
        Path p = dir.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p.resolve(".git"))) {
            p = p.getParent();
        }
        if (p == null || !Files.isDirectory(dir)) {
            return OptionalLong.empty(); // not in a work tree: no need to start git
        }
        try {
            Process git = new ProcessBuilder("git", "-C", dir.toString(), "log", "-1", "--format=%ct")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            // its output is one short line, which the pipe holds until git ends: wait first, then read
            if (!git.waitFor(10, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return OptionalLong.empty();
            }
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (git.exitValue() != 0 || !out.matches("\\d{1,12}")) {
                return OptionalLong.empty();
            }
            long t = Long.parseLong(out);
            return t > 0 ? OptionalLong.of(t) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty(); // no git
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
