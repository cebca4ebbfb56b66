package dev.example.hello;

// begin:addon
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonCommand;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Setting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Says hello: writes {@code hello/greeting.txt} into the site, and sets the greeting in
 * {@code jupyter-lite.json} under {@code litePluginSettings["hello:plugin"]}, where a front-end plugin
 * of the same name would read it.
 */
public final class HelloAddon implements Addon {

    /** The front-end plugin whose settings carry the greeting. */
    public static final String PLUGIN = "hello:plugin";

    // The configuration section "HelloAddon" (the class's simple name), in jupyter_lite_config.json or as
    // --HelloAddon.greeting=...; --hello-greeting and HELLO_GREETING are shorter ways to say the same.
    // Each setting is declared once; its type parameter is what reading it gives.
    static final Setting<String> GREETING = Setting.string("greeting", "What to say.")
            .withAlias("hello-greeting").withEnv("HELLO_GREETING").withDefault("Hello");
    static final Setting<List<String>> TO = Setting.list("to", "Whom to greet (repeatable).").withAlias("hello-to");

    @Override
    public String id() {
        return "hello";
    }

    @Override
    public String description() {
        return "writes hello/greeting.txt and tells the front end the greeting";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(GREETING, TO);
    }

    // No I/O here: register only declares. The task runs when its inputs changed, and is skipped otherwise.
    @Override
    public void register(AddonRegistrar r) {
        String greeting = r.config().get(GREETING);
        List<String> to = r.config().get(TO);
        String text = to.isEmpty() ? greeting : greeting + ", " + String.join(" and ", to);
        r.task(Phase.BUILD, "write")
                .description("write hello/greeting.txt")
                .uses(text)                                  // part of the fingerprint: a new greeting reruns the task
                .output("hello")                             // the only place in the site this task writes
                .writes(LiteKeys.CONFIG_PATCHES)
                .run(ctx -> {
                    Path file = ctx.options().outputDir().resolve("hello/greeting.txt");
                    ctx.files().write(file, (text + "\n").getBytes(StandardCharsets.UTF_8));
                    ctx.patch(ConfigPatch.set(ConfigPatch.ROOT, ConfigPatch.pluginSetting(PLUGIN, "greeting"),
                            JsonNodeFactory.instance.stringNode(text)));
                });
    }
    // end:addon

    // begin:command
    // `jlite hello greet [NAME...]`: a command of the addon's own, run outside any build.
    @Override
    public List<AddonCommand> commands() {
        return List.of(AddonCommand.of("greet", "[NAME...]", "Print the greeting, to NAME if given.", (args, ctx) -> {
            String greeting = ctx.config().get(GREETING);
            ctx.print(args.isEmpty() ? greeting : greeting + ", " + String.join(" and ", args));
        }));
    }
    // end:command
}
