package dev.jlite.core.internal.addons;

import dev.jlite.core.internal.json.JsonSchemaCheck;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * {@code jlite check}: verifies the site that was written, and never changes a file of it. Every
 * {@code jupyter-lite.json} (and the {@code jupyter-lite} metadata of every {@code jupyter-lite.ipynb}) of
 * the root and the app folders against the site's own {@code jupyterlite.schema.v0.json}; each
 * {@code settingsOverrides} entry against its plugin's settings schema, where the site has one; every
 * JSON file under {@code api/} for well-formedness; every workspace of {@code api/workspaces/all.json} for
 * its {@code data} and {@code metadata}. Each problem is one error line: the file, a JSON pointer (or a
 * line and column), and the reason.
 */
public final class CheckAddon implements Addon {

    static final String SCHEMA = "jupyterlite.schema.v0.json";
    static final String WORKSPACES = "api/workspaces/all.json";
    private static final String IPYNB_HOLDER = "/metadata/" + RuntimeConfigAddon.NOTEBOOK_KEY;

    /** Top-level folders that hold data or assets, never pages: the runtime configuration is not read there. */
    private static final Set<String> NOT_PAGES = Set.of("api", "build", "extensions", "files", "pypi", "static");

    @Override
    public String id() {
        return "check";
    }

    @Override
    public String description() {
        return "checks the site: jupyter-lite.json against its schema, settings overrides, api/ JSON, workspaces";
    }

    @Override
    public void register(AddonRegistrar r) {
        r.task(Phase.CHECK, "config")
                .description("validate every jupyter-lite.json and .ipynb against " + SCHEMA)
                .uses()
                .run(CheckAddon::config);
        r.task(Phase.CHECK, "overrides")
                .description("validate each settingsOverrides and litePluginSettings entry against its plugin's schema")
                .uses()
                .run(CheckAddon::overrides);
        r.task(Phase.CHECK, "api")
                .description("every JSON file under api/ is well-formed")
                .uses()
                .run(CheckAddon::api);
        r.task(Phase.CHECK, "workspaces")
                .description("every workspace in " + WORKSPACES + " has data and metadata")
                .uses()
                .run(CheckAddon::workspaces);
    }

    // ---- the tasks

    private static void config(TaskContext ctx) {
        Path out = ctx.options().outputDir();
        Optional<JsonSchemaCheck> schema = Optional.empty();
        if (Files.isRegularFile(out.resolve(SCHEMA))) {
            schema = read(ctx, out, SCHEMA, true).flatMap(node -> compile(ctx, SCHEMA, node));
        } else {
            ctx.warn(SCHEMA + " is missing from the site, so its jupyter-lite.json and .ipynb files were only checked "
                    + "for well-formed JSON; the schema comes with the app archive (a complete JupyterLite app has it)");
        }
        for (String rel : liteFiles(out)) {
            Optional<JsonNode> document = read(ctx, out, rel, true);
            if (document.isEmpty()) {
                continue;
            }
            String holder = holder(rel);
            JsonNode config = document.get().at(holder);
            if (config.isMissingNode()) {
                problem(ctx, rel, holder, "is missing; a " + RuntimeConfigAddon.IPYNB + " keeps the site's configuration there, "
                        + "e.g. {\"" + RuntimeConfigAddon.DATA + "\": {}, \"jupyter-lite-schema-version\": 0}");
                continue;
            }
            schema.ifPresent(s -> validate(ctx, s, SCHEMA, config, rel, holder));
        }
    }

    private static void overrides(TaskContext ctx) {
        Path out = ctx.options().outputDir();
        Map<String, Optional<JsonSchemaCheck>> schemas = new HashMap<>();
        for (String rel : liteFiles(out)) {
            // a malformed file is the config task's to report
            Optional<JsonNode> document = read(ctx, out, rel, false);
            if (document.isEmpty()) {
                continue;
            }
            litePluginSettings(ctx, out, rel, document.get(), schemas);
            String at = holder(rel) + "/" + RuntimeConfigAddon.DATA + "/settingsOverrides";
            JsonNode overrides = document.get().at(at);
            if (!overrides.isObject()) {
                continue; // absent, or of the wrong type, which the schema check reports
            }
            for (String plugin : overrides.propertyNames()) {
                String pointer = at + "/" + JsonSchemaCheck.escape(plugin);
                int colon = plugin.indexOf(':');
                if (colon <= 0 || colon == plugin.length() - 1) {
                    problem(ctx, rel, pointer, "is not a plugin id: settingsOverrides are keyed by <extension>:<plugin>, "
                            + "e.g. @jupyterlab/apputils-extension:themes");
                    continue;
                }
                pluginSchema(out, plugin.substring(0, colon), plugin.substring(colon + 1)).ifPresentOrElse(
                        s -> validate(ctx, out, schemas, s, overrides.get(plugin), rel, pointer),
                        () -> ctx.logger().log(System.Logger.Level.DEBUG, "no settings schema for " + plugin + " in the site; not checked"));
            }
        }
    }

