package dev.jlite.testkit.readme;

// begin:addon
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Setting;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes hello.txt into the site and tells the front end the greeting. */
public final class HelloAddon implements Addon {
    static final Setting<String> GREETING = Setting.string("greeting", "What to say.") // HelloAddon.greeting
            .withAlias("greeting").withDefault("hello");

    @Override
    public String id() {
        return "hello";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(GREETING);
    }

    @Override
    public void register(AddonRegistrar r) {
        String greeting = r.config().get(GREETING);
        r.task(Phase.BUILD, "write").output("hello.txt").writes(LiteKeys.CONFIG_PATCHES).run(ctx -> {
            ctx.files().write(ctx.options().outputDir().resolve("hello.txt"), greeting.getBytes(StandardCharsets.UTF_8));
            ctx.patch(ConfigPatch.set(ConfigPatch.ROOT, "/greeting", ctx.json().tree(greeting)));
        });
    }
}
// end:addon
