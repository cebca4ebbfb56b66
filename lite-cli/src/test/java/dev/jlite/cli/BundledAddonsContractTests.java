package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.Command;
import dev.jlite.testkit.AddonContractTests;
import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.LiteTestKit;
import dev.jlite.testkit.TestArchives;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The bundled addons keep the contracts together, as the CLI runs them: every addon of the module path,
 * one of them made afresh in place of the discovered instance, on a site where each has work and they
 * work on each other's output (piplite's install on import extends the Pyodide addon's package index).
 * Each addon module checks the contracts alone too, as a third party would.
 */
class BundledAddonsContractTests {

    /** Every addon of the module path, made afresh (the built-in ones and the bundled ones). */
    static List<Addon> discovered() {
        // A test module may declare uses at run time; the addons export nothing, so this is how to get one.
        BundledAddonsContractTests.class.getModule().addUses(Addon.class);
        List<Addon> all = new ArrayList<>();
        ServiceLoader.load(ModuleLayer.boot(), Addon.class).stream().forEach(p -> all.add(p.get()));
        return all;
    }

    /** Makes the addon {@code id} afresh, and nothing else, each time it is called. */
    static Supplier<Addon> discovered(String id) {
        BundledAddonsContractTests.class.getModule().addUses(Addon.class);
        ServiceLoader.Provider<Addon> provider = ServiceLoader.load(ModuleLayer.boot(), Addon.class).stream()
                .filter(p -> p.get().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no addon '" + id + "' on the module path"));
        return provider::get;
    }

    @Test
    void theBundledAddonsAreThere() {
        List<String> ids = discovered().stream().map(Addon::id).filter(List.of("mathjax", "piplite", "pyodide")::contains).sorted().toList();
        assertEquals(List.of("mathjax", "piplite", "pyodide"), ids);
    }

    /** The site of the contracts below has each addon at work, piplite on the Pyodide addon's output. */
    @Test
    void onTheirSiteEachAddonHasWorkAndPipliteExtendsPyodidesIndex() {
        try (LiteTestKit kit = new Pyodide().newKit(discovered("pyodide").get())) {
            new Pyodide().configure(kit);
            LiteRun run = kit.run(Command.BUILD);
            assertTrue(run.ok(), run::report);
            // one writer: the Pyodide addon writes its index, with the entries piplite contributes
            assertEquals("pyodide:copy", run.owners().get("static/pyodide/pyodide-lock.json"), run.owners()::toString);
            assertTrue(run.json("static/pyodide/pyodide-lock.json").at("/packages/demo-pkg/file_name").asString().endsWith("demo_pkg-1.0-py3-none-any.whl"),
                    () -> run.text("static/pyodide/pyodide-lock.json"));
            assertTrue(run.exists("static/mathjax/MathJax.js"));
            assertTrue(run.exists("pypi/other-0.3-py3-none-any.whl"));
        }
    }

    /** A small Pyodide distribution with a lock of two packages, both present. */
    static Map<String, byte[]> pyodide(String prefix) {
        Map<String, byte[]> f = new TreeMap<>();
        put(f, prefix + "pyodide.mjs", "export const loadPyodide = () => {};");
        put(f, prefix + "pyodide.asm.wasm", "\0asm");
        put(f, prefix + "package.json", "{\"name\": \"pyodide\", \"version\": \"0.27.7\"}");
        put(f, prefix + "pyodide-lock.json", "{\"info\": {\"arch\": \"wasm32\", \"platform\": \"emscripten_3_1_58\", \"python\": "
                + "\"3.12.7\", \"version\": \"0.27.7\"}, \"packages\": {"
                + "\"micropip\": {\"name\": \"micropip\", \"version\": \"0.8.0\", \"file_name\": \"micropip-0.8.0-py3-none-any.whl\", "
                + "\"install_dir\": \"site\", \"sha256\": \"\", \"imports\": [\"micropip\"], \"depends\": [\"packaging\"]},"
                + "\"packaging\": {\"name\": \"packaging\", \"version\": \"24.2\", \"file_name\": \"packaging-24.2-py3-none-any.whl\", "
                + "\"install_dir\": \"site\", \"sha256\": \"\", \"imports\": [\"packaging\"], \"depends\": []}}}");
        put(f, prefix + "micropip-0.8.0-py3-none-any.whl", "micropip");
        put(f, prefix + "packaging-24.2-py3-none-any.whl", "packaging");
        return f;
    }

    /** A pure-Python wheel with METADATA and RECORD. */
    static byte[] wheel(String name, String version) {
        String info = name + "-" + version + ".dist-info/";
        Map<String, byte[]> z = new TreeMap<>();
        put(z, name + "/__init__.py", "# " + name + "\n");
        put(z, info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        put(z, info + "WHEEL", "Wheel-Version: 1.0\n");
        put(z, info + "top_level.txt", name + "\n");
        put(z, info + "RECORD", name + "/__init__.py,,\n" + info + "METADATA,,\n" + info + "RECORD,,\n");
        return TestArchives.zip(z);
    }

    private static void put(Map<String, byte[]> f, String path, String text) {
        f.put(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** For each bundled addon, a setting (class, name, value) that makes it need a remote source. */
    static final Map<String, List<String>> REMOTE = Map.of(
            "pyodide", List.of("PyodideAddon", "pyodide_url", "https://example.test/pyodide/pyodide-0.27.7.tar.bz2"),
            "piplite", List.of("PipliteAddon", "piplite_urls", "https://example.test/wheels/remote_pkg-2.0-py3-none-any.whl"),
            "mathjax", List.of("MathjaxAddon", "mathjax_url", "npm:mathjax@2.7.5"));

    /** The contracts for one addon among all the others. */
    abstract static class Among extends AddonContractTests {
        private final String id;

        Among(String id) {
            super(discovered(id));
            this.id = id;
        }

        @Override
        protected Optional<String> remoteSource(LiteTestKit kit) {
            configure(kit);
            List<String> setting = REMOTE.get(id);
            kit.arg(setting.get(0), setting.get(1), setting.get(2));
            return Optional.of(setting.get(2));
        }

        @Override
        protected LiteTestKit newKit(Addon addon) {
            List<Addon> all = new ArrayList<>(discovered());
            all.removeIf(a -> a.id().equals(addon.id()));
            all.add(addon);
            return LiteTestKit.only(all.toArray(Addon[]::new));
        }

        @Override
        protected void configure(LiteTestKit kit) {
            super.configure(kit);
            pyodide("dist/").forEach(kit::liteFile);
            kit.liteFile("pypi/demo_pkg-1.0-py3-none-any.whl", wheel("demo_pkg", "1.0"))
                    .liteFile("wheels/other-0.3-py3-none-any.whl", wheel("other", "0.3"))
                    .arg("PyodideAddon", "pyodide_url", "dist")
                    .arg("PipliteAddon", "piplite_urls", "wheels")
                    .arg("PipliteAddon", "install_on_import", "true");
        }
    }

    @Nested
    class Pyodide extends Among {
        Pyodide() {
            super("pyodide");
        }
    }

    @Nested
    class Piplite extends Among {
        Piplite() {
            super("piplite");
        }
    }

    @Nested
    class Mathjax extends Among {
        Mathjax() {
            super("mathjax");
        }
    }
}
