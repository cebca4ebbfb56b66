package dev.jlite.testkit.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.BuildResult;
import dev.jlite.core.LiteBuild;
import dev.jlite.core.spi.Command;
import dev.jlite.testkit.FakeSources;
import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.LiteTestKit;
import dev.jlite.testkit.TestApp;
import dev.jlite.testkit.TestHttpServer;
import dev.jlite.testkit.TreeDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's code examples are these sources, compiled and run here; the README must quote them exactly. */
class ReadmeExamplesTests {

    private static final Path ROOT = Path.of(System.getProperty("jlite.repo.root", "../"));

    @Test
    void theBuildExampleBuildsASite(@TempDir Path tmp) throws IOException {
        Path app = tmp.resolve("app");
        for (var e : TestApp.standard().files().entrySet()) {
            Files.createDirectories(app.resolve(e.getKey()).getParent());
            Files.write(app.resolve(e.getKey()), e.getValue());
        }
        Path site = Files.createDirectories(tmp.resolve("site"));
        int code = buildExample(site, app, Map.of("HOME", tmp.toString()));
        assertEquals(0, code);
        assertTrue(Files.isRegularFile(site.resolve("_output/lab/index.html")));
    }

    static int buildExample(Path site, Path app, Map<String, String> environment) {
        // begin:build
        BuildResult result = LiteBuild.builder()
                .workingDir(site)                  // the lite dir, unless --lite-dir says otherwise
                .environment(environment)          // JUPYTERLITE_*, SOURCE_DATE_EPOCH, HOME (for the cache)
                .argument("LiteBuildConfig", "app_archive", app.toString())
                .argument("LiteBuildConfig", "apps", "lab")
                .build()
                .run(Command.BUILD);
        result.diagnostics().forEach(d -> System.err.println(d.severity() + " " + d.render()));
        return result.exitCode();                  // 0 ok, 1 failed, 2 invalid configuration
        // end:build
    }

    @Test
    void theAddonExampleWorksInTheTestKit() {
        // begin:addon-test
        LiteRun run = LiteTestKit.addons(new HelloAddon()).arg("HelloAddon", "greeting", "hi").run(Command.BUILD);
        assertTrue(run.ok(), run::report);
        assertEquals("hi", run.text("hello.txt"));
        assertEquals("hi", run.json("jupyter-lite.json").at("/jupyter-config-data/greeting").asString());
        // end:addon-test
    }

    @Test
    void theRemoteSourcesExampleWorks() {
        // begin:fakes
        FakeSources fakes = FakeSources.serving("npm:@example/app@1.0.0", TestApp.standard().tgz());
        LiteRun run = LiteTestKit.addons(new HelloAddon()).sources(fakes).online()
                .appArchiveSpec("npm:@example/app@1.0.0").run(Command.BUILD);
        assertEquals(List.of("npm:@example/app@1.0.0"), fakes.downloads());
        TreeDiff.assertSameTree(LiteTestKit.addons(new HelloAddon()).run(Command.BUILD), run);  // says where they differ

        try (TestHttpServer server = TestHttpServer.start()) {
            server.serve("/app.tgz", TestApp.standard().tgz()).failNext("/app.tgz", TestHttpServer.Failure.status(503));
            LiteRun fetched = LiteTestKit.addons().online().appArchiveSpec(server.url("/app.tgz")).run(Command.BUILD);
            assertTrue(fetched.ok(), fetched::report);
            assertEquals(2, server.requests("/app.tgz").size());                           // the 503 was retried
        }
        // end:fakes
    }

    @Test
    void theReadmeQuotesTheExamplesExactly() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        Path here = ROOT.resolve("lite-test-kit/src/test/java/dev/jlite/testkit/readme");
        for (var example : List.of(
                List.of("ReadmeExamplesTests.java", "build"),
                List.of("HelloAddon.java", "addon"),
                List.of("ReadmeExamplesTests.java", "addon-test"),
                List.of("HelloAddonContractTests.java", "contract"),
                List.of("ReadmeExamplesTests.java", "fakes"))) {
            String snippet = region(Files.readString(here.resolve(example.get(0)), StandardCharsets.UTF_8), example.get(1));
            assertTrue(readme.contains(snippet), "README.md must contain the '" + example.get(1) + "' example exactly:\n" + snippet);
        }
    }

    @Test
    void theAddonGuideQuotesTheExampleProjectExactly() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/writing-an-addon.md"), StandardCharsets.UTF_8);
        Path hello = ROOT.resolve("examples/addon-hello");
        String main = "src/main/java/dev/example/hello/";
        String test = "src/test/java/dev/example/hello/";
        for (var example : List.of(
                List.of("pom.xml", "dependencies"),
                List.of("src/main/java/module-info.java", "module"),
                List.of(main + "HelloAddon.java", "addon"),
                List.of(main + "HelloAddon.java", "command"),
                List.of(test + "HelloAddonTests.java", "test"),
                List.of(test + "HelloAddonTests.java", "command-test"),
                List.of(test + "HelloContractTests.java", "contract"),
                List.of(test + "HelloRulesTests.java", "rules"))) {
            String snippet = region(Files.readString(hello.resolve(example.get(0)), StandardCharsets.UTF_8), example.get(1));
            assertTrue(snippet.lines().count() > 2, example.toString());
            assertTrue(guide.contains("```" + (example.get(0).endsWith(".xml") ? "xml" : "java") + "\n" + snippet + "```"),
                    "docs/writing-an-addon.md must quote " + example + " exactly:\n" + snippet);
        }
    }

    /** The lines between {@code // begin:name} and {@code // end:name}, without their common indent. */
    static String region(String source, String name) {
        List<String> lines = source.lines().toList();
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.equals("// begin:" + name) || line.equals("<!-- begin:" + name + " -->")) {
                begin = i + 1;
            } else if (line.equals("// end:" + name) || line.equals("<!-- end:" + name + " -->")) {
                end = i;
            }
        }
        List<String> body = lines.subList(begin, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        body.forEach(l -> sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return sb.toString();
    }
}
