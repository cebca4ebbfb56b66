package dev.jlite.testkit.readme;

import dev.jlite.testkit.AddonContractTests;
import dev.jlite.testkit.LiteTestKit;

/** The README's contract example: the suite, run on the README's addon. */
// begin:contract
class HelloAddonContractTests extends AddonContractTests {
    HelloAddonContractTests() {
        super(HelloAddon::new);             // a new instance per call: the constructor is watched
    }

    @Override
    protected void configure(LiteTestKit kit) {
        kit.arg("HelloAddon", "greeting", "hi");
    }
}
// end:contract
