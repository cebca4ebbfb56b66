package dev.jlite.addon.pyodide;

import dev.jlite.testkit.AddonContractTests;
import dev.jlite.testkit.FakeSources;
import dev.jlite.testkit.LiteTestKit;
import dev.jlite.testkit.TestArchives;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/** The Pyodide addon keeps the contracts of every addon, hosting a distribution from the lite dir, or a downloaded release. */
class PyodideContractTests extends AddonContractTests {

    static final String REMOTE = "https://example.test/pyodide/pyodide-0.27.7.tar.bz2";

    PyodideContractTests() {
        super(PyodideAddon::new);
    }

    @Override
    protected void configure(LiteTestKit kit) {
        super.configure(kit);
        PyodideAddonTests.distribution("dist/", "0.27.7", true).forEach(kit::liteFile);
        kit.arg("PyodideAddon", "pyodide_url", "dist");
    }

    @Override
    protected Optional<String> remoteSource(LiteTestKit kit) {
        kit.arg("PyodideAddon", "pyodide_url", REMOTE);
        return Optional.of(REMOTE);
    }

    /** A release tarball, downloaded (from fake sources) into the cache and unpacked there. */
    @Nested
    class FromARelease extends AddonContractTests {
        FromARelease() {
            super(PyodideAddon::new);
        }

        @Override
        protected void configure(LiteTestKit kit) {
            super.configure(kit);
            byte[] release = TestArchives.tarBz2(PyodideAddonTests.distribution("pyodide/", "0.27.7", true));
            kit.sources(FakeSources.serving(REMOTE, release)).online().arg("PyodideAddon", "pyodide_url", REMOTE);
        }

        @Override
        protected Optional<String> remoteSource(LiteTestKit kit) {
            return PyodideContractTests.this.remoteSource(kit);
        }
    }
}
