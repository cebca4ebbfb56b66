package dev.jlite.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import org.junit.jupiter.api.Test;

class PipelineTests {

    @Test
    void buildsASiteFromTheApp() {
        LiteRun run = LiteTestKit.addons().run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertTrue(run.exists("index.html"), run::report);
        assertTrue(run.exists("jupyter-lite.json"));
        assertTrue(run.exists("lab/index.html"));
        assertTrue(run.exists("repl/index.html"));
        assertEquals(java.util.List.of("lite:merge", "lite:write", "static:copy", "static:unpack"),
                run.ran().stream().sorted().toList(), run::report);
    }

    @Test
    void aSecondBuildRunsNothing() {
        LiteTestKit kit = LiteTestKit.addons().liteFile("jupyter-lite.json",
                "{\"jupyter-config-data\": {\"appName\": \"Mine\"}}");
        LiteRun first = kit.run(Command.BUILD);
        assertTrue(first.ok(), first::report);
        LiteRun second = kit.run(Command.BUILD);
        assertTrue(second.ok(), second::report);
        assertEquals(java.util.List.of(), second.ran(), second::report);
        assertFalse(second.skipped().isEmpty());
        assertEquals(first.tree(), second.tree());
    }
}
