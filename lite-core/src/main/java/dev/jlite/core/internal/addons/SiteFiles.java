package dev.jlite.core.internal.addons;

import dev.jlite.core.internal.files.FileOpsImpl;
import java.nio.file.Path;
import java.util.List;

/** The files of a built site that the report and the archive cover. */
final class SiteFiles {

    static final String SUMS = "SHA256SUMS";

    private SiteFiles() {
    }

    /**
     * Every file of the output, sorted, except the archive when it lies inside the output, and
     * {@code SHA256SUMS} when {@code withSums} is false.
     */
    static List<String> list(Path output, Path archive, boolean withSums) {
        String archiveRel = archive.startsWith(output) ? output.relativize(archive).toString().replace('\\', '/') : null;
        return FileOpsImpl.walkFiles(output).stream()
                .filter(rel -> !rel.equals(archiveRel) && (withSums || !rel.equals(SUMS)))
                .toList();
    }
}
