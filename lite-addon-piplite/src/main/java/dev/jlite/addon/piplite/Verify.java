package dev.jlite.addon.piplite;

import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.TaskContext;
import dev.jlite.core.spi.pyodide.PyodideKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** The piplite checks: {@code pypi/all.json}'s shape, and install-on-import entries that resolve. */
final class Verify {

    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Verify() {
    }

    static void site(TaskContext ctx) {
        Path output = ctx.options().outputDir();
        Path index = output.resolve(PipliteAddon.INDEX);
        if (Files.isRegularFile(index)) {
            allJson(ctx, index, PipliteAddon.INDEX);
        }
        againstTheKernelsSchema(ctx, output);
        for (String name : new String[] {"static/pyodide/pyodide-lock.json", "static/pyodide/repodata.json"}) {
            Path lock = output.resolve(name);
            if (Files.isRegularFile(lock)) {
                lock(ctx, lock, name);
            }
        }
    }

    /** Where the kernel extension keeps the schema of a piplite index, in the site. */
    static final String SCHEMA = "extensions/" + PyodideKernel.CURRENT.extension() + "/static/schema/piplite.v0.schema.json";

    /**
     * The site's piplite indexes (its {@code pypi/all.json} and the kernel extension's own) against the
     * {@code piplite.v0.schema.json} the extension ships, as the reference checks them; one line per problem.
     */
    static void againstTheKernelsSchema(TaskContext ctx, Path output) {
        Path schemaFile = output.resolve(SCHEMA);
        if (!Files.isRegularFile(schemaFile)) {
            return;
        }
        for (String rel : List.of(PipliteAddon.INDEX, "extensions/" + PyodideKernel.CURRENT.extension() + "/static/pypi/all.json")) {
            Path file = output.resolve(rel);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                for (String problem : ctx.json().validate(ctx.json().read(schemaFile), ctx.json().read(file))) {
                    ctx.report(Diagnostic.error(ctx.addonId(), rel + ": " + problem + " (per " + SCHEMA + ")").about(rel));
                }
            } catch (LiteException e) {
                ctx.warn(SCHEMA + ": " + e.getMessage() + "; the piplite indexes were not "
                        + "checked against it");
            }
        }
    }

    /** The fields the piplite schema requires, with their formats; every listed file is in the folder. */
    static void allJson(TaskContext ctx, Path file, String shown) {
        JsonNode root;
        try {
            root = ctx.json().read(file);
        } catch (LiteException e) {
            ctx.error(e.getMessage());
            return;
        }
        if (!root.isObject()) {
            error(ctx, shown, "", "must be an object of projects");
            return;
        }
        for (var project : root.properties()) {
            String at = "/" + project.getKey();
            JsonNode releases = project.getValue().path("releases");
            if (!releases.isObject()) {
                error(ctx, shown, at + "/releases", "must be an object of versions");
                continue;
            }
            for (var version : releases.properties()) {
                int i = 0;
                for (JsonNode f : version.getValue()) {
                    String p = at + "/releases/" + version.getKey() + "/" + i++;
                    require(ctx, shown, p + "/digests/md5", f.path("digests").path("md5"), MD5);
                    require(ctx, shown, p + "/digests/sha256", f.path("digests").path("sha256"), SHA256);
                    require(ctx, shown, p + "/md5_digest", f.path("md5_digest"), MD5);
                    if (!"bdist_wheel".equals(f.path("packagetype").asString(""))) {
                        error(ctx, shown, p + "/packagetype", "must be bdist_wheel");
                    }
                    if (!f.path("size").isIntegralNumber()) {
                        error(ctx, shown, p + "/size", "must be a whole number");
                    }
                    String url = f.path("url").asString("");
                    if (url.isEmpty()) {
                        error(ctx, shown, p + "/url", "must name the wheel");
                    } else if (url.startsWith("./") && !Files.isRegularFile(file.getParent().resolve(url.substring(2)))) {
                        error(ctx, shown, p + "/url", url + " is not in " + file.getParent().getFileName() + "/");
                    }
                }
            }
        }
    }

    /** Every entry's dependencies are in the index, and every local file it names exists. */
    static void lock(TaskContext ctx, Path file, String shown) {
        JsonNode packages = ctx.json().read(file).path("packages");
        for (var e : packages.properties()) {
            String fileName = e.getValue().path("file_name").asString("");
            if (!fileName.startsWith(Locks.FROM_INDEX)) {
                continue; // the distribution's own entries are the Pyodide addon's to check
            }
            for (String missing : Locks.missingDependencies(ctx.json().read(file), e.getKey())) {
                error(ctx, shown, "/packages/" + e.getKey() + "/depends", "[" + e.getKey() + "] missing dependency: " + missing);
            }
            if (!Files.isRegularFile(file.getParent().resolve(fileName).normalize())) {
                error(ctx, shown, "/packages/" + e.getKey() + "/file_name", "[" + e.getKey() + "] missing wheel: " + fileName);
            }
        }
    }

    private static void require(TaskContext ctx, String shown, String pointer, JsonNode value, Pattern format) {
        if (!value.isString() || !format.matcher(value.stringValue()).matches()) {
            error(ctx, shown, pointer, "must match " + format.pattern());
        }
    }

    private static void error(TaskContext ctx, String file, String pointer, String reason) {
        ctx.error(file + ": " + (pointer.isEmpty() ? "/" : pointer) + ": " + reason);
    }
}
