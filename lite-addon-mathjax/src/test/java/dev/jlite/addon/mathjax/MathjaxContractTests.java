package dev.jlite.addon.mathjax;

import dev.jlite.testkit.AddonContractTests;
import dev.jlite.testkit.FakeSources;
import dev.jlite.testkit.LiteTestKit;
import dev.jlite.testkit.TestArchives;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/** The MathJax addon keeps the contracts of every addon, hosting the trimmed MathJax it carries, or an npm package. */
class MathjaxContractTests extends AddonContractTests {

    static final String REMOTE = "npm:mathjax@2.7.5";

    MathjaxContractTests() {
        super(MathjaxAddon::new);
    }

    @Override
    protected Optional<String> remoteSource(LiteTestKit kit) {
        kit.arg("MathjaxAddon", "mathjax_url", REMOTE);
        return Optional.of(REMOTE);
    }

    /** The npm package (from fake sources), trimmed. */
    @Nested
    class FromNpm extends AddonContractTests {
        FromNpm() {
            super(MathjaxAddon::new);
        }

        @Override
        protected void configure(LiteTestKit kit) {
            super.configure(kit);
            byte[] tgz = TestArchives.tgz(MathjaxAddonTests.fakeMathjax("package/", "2.7.5"));
            kit.sources(FakeSources.serving(REMOTE, tgz)).online().arg("MathjaxAddon", "mathjax_url", REMOTE);
        }

        @Override
        protected Optional<String> remoteSource(LiteTestKit kit) {
            return MathjaxContractTests.this.remoteSource(kit);
        }
    }
}
