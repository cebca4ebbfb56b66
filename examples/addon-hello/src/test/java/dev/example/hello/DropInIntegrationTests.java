package dev.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, dropped into the addon path of the real jlite command: listed, its alias understood,
 * its file and its configuration in the site. Runs after {@code package}, so the jar exists.
 */
class DropInIntegrationTests {

    record Ran(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** {@code jlite args...}: the launcher named by the jlite.launcher property, in {@code dir}. */
    static Ran jlite(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("jlite.launcher")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("JLITE_NO_BUILD", "1");         // use jlite as it is; do not rebuild it
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().remove("JLITE_ADDON_PATH");
        pb.environment().remove("XDG_DATA_HOME");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jlite did not finish");
        return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theJarDroppedIntoTheAddonPathWorksInTheRealCommand(@TempDir Path tmp) throws Exception {
        Path jar = Path.of(System.getProperty("hello.jar"));
        Path addons = Files.createDirectories(tmp.resolve("addons"));
        Files.copy(jar, addons.resolve(jar.getFileName()));

        Ran listed = jlite(tmp, "addons", "--addon-path", addons.toString());
        assertEquals(0, listed.code(), listed::all);
        String line = listed.out().lines().filter(l -> l.startsWith("hello ")).findFirst().orElseThrow(() -> new AssertionError(listed.all()));
        assertTrue(line.contains("1.0.0") && line.contains("dev.example.hello") && line.contains(addons.resolve(jar.getFileName()).toString()),
                line);

        Ran help = jlite(tmp, "build", "--help", "--addon-path", addons.toString());
        assertTrue(help.out().contains("--hello-greeting"), help::all);

        Path site = Files.createDirectories(tmp.resolve("site"));
        Path app = Files.createDirectories(tmp.resolve("app/lab"));
        Files.writeString(app.resolve("index.html"), "<!doctype html><title>lab</title>");
        Files.writeString(tmp.resolve("app/package.json"), "{\"name\": \"@jupyterlite/app\", \"version\": \"0.0.0\", "
                + "\"jupyterlite\": {\"apps\": [\"lab\"]}}");
        Files.writeString(tmp.resolve("app/jupyter-lite.json"), "{\"jupyter-config-data\": {\"appName\": \"JupyterLite\"}}");
        Ran build = jlite(tmp, "build", "--addon-path", addons.toString(), "--lite-dir", site.toString(), "--app-archive",
                tmp.resolve("app").toString(), "--hello-greeting", "Hi", "--hello-to", "Ada", "--disable-addons", "mathjax");
        assertEquals(0, build.code(), build::all);
        assertEquals("Hi, Ada\n", Files.readString(site.resolve("_output/hello/greeting.txt")));
        assertTrue(Files.readString(site.resolve("_output/jupyter-lite.json")).contains("\"greeting\": \"Hi, Ada\""), build::all);

        Ran greet = jlite(tmp, "hello", "greet", "Grace", "--addon-path", addons.toString(), "--hello-greeting", "Hey");
        assertEquals(0, greet.code(), greet::all);
        assertEquals("Hey, Grace\n", greet.out());

        Ran without = jlite(tmp, "build", "--lite-dir", site.toString(), "--app-archive", tmp.resolve("app").toString(),
                "--hello-greeting", "Hi");
        assertEquals(2, without.code(), "without the addon, its alias is unknown: " + without.all());
    }
}
