package dev.jlite.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Every path of a kit's file system with what it is (folder, link, file digest): to see what a run changed. */
final class FileSystemSnapshot {

    private FileSystemSnapshot() {
    }

    /** Path to {@code dir}, {@code link -> target} or the file's sha256, for every path of the file system. */
    static Map<String, String> of(FileSystem fs) {
        Map<String, String> paths = new TreeMap<>();
        for (Path root : fs.getRootDirectories()) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    paths.put(p.toString(), describe(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return paths;
    }

    /**
     * What changed between two snapshots, one line per path ({@code created}, {@code deleted},
     * {@code changed}), leaving out paths under {@code allowed} and the folders created to hold them.
     */
    static List<String> changes(Map<String, String> before, Map<String, String> after, FileSystem fs, List<Path> allowed) {
        TreeSet<String> all = new TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        List<String> out = new ArrayList<>();
        for (String p : all) {
            String was = before.get(p);
            String is = after.get(p);
            if (was != null && was.equals(is)) {
                continue;
            }
            Path path = fs.getPath(p);
            boolean inside = allowed.stream().anyMatch(a -> path.startsWith(a) || "dir".equals(is) && was == null && a.startsWith(path));
            if (inside) {
                continue;
            }
            out.add((was == null ? "created " : is == null ? "deleted " : "changed ") + p);
        }
        return out;
    }

    private static String describe(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return "link -> " + Files.readSymbolicLink(p);
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "dir";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
