package dev.example.hello;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.jlite.testkit.AddonRules;
import org.junit.jupiter.api.Test;

/** jlite's rules for addons, over this addon's own classes. */
class HelloRulesTests {

    @Test
    void theAddonUsesOnlyWhatJliteHandsIt() {
        // begin:rules
        JavaClasses classes = AddonRules.importPackages("dev.example.hello");
        for (ArchRule rule : AddonRules.all()) {
            rule.check(classes);
        }
        // end:rules
    }
}
