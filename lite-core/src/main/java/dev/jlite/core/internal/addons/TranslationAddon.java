package dev.jlite.core.internal.addons;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.TaskContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Translations API: {@code api/translations/all.json} lists the languages and
 * {@code api/translations/en.json} the English pack. jlite ships no language packs (the reference
 * takes them from a Python environment), so it writes what the reference writes without one.
 */
public final class TranslationAddon implements Addon {

    @Override
    public String id() {
        return "translation";
    }

    @Override
    public String description() {
        return "api/translations: the languages the site offers (English)";
    }

    @Override
    public void register(AddonRegistrar r) {
        r.task(Phase.BUILD, "api")
                .description("write api/translations/all.json and en.json")
                .uses()
                .output("api/translations")
                .run(TranslationAddon::write);
    }

    private static void write(TaskContext ctx) {
        ObjectNode all = ctx.json().object();
        all.putObject("data").putObject("en").put("displayName", "English").put("nativeName", "English");
        all.put("message", "");
        ObjectNode en = ctx.json().object();
        en.putObject("data");
        en.put("message", "Language pack 'en' not installed!");
        ctx.files().write(ctx.options().outputDir().resolve("api/translations/all.json"), ctx.json().bytes(all));
        ctx.files().write(ctx.options().outputDir().resolve("api/translations/en.json"), ctx.json().bytes(en));
    }
}
