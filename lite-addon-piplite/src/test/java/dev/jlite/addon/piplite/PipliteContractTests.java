package dev.jlite.addon.piplite;

import dev.jlite.core.spi.Addon;
import dev.jlite.testkit.AddonContractTests;
import dev.jlite.testkit.FakeSources;
import dev.jlite.testkit.LiteTestKit;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/**
 * The piplite addon keeps the contracts of every addon: shipping and indexing wheels of the lite dir, of a
 * folder and of downloads, and (beside a stand-in for the Pyodide addon) installing them on import.
 */
class PipliteContractTests extends AddonContractTests {

    static final String REMOTE = "https://example.test/wheels/remote_pkg-2.0-py3-none-any.whl";

    PipliteContractTests() {
        super(PipliteAddon::new);
    }

    @Override
    protected void configure(LiteTestKit kit) {
        super.configure(kit);
        Wheels demo = Wheels.wheel("Demo.Pkg", "1.0").requiresPython(">=3.9").file("demo_pkg/__init__.py");
        Wheels other = Wheels.wheel("other", "0.3").requires("demo-pkg").file("other.py");
        kit.liteFile("pypi/" + demo.fileName(), demo.bytes()).liteFile("wheels/" + other.fileName(), other.bytes());
        kit.arg("PipliteAddon", "piplite_urls", "wheels");
    }

    @Override
    protected Optional<String> remoteSource(LiteTestKit kit) {
        kit.arg("PipliteAddon", "piplite_urls", REMOTE);
        return Optional.of(REMOTE);
    }

    /** Downloaded wheels (from fake sources), installed on import into a hosted Pyodide's index. */
    @Nested
    class Downloaded extends AddonContractTests {
        Downloaded() {
            super(PipliteAddon::new);
        }

        @Override
        protected LiteTestKit newKit(Addon addon) {
            return LiteTestKit.addons(addon, PipliteAddonTests.fakePyodide(true));
        }

        @Override
        protected void configure(LiteTestKit kit) {
            super.configure(kit);
            Wheels remote = Wheels.wheel("remote-pkg", "2.0").file("remote_pkg/__init__.py");
            Wheels pypi = Wheels.wheel("from-index", "1.1").file("from_index.py");
            kit.sources(FakeSources.serving(REMOTE, remote.bytes()).and("pypi:from-index==1.1", pypi.bytes())).online()
                    .arg("PipliteAddon", "piplite_urls", REMOTE).arg("PipliteAddon", "piplite_urls", "pypi:from-index==1.1")
                    .arg("PipliteAddon", "install_on_import", "true");
        }

        @Override
        protected Optional<String> remoteSource(LiteTestKit kit) {
            return PipliteContractTests.this.remoteSource(kit);
        }
    }
}
