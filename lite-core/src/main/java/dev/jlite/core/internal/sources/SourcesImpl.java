package dev.jlite.core.internal.sources;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.spi.Archives;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.Sources;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves local sources: paths relative to the lite dir and {@code file:} URIs, with sub-paths and pins. */
public final class SourcesImpl implements Sources {

    private final Path liteDir;
    private final Archives archives;

    public SourcesImpl(Path liteDir, Archives archives) {
        this.liteDir = liteDir;
        this.archives = archives;
    }

    @Override
    public Path resolve(String text) {
        SourceSpec spec = SourceSpec.parse(text);
        Path local = local(spec);
        if (!Files.exists(local)) {
            throw new LiteException(text + ": " + local + " does not exist", text, null);
        }
        spec.sha256().ifPresent(expected -> {
            if (!Files.isRegularFile(local)) {
                throw new LiteException(text + ": #sha256= pins a file, but " + local + " is a folder", text, null);
            }
            String actual = FileOpsImpl.sha256Of(local);
            if (!actual.equals(expected)) {
                throw new LiteException(text + ": sha256 of " + local + " is " + actual + ", not the pinned " + expected
                        + "; check the file, or update the pin", text, null);
            }
        });
        if (spec.subPath().isEmpty()) {
            return local;
        }
        Path base = Files.isDirectory(local) ? local : unpack(spec, local);
        Path inside = base.resolve(spec.subPath().get()).normalize();
        if (!inside.startsWith(base) || !Files.exists(inside)) {
            throw new LiteException(text + ": there is no " + spec.subPath().get() + " inside " + local, text, null);
        }
        return inside;
    }

    private Path unpack(SourceSpec spec, Path local) {
        if (!archives.isArchive(local)) {
            throw new LiteException(spec.text() + ": !/ needs an archive or a folder, but " + local + " is neither",
                    spec.text(), null);
        }
        return archives.unpackCached(local);
    }

    private Path local(SourceSpec spec) {
        String scheme = spec.scheme().orElse("");
        if (scheme.isEmpty()) {
            return liteDir.resolve(spec.location()).normalize();
        }
        if (scheme.equals("file")) {
            try {
                String path = new URI(spec.location()).getPath();
                if (path == null || path.isEmpty()) { // an opaque URI such as file:app.tgz has no path
                    throw new LiteException(spec.text() + ": not a valid file: URI (write file:///absolute/path, "
                            + "or give a plain path)", spec.text(), null);
                }
                return liteDir.getFileSystem().getPath(path);
            } catch (URISyntaxException e) {
                throw new LiteException(spec.text() + ": not a valid file: URI (" + e.getReason() + ")", spec.text(), e);
            }
        }
        throw new LiteException(spec.text() + ": " + scheme + ": sources are not supported by this version of jlite; "
                + "fetch the file and give its path", spec.text(), null);
    }
}
