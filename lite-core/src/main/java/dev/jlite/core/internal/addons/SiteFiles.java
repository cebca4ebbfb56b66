package dev.jlite.core.internal.addons;

import dev.jlite.core.spi.TaskContext;
import java.nio.file.Path;
import java.util.List;

/** The files of a built site that the report and the archive cover. */
final class SiteFiles {

    static final String SUMS = "SHA256SUMS";

    private SiteFiles() {
    }

    /**
     * Every file of the site (what its tasks wrote; not files of the output folder jlite did not write, nor
     * jlite's bookkeeping), sorted, except the archive when it lies inside the output, and
     * {@code SHA256SUMS} when {@code withSums} is false.
     */
    static List<String> list(TaskContext ctx, Path archive, boolean withSums) {
        Path output = ctx.options().outputDir();
        String archiveRel = archive.startsWith(output) ? output.relativize(archive).toString().replace('\\', '/') : null;
        return ctx.siteFiles().stream()
                .filter(rel -> !rel.equals(archiveRel) && (withSums || !rel.equals(SUMS)))
                .toList();
    }
}
