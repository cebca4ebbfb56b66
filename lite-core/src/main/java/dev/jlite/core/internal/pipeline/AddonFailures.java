package dev.jlite.core.internal.pipeline;

import dev.jlite.core.AddonInfo;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

/**
 * How a failure of addon code reads to a user. A {@link LinkageError} about a jlite type means the addon
 * was compiled against another jlite SPI, and says so; an addon from the addon path (outside the layer
 * that holds jlite's core) is named with its module and jar, and gets a way out.
 */
public final class AddonFailures {

    private AddonFailures() {
    }

    /**
     * Whether {@code e} says the addon was compiled against another jlite SPI: a method, field or type of
     * jlite's that it links to is missing or changed.
     */
    public static boolean isOtherSpi(Throwable e) {
        return (e instanceof IncompatibleClassChangeError || e instanceof NoClassDefFoundError) && mentionsJlite(e.getMessage());
    }

    private static boolean mentionsJlite(String message) {
        return message != null && (message.contains("dev.jlite.core") || message.contains("dev/jlite/core"));
    }

    /** Whether the failure is a class the addon links to that is missing (a jar it needs is not there). */
    private static boolean isMissingClass(Throwable e) {
        return e instanceof NoClassDefFoundError && !isOtherSpi(e) && e.getMessage() != null
                && !e.getMessage().startsWith("Could not initialize class");
    }

    /** What went wrong, for a message: the exception's type and message, said plainly for linkage errors. */
    public static String cause(Throwable e) {
        if (e instanceof LiteException) {
            return e.getMessage();
        }
        if (isOtherSpi(e)) {
            return "it was built for another jlite SPI (" + simple(e) + ")";
        }
        if (isMissingClass(e)) {
            return "a class it needs is missing (" + simple(e) + ")";
        }
        if (e instanceof ExceptionInInitializerError && e.getCause() != null) {
            return "its static initializer threw " + cause(e.getCause());
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            // a file-system failure: said in its own words and the OS reason, once, without the exception's name
            String own = u.getMessage();
            String reason = io(u.getCause());
            if (own == null || own.equals(u.getCause().toString())) {
                return reason;
            }
            return own.contains(FileOpsImpl.reason(u.getCause())) ? own : own + ": " + reason;
        }
        if (e instanceof IOException io) {
            return io(io);
        }
        return simple(e);
    }

    /** An I/O failure: the file it concerns (when the reason does not name it) and why. */
    private static String io(IOException e) {
        String reason = FileOpsImpl.reason(e);
        if (e instanceof FileSystemException fs && fs.getFile() != null && !reason.contains(fs.getFile())) {
            return fs.getFile() + ": " + reason;
        }
        return reason;
    }

    /**
     * The way out, starting with {@code "; "}, or nothing: for another SPI or a missing class, what jar
     * to use; for an addon from the addon path that fails on its own (not with a {@link LiteException},
     * which is a message for the user), that it is a bug to report, and how to build without it.
     */
    public static String hint(Class<?> type, String id, Throwable e) {
        if (isOtherSpi(e) || isMissingClass(e)) {
            return "; " + fix(type, e);
        }
        if (droppedIn(type) && !(e instanceof LiteException)) {
            return "; this looks like a bug in the addon: report it to its authors, or build without it (--disable-addons "
                    + id + ")";
        }
        return "";
    }

    /** The way out of a failure that keeps an addon from loading: another build of it, a missing jar, or a fix. */
    public static String fix(Class<?> type, Throwable e) {
        if (isOtherSpi(e)) {
            return "use a version of the addon built for jlite " + SpiVersion.supported() + ", or " + removal(type);
        }
        if (isMissingClass(e)) {
            return "put the jar that holds it in the addon path, or " + removal(type);
        }
        return "fix the addon, or " + removal(type);
    }

    /** Whether a message about a failure of {@code type} names its module and jar. */
    public static boolean namesJar(Class<?> type, Throwable e) {
        return droppedIn(type) || e instanceof LinkageError;
    }

    /** How to get rid of the addon: from the addon path, or from jlite's own jars. */
    static String removal(Class<?> type) {
        return droppedIn(type) ? "take its jar out of the addon path" : "remove its jar";
    }

    /** Whether an addon comes from outside the layer that holds jlite's core: from the addon path. */
    public static boolean droppedIn(Class<?> type) {
        return type.getModule().getLayer() != Addon.class.getModule().getLayer();
    }

    /** {@code module m, /path/to/addon.jar}. */
    public static String where(AddonInfo info) {
        return "module " + info.module() + ", " + info.location();
    }

    private static String simple(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
