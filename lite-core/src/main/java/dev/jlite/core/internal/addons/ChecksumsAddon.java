package dev.jlite.core.internal.addons;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code SHA256SUMS}: before a site is packed, the sha256 of every file, in {@code sha256sum}'s format
 * ({@code <hex>  <path>}), sorted, newline-separated, without a trailing newline, as the reference writes it.
 */
public final class ChecksumsAddon implements Addon {

    /** The reference's name, which its configuration files use. */
    @Override
    public String configName() {
        return "ReportAddon";
    }

    @Override
    public String id() {
        return "report";
    }

    @Override
    public String description() {
        return "SHA256SUMS: the digest of every file of the site, written before it is archived";
    }

    @Override
    public void register(AddonRegistrar r) {
        r.task(Phase.PRE_ARCHIVE, "sha256sums")
                .description("write SHA256SUMS")
                .uses()
                .inputs(ctx -> files(ctx).stream().map(rel -> ctx.options().outputDir().resolve(rel)).toList())
                .output(SiteFiles.SUMS)
                .run(ChecksumsAddon::write);
    }

    private static List<String> files(TaskContext ctx) {
        return SiteFiles.list(ctx, ctx.options().outputArchive(), false);
    }

    private static void write(TaskContext ctx) {
        Path output = ctx.options().outputDir();
        StringBuilder sums = new StringBuilder();
        for (String rel : files(ctx)) {
            if (sums.length() > 0) {
                sums.append('\n');
            }
            sums.append(ctx.files().sha256(output.resolve(rel))).append("  ").append(rel);
        }
        ctx.files().write(output.resolve(SiteFiles.SUMS), sums.toString().getBytes(StandardCharsets.UTF_8));
    }
}
