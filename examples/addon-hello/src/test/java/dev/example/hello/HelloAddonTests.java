package dev.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import dev.jlite.testkit.CommandRun;
import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.LiteTestKit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hello addon in jlite's real pipeline, on an in-memory file system: offline, clock pinned. */
class HelloAddonTests {

    static final String GREETING = "/jupyter-config-data/litePluginSettings/hello:plugin/greeting";

    @Test
    void itWritesItsFileAndPatchesTheRuntimeConfiguration() {
        // begin:test
        LiteRun run = LiteTestKit.addons(new HelloAddon())
                .arg("HelloAddon", "greeting", "Hi")               // as --HelloAddon.greeting=Hi would
                .arg("HelloAddon", "to", "[\"Ada\", \"Grace\"]")
                .run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals("Hi, Ada and Grace\n", run.text("hello/greeting.txt"));
        assertEquals("Hi, Ada and Grace", run.json("jupyter-lite.json").at(GREETING).asString());
        // end:test
    }

    @Test
    void theDefaultGreetingTheEnvironmentAndTheConfigFileAllReachIt() {
        assertEquals("Hello\n", LiteTestKit.addons(new HelloAddon()).run(Command.BUILD).text("hello/greeting.txt"));
        assertEquals("Bonjour\n", LiteTestKit.addons(new HelloAddon()).env("HELLO_GREETING", "Bonjour").run(Command.BUILD)
                .text("hello/greeting.txt"));
        LiteRun fromFile = LiteTestKit.addons(new HelloAddon())
                .liteFile("jupyter_lite_config.json", "{\"HelloAddon\": {\"greeting\": \"Hallo\", \"to\": [\"Welt\"]}}")
                .env("HELLO_GREETING", "Bonjour")                   // a config file beats the environment
                .run(Command.BUILD);
        assertEquals("Hallo, Welt\n", fromFile.text("hello/greeting.txt"));
    }

    @Test
    void aSecondBuildRunsNothingAndANewGreetingRunsTheTaskAgain() {
        LiteTestKit kit = LiteTestKit.addons(new HelloAddon());
        assertTrue(kit.run(Command.BUILD).ran().contains("hello:write"));
        assertEquals(List.of(), kit.run(Command.BUILD).ran());
        LiteRun changed = kit.arg("HelloAddon", "greeting", "Hey").run(Command.BUILD);
        assertTrue(changed.ran().contains("hello:write"), changed::report);
        assertEquals("Hey\n", changed.text("hello/greeting.txt"));
    }

    @Test
    void itsCommandPrintsTheGreeting() {
        // begin:command-test
        CommandRun run = LiteTestKit.addons(new HelloAddon()).env("HELLO_GREETING", "Salut").command("hello", "greet", "Ada");
        assertEquals(0, run.exitCode());
        assertEquals(List.of("Salut, Ada"), run.output());
        // end:command-test
    }

    @Test
    void aWrongTypeIsAConfigurationErrorNamingTheSetting() {
        LiteRun run = LiteTestKit.addons(new HelloAddon())
                .liteFile("jupyter_lite_config.json", "{\"HelloAddon\": {\"to\": \"Ada\"}}")
                .run(Command.BUILD);
        assertEquals(2, run.exitCode());
        assertTrue(run.errors().stream().anyMatch(e -> e.contains("HelloAddon.to")), run::report);
    }
}
