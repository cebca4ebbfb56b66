package dev.jlite.core.internal.addons;

import dev.jlite.core.internal.audit.RemoteReferences;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskContext;
import java.nio.file.Path;
import java.util.List;

/**
 * The offline audit: every reference the site makes to another host, each one line with file, key and
 * URL. It runs in {@code jlite check}, in {@code jlite archive}, and in a build with {@code --offline};
 * with {@code --offline} any finding fails the command, without it findings are warnings.
 */
public final class AuditAddon implements Addon {

    @Override
    public String id() {
        return "audit";
    }

    @Override
    public String description() {
        return "the offline audit: references to other hosts (an error with --offline)";
    }

    @Override
    public void register(AddonRegistrar r) {
        Command command = r.options().command();
        if (command == Command.CHECK) {
            r.task(Phase.CHECK, "offline").description("list references to other hosts").run(AuditAddon::audit);
        } else if (command == Command.ARCHIVE) {
            // Skipped when the site did not change since the last audit; its findings are replayed then.
            Path archive = r.options().outputArchive();
            r.task(Phase.PRE_ARCHIVE, "offline").description("list references to other hosts")
                    .uses(r.options().get(LiteBuildConfig.OFFLINE))
                    .inputs(ctx -> SiteFiles.list(ctx, archive, false).stream()
                            .map(rel -> ctx.options().outputDir().resolve(rel)).toList())
                    .run(AuditAddon::audit);
        } else if (r.options().get(LiteBuildConfig.OFFLINE) && (command == Command.BUILD || command == Command.SERVE)) {
            // Skipped like any task when the site did not change; its findings are replayed then.
            r.task(Phase.POST_BUILD, "offline").description("list references to other hosts")
                    .after("lite:write")
                    .uses(r.options().get(LiteBuildConfig.OFFLINE))
                    .inputs(ctx -> ctx.files().walk(ctx.options().outputDir()).stream()
                            .map(rel -> ctx.options().outputDir().resolve(rel)).toList())
                    .run(AuditAddon::audit);
        }
    }

    private static void audit(TaskContext ctx) {
        List<RemoteReferences.Finding> findings = RemoteReferences.audit(ctx.options().outputDir(), ctx.json());
        boolean offline = ctx.options().get(LiteBuildConfig.OFFLINE);
        for (RemoteReferences.Finding f : findings) {
            ctx.warnOrError(offline, "--offline", f.render());
        }
        if (findings.isEmpty()) {
            ctx.info("offline audit: the site references no other host");
        }
    }
}
