package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.WheelIndex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A real federated extension, fetched through the machine's npm client. */
@Tag("e2e")
class RealExtensionTests {

    static final String KERNEL_EXTENSION = "npm:@galaxyproject/jupyterlite@0.0.31!/static/dist/_output/extensions/"
            + "@jupyterlite/pyodide-kernel-extension";

    @Test
    void thePyodideKernelExtensionLandsAndPublishesItsWheelIndex() {
        List<WheelIndex> published = new ArrayList<>();
        Addon reader = new Addon() {
            @Override
            public String id() {
                return "reader";
            }

            @Override
            public void register(AddonRegistrar r) {
                r.task(Phase.POST_BUILD, "read").reads(LiteKeys.WHEEL_INDEXES).always()
                        .run(ctx -> published.addAll(ctx.get(LiteKeys.WHEEL_INDEXES)));
            }
        };
        LiteRun run = LiteTestKit.addons(reader).online()
                .env("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))
                .env("HOME", System.getProperty("user.home")) // npm's own configuration (registry, proxy)
                .option("cache_dir", "/cache")
                .option("federated_extensions", KERNEL_EXTENSION)
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        String dir = "extensions/@jupyterlite/pyodide-kernel-extension/";
        assertEquals("0.8.5", run.json(dir + "package.json").at("/version").asString());
        assertTrue(run.exists(dir + "static/pypi/all.json"));
        assertTrue(run.files().stream().anyMatch(f -> f.startsWith(dir + "static/remoteEntry.")), run.files()::toString);
        JsonNode registered = run.json("jupyter-lite.json").at("/jupyter-config-data/federated_extensions");
        assertEquals(1, registered.size(), registered::toString);
        assertEquals("@jupyterlite/pyodide-kernel-extension", registered.at("/0/name").asString());
        assertTrue(registered.at("/0/load").asString().startsWith("static/remoteEntry."));
        assertEquals(1, published.size(), published::toString);
        assertEquals(dir + "static/pypi/all.json", published.get(0).path());
        assertTrue(published.get(0).url().startsWith("./" + dir + "static/pypi/all.json?sha256="), published.get(0)::url);
    }
}
