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
}
