package dev.jlite.testkit.builtins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jlite.core.spi.Addon;
import dev.jlite.testkit.AddonContractTests;
import dev.jlite.testkit.LiteTestKit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Core's built-in addons under the contract suite, as a third party would check them: each one, made
 * through {@link ServiceLoader} as the CLI makes it, runs in place of core's own instance beside the
 * other built-ins, on a site that gives every one of them work. The check, archive and report addons take
 * no part in a build, so only their constructor contracts apply (their build contracts are skipped).
 */
class BuiltInAddonsContractTests {

    /** A new instance of each built-in addon, by provider class name. */
    static List<Addon> builtIns() {
        // A test module may declare uses at run time; the kit itself never loads services.
        BuiltInAddonsContractTests.class.getModule().addUses(Addon.class);
        List<Addon> all = new ArrayList<>();
        ServiceLoader.load(ModuleLayer.boot(), Addon.class).stream()
                .filter(p -> p.type().getModule() == Addon.class.getModule())
                .forEach(p -> all.add(p.get()));
        return all;
    }

    /** Makes the built-in addon {@code id} afresh, and nothing else, each time it is called. */
    static Supplier<Addon> builtIn(String id) {
        BuiltInAddonsContractTests.class.getModule().addUses(Addon.class);
        ServiceLoader.Provider<Addon> provider = ServiceLoader.load(ModuleLayer.boot(), Addon.class).stream()
                .filter(p -> p.type().getModule() == Addon.class.getModule() && p.get().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("core provides no addon '" + id + "'"));
        return provider::get;
    }

    /** Each addon core provides has its contract tests below, and no other: a new built-in needs its class here. */
    @Test
    void everyBuiltInAddonIsChecked() throws ReflectiveOperationException {
        List<String> tested = new ArrayList<>();
        for (Class<?> c : BuiltInAddonsContractTests.class.getDeclaredClasses()) {
            if (BuiltIn.class.isAssignableFrom(c) && c != BuiltIn.class) {
                tested.add(((BuiltIn) c.getDeclaredConstructor(BuiltInAddonsContractTests.class).newInstance(this)).id);
            }
        }
        List<String> provided = builtIns().stream().map(Addon::id).sorted().toList();
        assertEquals(12, provided.size(), "core's built-ins: " + provided);
        assertEquals(provided, tested.stream().sorted().toList());
        assertEquals(provided, dev.jlite.core.AddonCatalog.withBuiltIns(List.of()).addons().stream().map(a -> a.id()).toList(),
                "a catalog without discovery has the same built-ins");
    }

    /** The contracts for one built-in addon, the others as core has them. */
    abstract static class BuiltIn extends AddonContractTests {
        private final String id;

        BuiltIn(String id) {
            super(builtIn(id));
            this.id = id;
        }

        @Override
        protected LiteTestKit newKit(Addon addon) {
            List<Addon> all = new ArrayList<>(builtIns());
            all.removeIf(a -> a.id().equals(addon.id()));
            all.add(addon);
            return LiteTestKit.only(all.toArray(Addon[]::new));
        }

        @Override
        protected void configure(LiteTestKit kit) {
            super.configure(kit);
            kit.liteFile("overrides.json", "{\"@jupyterlab/apputils-extension:themes\": {\"theme\": \"JupyterLab Dark\"}}")
                    .liteFile("workspaces/demo.jupyterlab-workspace", "{\"data\": {}, \"metadata\": {\"id\": \"/lab/workspaces/demo\"}}")
                    .liteFile("extensions/demo-ext/package.json", "{\"name\": \"demo-ext\", \"version\": \"1.0.0\", \"jupyterlab\": "
                            + "{\"extension\": true, \"_build\": {\"load\": \"static/remoteEntry.abc.js\", \"extension\": \"./extension\"}}}")
                    .liteFile("extensions/demo-ext/static/remoteEntry.abc.js", "remote".getBytes(StandardCharsets.UTF_8))
                    .liteFile("extensions/demo-ext/schemas/demo-ext/plugin.json", "{\"type\": \"object\", \"title\": \"T\"}");
        }

        @Override
        protected Optional<String> remoteSource(LiteTestKit kit) {
            configure(kit);
            return switch (id) {
                case "static" -> {
                    kit.appArchiveSpec("https://example.test/jupyterlite-app-0.0.0.tgz");
                    yield Optional.of("https://example.test/jupyterlite-app-0.0.0.tgz");
                }
                case "federated-extensions" -> {
                    kit.option("federated_extensions", "npm:demo-federated-ext@1.0.0");
                    yield Optional.of("npm:demo-federated-ext@1.0.0");
                }
                default -> Optional.empty();
            };
        }
    }

    @Nested
    class Archive extends BuiltIn {
        Archive() {
            super("archive");
        }
    }

    @Nested
    class Audit extends BuiltIn {
        Audit() {
            super("audit");
        }
    }

    @Nested
    class Check extends BuiltIn {
        Check() {
            super("check");
        }
    }

    @Nested
    class Contents extends BuiltIn {
        Contents() {
            super("contents");
        }
    }

    @Nested
    class FederatedExtensions extends BuiltIn {
        FederatedExtensions() {
            super("federated-extensions");
        }
    }

    @Nested
    class Lite extends BuiltIn {
        Lite() {
            super("lite");
        }
    }

    @Nested
    class Mimetypes extends BuiltIn {
        Mimetypes() {
            super("mimetypes");
        }
    }

    @Nested
    class Report extends BuiltIn {
        Report() {
            super("report");
        }
    }

    @Nested
    class Settings extends BuiltIn {
        Settings() {
            super("settings");
        }
    }

    @Nested
    class Static extends BuiltIn {
        Static() {
            super("static");
        }
    }

    @Nested
    class Translation extends BuiltIn {
        Translation() {
            super("translation");
        }
    }

    @Nested
    class Workspaces extends BuiltIn {
        Workspaces() {
            super("workspaces");
        }
    }
}
