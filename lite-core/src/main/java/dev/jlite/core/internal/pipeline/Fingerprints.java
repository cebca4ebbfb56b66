package dev.jlite.core.internal.pipeline;

import dev.jlite.core.internal.files.DigestCache;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.files.FileStat;
import dev.jlite.core.internal.json.JsonSupport;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Digests of task inputs. A file is hashed only when its size or time differ from what the build's
 * {@link DigestCache} remembers, so an unchanged tree costs one {@code stat} per file; a file changed in the
 * last moments is hashed every time, as its time may not show a second change ({@link FileStat#settled}).
 * Where the file system has POSIX permissions they join the description: copies keep modes, so a
 * {@code chmod} is a change.
 */
final class Fingerprints {

    private final DigestCache digests;

    Fingerprints(DigestCache digests) {
        this.digests = digests;
    }

    /** A file's digest, followed by its permissions (e.g. {@code rw-r--r--}) where the file system has them. */
    private String identity(Path file) {
        FileStat stat = FileStat.following(file);
        if (stat == null) {
            throw new UncheckedIOException("cannot read " + file, new NoSuchFileException(file.toString()));
        }
        String sha = digests.of(file, stat).sha256();
        return stat.permissions().isEmpty() ? sha : sha + " " + stat.permissions();
    }

    /** A description of the inputs: each file's digest (and mode), each folder's files and theirs, missing ones as null. */
    JsonNode describe(List<Path> inputs) {
        JsonSupport json = JsonSupport.instance();
        ObjectNode out = json.object();
        for (Path input : inputs) {
            String name = input.toAbsolutePath().normalize().toString();
            if (Files.isDirectory(input)) {
                ObjectNode tree = out.putObject(name);
                for (String rel : FileOpsImpl.walkFiles(input)) {
                    tree.put(rel, identity(input.resolve(rel)));
                }
            } else if (Files.isRegularFile(input)) {
                out.put(name, identity(input));
            } else {
                out.putNull(name);
            }
        }
        return out;
    }

    /** The sha256 of a description. */
    static String hash(JsonNode description) {
        return HexFormat.of().formatHex(FileOpsImpl.sha256().digest(JsonSupport.instance().bytes(description)));
    }
}
