package dev.jlite.core.internal.files;

import dev.jlite.core.internal.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code stat} of a path: its kind, size, modification time, change time and permissions (times in
 * nanoseconds). The change time ({@code ctime}) is the one a program cannot set: jlite sets the times of
 * what it writes (to {@code SOURCE_DATE_EPOCH}, or to the source's), so two versions of a file can have one
 * size and one modification time, but a rewrite always moves the change time. Where the file system has no
 * change time, it is 0 and only the other fields count.
 *
 * @param permissions as {@code rwxr-xr-x}, or empty where the file system has none
 */
public record FileStat(boolean regular, boolean directory, boolean link, long size, long mtime, long ctime,
                       String permissions) {

    private static final String UNIX = "unix:size,lastModifiedTime,ctime,mode,isRegularFile,isDirectory,isSymbolicLink";

    /** The stat of {@code path} itself (a link is not followed), or null when nothing is there. */
    public static FileStat of(Path path) {
        return read(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** The stat of what {@code path} leads to (links followed), or null when nothing is there. */
    public static FileStat following(Path path) {
        return read(path);
    }

    private static FileStat read(Path path, LinkOption... options) {
        try {
            if (path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                Map<String, Object> a = Files.readAttributes(path, UNIX, options);
                int mode = (Integer) a.get("mode");
                return new FileStat((Boolean) a.get("isRegularFile"), (Boolean) a.get("isDirectory"),
                        (Boolean) a.get("isSymbolicLink"), (Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
                        nanos((FileTime) a.get("ctime")), rwx(mode));
            }
            if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                PosixFileAttributes p = Files.readAttributes(path, PosixFileAttributes.class, options);
                return new FileStat(p.isRegularFile(), p.isDirectory(), p.isSymbolicLink(), p.size(), nanos(p.lastModifiedTime()),
                        0, PosixFilePermissions.toString(p.permissions()));
            }
            BasicFileAttributes b = Files.readAttributes(path, BasicFileAttributes.class, options);
            return new FileStat(b.isRegularFile(), b.isDirectory(), b.isSymbolicLink(), b.size(), nanos(b.lastModifiedTime()), 0, "");
        } catch (IOException e) {
            return null;
        }
    }

    private static long nanos(FileTime t) {
        return t == null ? 0 : t.to(TimeUnit.NANOSECONDS);
    }

    private static String rwx(int mode) {
        StringBuilder s = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return s.toString();
    }

    /** Whether this is the same file version as {@code other} describes: the same size and times. */
    public boolean sameAs(long otherSize, long otherMtime, long otherCtime) {
        return size == otherSize && mtime == otherMtime && (ctime == 0 || otherCtime == 0 || ctime == otherCtime);
    }

    /**
     * Whether the file has been left alone long enough for its size and times to stand for its content (see
     * {@link FileStat#settled}): by its change time where there is one, which no program sets back.
     */
    public boolean settled() {
        long changed = ctime != 0 ? Math.max(ctime, mtime) : mtime;
        return changed / 1_000_000 < Host.clock().millis() - FileOpsImpl.SETTLE.toMillis();
    }
}
