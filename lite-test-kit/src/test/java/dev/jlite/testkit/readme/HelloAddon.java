package dev.jlite.testkit.readme;

// begin:addon
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.SettingType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/** Writes hello.txt into the site and tells the front end the greeting. */
public final class HelloAddon implements Addon {
    @Override
    public String id() {
        return "hello";
    }

    @Override
    public List<Setting> settings() { // HelloAddon.greeting, also --greeting
        return List.of(Setting.of("greeting", SettingType.STRING, "What to say.").withAlias("greeting")
                .withDefault(JsonNodeFactory.instance.stringNode("hello")));
    }

    @Override
    public void register(AddonRegistrar r) {
        String greeting = r.config().string("greeting").orElseThrow();
        r.task(Phase.BUILD, "write").output("hello.txt").writes(LiteKeys.CONFIG_PATCHES).run(ctx -> {
            ctx.files().write(ctx.options().outputDir().resolve("hello.txt"), greeting.getBytes(StandardCharsets.UTF_8));
            ctx.patch(ConfigPatch.set(ConfigPatch.ROOT, "/greeting", ctx.json().tree(greeting)));
        });
    }
}
// end:addon
