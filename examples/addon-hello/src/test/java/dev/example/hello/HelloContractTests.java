package dev.example.hello;

import dev.jlite.testkit.AddonContractTests;
import dev.jlite.testkit.LiteTestKit;

/** The contracts every jlite addon keeps, run on this one. */
// begin:contract
class HelloContractTests extends AddonContractTests {

    HelloContractTests() {
        super(HelloAddon::new);                 // a fresh instance each time: the constructor is watched
    }

    @Override
    protected void configure(LiteTestKit kit) {   // a build in which the addon does real work
        kit.arg("HelloAddon", "greeting", "Hi").arg("HelloAddon", "to", "[\"Ada\"]");
    }
}
// end:contract
