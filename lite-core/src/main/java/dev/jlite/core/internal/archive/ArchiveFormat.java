package dev.jlite.core.internal.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The archive kinds jlite unpacks, told apart by name and, failing that, by their first bytes. */
public enum ArchiveFormat {
    TAR_GZ(".tar.gz", ".tgz"),
    TAR_BZ2(".tar.bz2", ".tbz2", ".tbz"),
    TAR_XZ(".tar.xz", ".txz"),
    TAR_ZST(".tar.zst", ".tzst"),
    TAR(".tar"),
    ZIP(".zip", ".whl", ".jar"),
    CONDA(".conda");

    private final String[] suffixes;

    ArchiveFormat(String... suffixes) {
        this.suffixes = suffixes;
    }

    /** The format a file name says. */
    public static Optional<ArchiveFormat> byName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> Arrays.stream(f.suffixes).anyMatch(lower::endsWith)).findFirst();
    }

    /** The format the first bytes say, for files whose name says nothing. */
    public static Optional<ArchiveFormat> sniff(Path file) throws IOException {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Optional.of(TAR_GZ);
        }
        if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return Optional.of(TAR_BZ2);
        }
        if (n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z' && head[5] == 0) {
            return Optional.of(TAR_XZ);
        }
        if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return Optional.of(TAR_ZST);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Optional.of(ZIP);
        }
        if (n >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return Optional.of(TAR);
        }
        return Optional.empty();
    }

    /** The suffixes, for messages. */
    public static String known() {
        return ".tar.gz/.tgz, .tar.bz2, .tar.xz, .tar.zst, .tar, .zip, .whl, .jar, .conda";
    }
}