    /**
     * Each {@code litePluginSettings} entry against the schema its extension carries for it, as the reference's
     * kernel addon checks its own: {@code extensions/<extension>/static/schema/<plugin>.v<N>.schema.json}, the
     * highest {@code N}. A plugin without such a schema is not checked.
     */
    private static void litePluginSettings(TaskContext ctx, Path out, String rel, JsonNode document,
                                           Map<String, Optional<JsonSchemaCheck>> schemas) {
        String at = holder(rel) + "/" + RuntimeConfigAddon.DATA + "/litePluginSettings";
        JsonNode settings = document.at(at);
        if (!settings.isObject()) {
            return;
        }
        for (String plugin : settings.propertyNames()) {
            int colon = plugin.indexOf(':');
            if (colon <= 0 || colon == plugin.length() - 1) {
                continue;
            }
            liteSchema(out, plugin.substring(0, colon), plugin.substring(colon + 1)).ifPresent(
                    s -> validate(ctx, out, schemas, s, settings.get(plugin), rel, at + "/" + JsonSchemaCheck.escape(plugin)));
        }
    }

    private static final Pattern LITE_SCHEMA = Pattern.compile("(.+)\\.v(\\d{1,6})\\.schema\\.json");

    /** The newest {@code <plugin>.v<N>.schema.json} in the extension's {@code static/schema/}, if the site has one. */
    static Optional<String> liteSchema(Path out, String extension, String plugin) {
        String dir = "extensions/" + extension + "/static/schema";
        if (dir.contains("\\") || dir.contains("//") || List.of(dir.split("/")).contains("..")) {
            return Optional.empty();
        }
        Path folder = out.resolve(dir).normalize();
        if (!folder.startsWith(out) || !Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            // the highest version; of two files of one version, the first by name
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().map(LITE_SCHEMA::matcher)
                    .filter(m -> m.matches() && m.group(1).equals(plugin))
                    .max(Comparator.comparingInt(m -> Integer.parseInt(m.group(2)))).map(m -> dir + "/" + m.group());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static void api(TaskContext ctx) {
        Path api = ctx.options().outputDir().resolve("api");
        if (!Files.isDirectory(api)) {
            return;
        }
        ctx.files().walk(api).stream().filter(rel -> rel.endsWith(".json"))
                .forEach(rel -> read(ctx, ctx.options().outputDir(), "api/" + rel, true));
    }

    private static void workspaces(TaskContext ctx) {
        Path out = ctx.options().outputDir();
        if (!Files.isRegularFile(out.resolve(WORKSPACES))) {
            return;
        }
        Optional<JsonNode> read = read(ctx, out, WORKSPACES, false); // the api task reports a malformed file
        if (read.isEmpty()) {
            return;
        }
        JsonNode all = read.get();
        if (!all.isObject()) {
            problem(ctx, WORKSPACES, "", "must be an object of workspaces by id" + JsonSchemaCheck.got(all));
            return;
        }
        for (String id : all.propertyNames()) {
            JsonNode workspace = all.get(id);
            String pointer = "/" + JsonSchemaCheck.escape(id);
            if (!workspace.isObject()) {
                problem(ctx, WORKSPACES, pointer, "workspace '" + id + "' must be an object with `data` and `metadata`"
                        + JsonSchemaCheck.got(workspace));
                continue;
            }
            for (String key : List.of("data", "metadata")) {
                if (!workspace.has(key)) {
                    problem(ctx, WORKSPACES, pointer, "workspace '" + id + "' is missing `" + key + "`; a JupyterLab "
                            + "workspace file has both `data` and `metadata` (export it again from JupyterLab)");
                }
            }
        }
    }

    // ---- helpers

    /**
     * The {@code jupyter-lite.json} and {@code .ipynb} files of the root and of the app folders (at any depth),
     * as output-relative paths, sorted.
     */
    static List<String> liteFiles(Path out) {
        List<String> found = Stream.of(RuntimeConfigAddon.IPYNB, RuntimeConfigAddon.JSON)
                .filter(name -> Files.isRegularFile(out.resolve(name))).collect(Collectors.toCollection(ArrayList::new));
        if (!Files.isDirectory(out)) {
            return found;
        }
        List<Path> top;
        try (Stream<Path> s = Files.list(out)) {
            top = s.filter(Files::isDirectory).filter(p -> !NOT_PAGES.contains(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + out, e);
        }
        for (Path dir : top) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().equals(RuntimeConfigAddon.JSON) || p.getFileName().toString().equals(RuntimeConfigAddon.IPYNB))
                        .map(p -> out.relativize(p).toString().replace('\\', '/'))
                        .forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        found.sort(null);
        return found;
    }

    /** Where the configuration sits in a file: the whole of a .json, {@code /metadata/jupyter-lite} of an .ipynb. */
    private static String holder(String rel) {
        return rel.endsWith(RuntimeConfigAddon.IPYNB) ? IPYNB_HOLDER : "";
    }

    /**
     * The settings schema of a plugin in the site: the federated extension's own, else the app's; never a file
     * outside the site, whatever the plugin id says.
     */
    static Optional<String> pluginSchema(Path out, String extension, String plugin) {
        for (String rel : List.of("extensions/" + extension + "/schemas/" + extension + "/" + plugin + ".json",
                "build/schemas/" + extension + "/" + plugin + ".json")) {
            if (rel.contains("\\") || rel.contains("//") || List.of(rel.split("/")).contains("..")) {
                return Optional.empty();
            }
            Path file = out.resolve(rel).normalize();
            if (file.startsWith(out) && Files.isRegularFile(file)) {
                return Optional.of(rel);
            }
        }
        return Optional.empty();
    }

    /** A file of the site as JSON; a malformed one is reported (when {@code report}) as file:line:column and reason. */
    private static Optional<JsonNode> read(TaskContext ctx, Path out, String rel, boolean report) {
        try {
            byte[] bytes = Files.readAllBytes(out.resolve(rel));
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return Optional.of(ctx.json().parse(text, rel));
        } catch (CharacterCodingException e) {
            if (report) {
                ctx.report(Diagnostic.error(ctx.addonId(), rel + ": is not UTF-8 text; JSON files must be UTF-8").about(rel));
            }
        } catch (LiteException e) {
            if (report) {
                ctx.report(Diagnostic.error(ctx.addonId(), e.getMessage()).about(rel));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + out.resolve(rel), e);
        }
        return Optional.empty();
    }

    private static Optional<JsonSchemaCheck> compile(TaskContext ctx, String schemaRel, JsonNode node) {
        try {
            return Optional.of(JsonSchemaCheck.of(node));
        } catch (JsonSchemaCheck.UnusableSchemaException e) {
            unusable(ctx, schemaRel, e);
            return Optional.empty();
        }
    }

    /** Validates against the site's schema {@code schemaRel}, read and compiled once for all the files of a task. */
    private static void validate(TaskContext ctx, Path out, Map<String, Optional<JsonSchemaCheck>> schemas, String schemaRel,
                                 JsonNode instance, String rel, String pointer) {
        schemas.computeIfAbsent(schemaRel, s -> read(ctx, out, s, true).flatMap(node -> compile(ctx, s, node)))
                .ifPresent(schema -> validate(ctx, schema, schemaRel, instance, rel, pointer));
    }

    private static void validate(TaskContext ctx, JsonSchemaCheck schema, String schemaRel, JsonNode instance, String rel,
                                 String prefix) {
        List<JsonSchemaCheck.Problem> problems;
        try {
            problems = schema.validate(instance);
        } catch (JsonSchemaCheck.UnusableSchemaException e) {
            unusable(ctx, schemaRel, e);
            return;
        }
        String per = schemaRel.equals(SCHEMA) ? "" : " (per " + schemaRel + ")";
        for (JsonSchemaCheck.Problem p : problems) {
            problem(ctx, rel, prefix + p.pointer(), p.reason() + per);
        }
    }

    private static void unusable(TaskContext ctx, String schemaRel, RuntimeException e) {
        ctx.report(Diagnostic.warning(ctx.addonId(), schemaRel + ": cannot be used to check the site (" + e.getMessage()
                + "); jlite follows only references inside a schema file and fetches nothing").about(schemaRel).withCause(e));
    }

    /** One problem, one line: {@code file: /pointer: reason}. */
    private static void problem(TaskContext ctx, String file, String pointer, String reason) {
        ctx.report(Diagnostic.error(ctx.addonId(), file + ": " + (pointer.isEmpty() ? "(root)" : pointer) + ": " + reason)
                .about(file));
    }
}
