package dev.jlite.core.internal.addons;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * File types: {@code file_types} (the reference's 36 by default) updated by name with
 * {@code extra_file_types}, set into the root {@code fileTypes} one type at a time, so types the
 * app or the lite dir define under other names stay.
 */
public final class MimetypesAddon implements Addon {

    @Override
    public String id() {
        return "mimetypes";
    }

    @Override
    public String description() {
        return "fileTypes: the reference's defaults plus extra_file_types";
    }

    @Override
    public void register(AddonRegistrar r) {
        ObjectNode types = fileTypes(r.options().config().find(LiteBuildConfig.FILE_TYPES).orElse(JsonNodeFactory.instance.objectNode()),
                r.options().config().find(LiteBuildConfig.EXTRA_FILE_TYPES).orElse(JsonNodeFactory.instance.objectNode()));
        r.task(Phase.POST_BUILD, "file-types")
                .description("set fileTypes in jupyter-lite.json")
                .writes(LiteKeys.CONFIG_PATCHES)
                .uses(types)
                .run(ctx -> new TreeSet<>(types.propertyNames()).forEach(name ->
                        ctx.patch(ConfigPatch.set(ConfigPatch.ROOT, "/fileTypes/" + ConfigPatch.escape(name), types.get(name)))));
    }

    /** {@code base} updated by name with {@code extra} (both tracked, unlike the reference). */
    static ObjectNode fileTypes(JsonNode base, JsonNode extra) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        base.properties().forEach(e -> out.set(e.getKey(), e.getValue().deepCopy()));
        extra.properties().forEach(e -> out.set(e.getKey(), e.getValue().deepCopy()));
        return out;
    }
}
