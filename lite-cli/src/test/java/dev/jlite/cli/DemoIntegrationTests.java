package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The README's demo command, end to end: the real JupyterLite app, Pyodide and wheels from npm, an audited archive. */
@Tag("e2e")
class DemoIntegrationTests {

    @Test
    void theDemoCommandBuildsARealSiteAndPacksAnAuditedReproducibleArchive(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        Path one = Files.createDirectories(tmp.resolve("one"));
        Path site = one.resolve("site");
        String first = demo(one, "--output-dir", site.toString(), "--cache-dir", cache.toString());
        java.util.regex.Matcher ran = java.util.regex.Pattern.compile("build: (\\d+) tasks ran, 0 up to date").matcher(first);
        assertTrue(ran.find(), first);

        JsonMapper json = JsonMapper.builder().build();
        List<String> apps = new ArrayList<>();
        json.readTree(site.resolve("package.json").toFile()).at("/jupyterlite/apps").forEach(a -> apps.add(a.asString()));
        assertEquals(List.of("lab", "repl", "tree", "edit", "notebooks", "consoles"), apps);
        for (String a : apps) {
            assertTrue(Files.isRegularFile(site.resolve(a).resolve("index.html")), a);
        }
        assertTrue(Files.isRegularFile(site.resolve("index.html")));
        JsonNode config = json.readTree(site.resolve("jupyter-lite.json").toFile());
        assertEquals("jlite demo", config.at("/jupyter-config-data/appName").asString());
        assertEquals("JupyterLab Dark", config.at("/jupyter-config-data/settingsOverrides/@jupyterlab~1apputils-extension:themes/theme").asString());
        assertEquals("0.8.3", config.at("/jupyter-config-data/appVersion").asString(), "the app's own keys stay");
        String kernel = "/jupyter-config-data/litePluginSettings/@jupyterlite~1pyodide-kernel-extension:kernel";
        assertEquals("./static/pyodide/pyodide.mjs", config.at(kernel + "/pyodideUrl").asString());
        assertTrue(config.at(kernel + "/disablePyPIFallback").asBoolean());
        assertTrue(config.at(kernel + "/pipliteUrls/0").asString().startsWith("./pypi/all.json?sha256="));
        assertTrue(Files.isRegularFile(site.resolve("static/pyodide/pyodide.asm.wasm")));
        assertTrue(Files.readString(site.resolve("static/pyodide/pyodide-lock.json")).contains("\"file_name\": \"../../pypi/seaborn-"),
                "the app's wheels are installed on import");
        assertTrue(Files.isRegularFile(site.resolve("static/mathjax/MathJax.js")));
        try (Stream<Path> files = Files.walk(site)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".js.map")), "no_sourcemaps from the demo's config file");
        }
        Path archive = one.resolve("demo-jupyterlite.tgz");
        assertTrue(Files.isRegularFile(archive), first);
        assertTrue(Files.isRegularFile(site.resolve("SHA256SUMS")));

        String second = demo(one, "--output-dir", site.toString(), "--cache-dir", cache.toString());
        assertTrue(second.startsWith("nothing to do: " + ran.group(1) + " tasks up to date"), second);

        // Elsewhere, into a fresh output: the same bytes.
        Path two = Files.createDirectories(tmp.resolve("elsewhere/two"));
        demo(two, "--output-dir", two.resolve("out").toString(), "--cache-dir", cache.toString());
        assertEquals(sha256(archive), sha256(two.resolve("demo-jupyterlite.tgz")));

        // The archive given back as the app of an empty site reproduces itself, byte for byte, at the same
        // SOURCE_DATE_EPOCH: the demo's is the time of the repository's last commit (when it is a git work tree).
        Path again = Files.createDirectories(tmp.resolve("again/site"));
        Map<String, String> epoch = Files.exists(BuiltJars.root().resolve(".git"))
                ? Map.of("SOURCE_DATE_EPOCH", output(BuiltJars.root(), "git", "log", "-1", "--format=%ct").strip()) : Map.of();
        JliteProcess.Ran packed = JliteProcess.run(tmp, epoch, "archive", "--offline", "--lite-dir", again.toString(),
                "--app-archive", archive.toString(), "--cache-dir", cache.toString(), "--output-archive",
                tmp.resolve("again.tgz").toString());
        assertEquals(0, packed.code(), packed::all);
        assertEquals(sha256(archive), sha256(tmp.resolve("again.tgz")));
    }

    /**
     * scripts/demo.sh in two clones of this repository, checked out at different times, packs archives with
     * the same bytes: without SOURCE_DATE_EPOCH, the demo takes the time of the last commit. The clones use
     * the jars this build made (their own target/ folders lead there), so nothing is built twice.
     */
    @Test
    void theDemoInTwoClonesGivesTheSameArchive(@TempDir Path tmp) throws Exception {
        Path root = BuiltJars.root();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(root.resolve(".git")), "not a git work tree: " + root);
        Path cache = tmp.resolve("cache");
        List<String> archives = new ArrayList<>();
        for (String name : List.of("one", "two")) {
            Path clone = tmp.resolve(name);
            run(tmp, "git", "clone", "-q", root.toString(), clone.toString());
            Files.createSymbolicLink(clone.resolve("lite-cli/target"), root.resolve("lite-cli/target"));
            if (name.equals("two")) {
                // a later check-out: every file of the demo an hour newer
                try (Stream<Path> files = Files.walk(clone.resolve("examples/demo"))) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(3600)));
                    }
                }
            }
            List<String> cmd = List.of(clone.resolve("scripts/demo.sh").toString(), "--cache-dir", cache.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(clone.toFile()).redirectErrorStream(true);
            pb.environment().put("JLITE_NO_BUILD", "1");
            pb.environment().put("JLITE_CDS", "0");
            pb.environment().remove("SOURCE_DATE_EPOCH");
            pb.environment().remove("JLITE_ASSETS");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            archives.add(sha256(clone.resolve("examples/demo/demo-jupyterlite.tgz")));
        }
        assertEquals(archives.get(0), archives.get(1), "two clones, the same archive");
    }

    private static void run(Path dir, String... command) throws Exception {
        output(dir, command);
    }

    private static String output(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String demo(Path tmp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BuiltJars.root().resolve("scripts/demo.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("JLITE_NO_BUILD", "1");
        pb.environment().remove("JLITE_ASSETS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
