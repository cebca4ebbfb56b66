package dev.jlite.core.internal.addons;

import dev.jlite.core.internal.pipeline.CoreTasks;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code jlite archive}: the site as a reproducible npm-style {@code .tgz}. Members are the site's files
 * under {@code package/}, sorted by code point, owner 0/0 ({@code root}), mode 0644, times from
 * {@code SOURCE_DATE_EPOCH} (npm's fixed date, 1985-10-26, for {@code files/} as the reference does,
 * and for everything when no epoch is set, so that the bytes never depend on when files were written),
 * gzip header time 0. Given back as {@code --app-archive}, it builds a site that archives to the same bytes.
 */
public final class SiteArchiveAddon implements Addon {

    /** npm's fixed member time, 1985-10-26T08:15:00Z. */
    public static final long NPM_EPOCH = 499162500L;

    /** The reference's name, which its configuration files use. */
    @Override
    public String configName() {
        return "ArchiveAddon";
    }

    @Override
    public String id() {
        return "archive";
    }

    @Override
    public String description() {
        return "jlite archive: the site as a reproducible .tgz (--output-archive)";
    }

    @Override
    public void register(AddonRegistrar r) {
        Path archive = r.options().outputArchive();
        long epoch = r.options().config().find(LiteBuildConfig.SOURCE_DATE_EPOCH).orElse(NPM_EPOCH);
        CoreTasks.outputFile(r.task(Phase.ARCHIVE, "pack")
                .description("pack the site into " + archive.getFileName())
                .uses(archive.toString(), epoch)
                .inputs(ctx -> SiteFiles.list(ctx, archive, true).stream()
                        .map(rel -> ctx.options().outputDir().resolve(rel)).toList()), archive)
                .run(ctx -> pack(ctx, archive, epoch));
    }

    private static void pack(TaskContext ctx, Path archive, long epoch) {
        Path output = ctx.options().outputDir();
        Set<String> included = Set.copyOf(SiteFiles.list(ctx, archive, true));
        ctx.archives().packTgz(output, included::contains, archive, "package/",
                rel -> rel.startsWith("files/") ? NPM_EPOCH : epoch);
        try {
            ctx.info(String.format(Locale.ROOT, "%s (%.1f MB, %d files, sha256 %s)", archive,
                    Files.size(archive) / 1e6, included.size(), ctx.files().sha256(archive)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
