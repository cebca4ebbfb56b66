package dev.jlite.addon.mathjax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.Command;
import dev.jlite.testkit.LiteRun;
import dev.jlite.testkit.LiteTestKit;
import dev.jlite.testkit.TestArchives;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The MathJax addon, through the test kit, as a third party would test it. */
class MathjaxAddonTests {

    static LiteTestKit kit() {
        return LiteTestKit.addons(new MathjaxAddon());
    }

    private static LiteRun ok(LiteRun run) {
        assertTrue(run.ok(), run::report);
        return run;
    }

    private static List<String> mathjax(LiteRun run) {
        return run.files().stream().filter(f -> f.startsWith("static/mathjax/")).map(f -> f.substring("static/mathjax/".length())).toList();
    }

    @Test
    void aDefaultBuildHostsTheTrimmedSetItCarriesAndSetsBothSettings() {
        LiteRun run = ok(kit().run(Command.BUILD));
        List<String> files = mathjax(run);
        for (String f : List.of("MathJax.js", "LICENSE", "config/TeX-AMS-MML_HTMLorMML-full.js", "config/Safe.js",
                "extensions/Safe.js", "jax/input/TeX/config.js", "jax/output/HTML-CSS/autoload/mtable.js",
                "fonts/HTML-CSS/STIX-Web/woff/STIXMathJax_Main-Regular.woff", "localization/de/de.js", "jax/element/mml/jax.js")) {
            assertTrue(files.contains(f), f);
        }
        assertFalse(files.contains("config/AM_CHTML.js"), "other configs are left out");
        assertFalse(files.stream().anyMatch(f -> f.startsWith("unpacked/") || f.startsWith("test/") || f.startsWith("fonts/HTML-CSS/TeX/")));
        assertTrue(files.stream().allMatch(Trimmed::includes));
        assertEquals("./static/mathjax/MathJax.js", run.json("jupyter-lite.json").at("/jupyter-config-data/fullMathjaxUrl").asString());
        assertEquals("TeX-AMS-MML_HTMLorMML-full,Safe", run.json("jupyter-lite.json").at("/jupyter-config-data/mathjaxConfig").asString());
        assertTrue(run.text("static/mathjax/MathJax.js").contains("MathJax.version=\"2.7.9\""));
    }

    @Test
    void theFullProfileHostsEverything() {
        LiteRun run = ok(kit().arg("MathjaxAddon", "profile", "full").run(Command.BUILD));
        List<String> files = mathjax(run);
        assertEquals(MathjaxAddon.embedded(), files);
        assertTrue(files.contains("config/AM_CHTML.js"));
        assertTrue(files.size() > 1500, "files: " + files.size());
    }

    @Test
    void settingsTheSiteMadeAreKept() {
        // Online: built offline, the offline audit would (rightly) refuse the mirror URL.
        LiteRun run = ok(kit().online().liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"fullMathjaxUrl\": \"https://mirror.example/"
                + "MathJax.js\", \"mathjaxConfig\": \"TeX-AMS_CHTML\"}}").run(Command.BUILD));
        assertEquals("https://mirror.example/MathJax.js", run.json("jupyter-lite.json").at("/jupyter-config-data/fullMathjaxUrl").asString());
        assertEquals("TeX-AMS_CHTML", run.json("jupyter-lite.json").at("/jupyter-config-data/mathjaxConfig").asString());
    }

    @Test
    void itCanBeTurnedOff() {
        for (LiteTestKit off : List.of(kit().arg("MathjaxAddon", "enabled", "false"), kit().option("disable_addons", "mathjax"))) {
            LiteRun run = ok(off.run(Command.BUILD));
            assertFalse(run.exists("static/mathjax"));
            assertTrue(run.json("jupyter-lite.json").at("/jupyter-config-data/fullMathjaxUrl").isMissingNode());
        }
    }

    /** A small MathJax 2 tree: enough files of the trimmed set, and some that are not in it. */
    static Map<String, byte[]> fakeMathjax(String prefix, String version) {
        Map<String, byte[]> f = new TreeMap<>();
        for (String p : List.of("config/TeX-AMS-MML_HTMLorMML-full.js", "config/Safe.js", "config/AM_CHTML.js", "jax/input/TeX/config.js",
                "extensions/Safe.js", "README.md")) {
            f.put(prefix + p, ("/* " + p + " */").getBytes(StandardCharsets.UTF_8));
        }
        f.put(prefix + "MathJax.js", ("MathJax.version=\"" + version + "\";MathJax.fileversion=\"" + version + "\";").getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Test
    void aFolderOrAnyArchiveSourceIsTrimmedTheSameWay() {
        LiteTestKit folder = kit();
        fakeMathjax("mj/", "2.7.5").forEach(folder::liteFile);
        LiteRun fromFolder = ok(folder.option("mathjax_dir", "mj").run(Command.BUILD));
        assertEquals(List.of("MathJax.js", "config/Safe.js", "config/TeX-AMS-MML_HTMLorMML-full.js", "extensions/Safe.js",
                "jax/input/TeX/config.js"), mathjax(fromFolder));

        LiteTestKit npm = kit().liteFile("mathjax-2.7.5.tgz", TestArchives.tgz(fakeMathjax("package/", "2.7.5")));
        assertEquals(fromFolder.tree(), ok(npm.arg("MathjaxAddon", "mathjax_url", "mathjax-2.7.5.tgz").run(Command.BUILD)).tree());

        LiteTestKit zip = kit().liteFile("MathJax-2.7.5.zip", TestArchives.zip(fakeMathjax("MathJax-2.7.5/", "2.7.5")));
        assertEquals(fromFolder.tree(), ok(zip.arg("MathjaxAddon", "mathjax_url", "MathJax-2.7.5.zip").run(Command.BUILD)).tree());
    }

    @Test
    void whatIsNotMathJax2IsRefusedWithWhatWasFound() {
        LiteTestKit three = kit().liteFile("mj3/es5/tex-mml-chtml.js", "x").liteFile("mj3/package.json", "{}");
        assertEquals(List.of("addon 'mathjax' failed in BUILD, task 'copy': --mathjax-dir mj3 is MathJax 3 (it has tex-mml-chtml.js "
                + "and no MathJax.js); jlite hosts MathJax 2, which fullMathjaxUrl loads (JupyterLab 4 apps bundle MathJax 3 "
                + "themselves)"), three.option("mathjax_dir", "mj3").run(Command.BUILD).errors());

        LiteTestKit versionThree = kit();
        fakeMathjax("mj/", "3.0.0").forEach(versionThree::liteFile);
        assertEquals(List.of("addon 'mathjax' failed in BUILD, task 'copy': --mathjax-dir mj is MathJax 3.0.0; jlite hosts MathJax 2 "
                + "(what fullMathjaxUrl loads)"), versionThree.option("mathjax_dir", "mj").run(Command.BUILD).errors());

        LiteTestKit other = kit().liteFile("stuff/a.txt", "x").liteFile("stuff/b/c.txt", "y");
        assertEquals(List.of("addon 'mathjax' failed in BUILD, task 'copy': --mathjax-dir stuff is not MathJax: there is no MathJax.js "
                + "in it (found: a.txt, b/); give MathJax 2, e.g. npm:mathjax@2.7.9 or Debian's /usr/share/javascript/mathjax"),
                other.option("mathjax_dir", "stuff").run(Command.BUILD).errors());

        assertEquals(List.of("addon 'mathjax' failed in BUILD, task 'copy': --mathjax-dir: /work/site/nowhere is not a folder; give the "
                + "folder holding MathJax.js"), kit().option("mathjax_dir", "nowhere").run(Command.BUILD).errors());
    }

    @Test
    void checkNeedsMathJaxJsAndEveryConfigItNames() {
        LiteRun good = kit().run(Command.CHECK);
        assertTrue(good.ok(), good::report);
        LiteRun bad = kit().liteFile("jupyter-lite.json", "{\"jupyter-config-data\": {\"mathjaxConfig\": \"TeX-AMS-MML_HTMLorMML-full,Nope\"}}")
                .run(Command.CHECK);
        assertEquals(List.of("jupyter-lite.json: /jupyter-config-data/mathjaxConfig: Nope has no config/Nope.js beside "
                + "./static/mathjax/MathJax.js"), bad.errors());
    }

    @Test
    void statusSaysWhichMathJaxAndWhetherTheAppUsesIt() {
        LiteTestKit kit = kit();
        ok(kit.run(Command.BUILD));
        List<String> lines = kit.run(Command.STATUS).diagnostics().stream().filter(d -> d.source().equals("mathjax"))
                .map(d -> d.render()).toList();
        assertEquals(List.of("MathJax 2.7.9 from the copy the mathjax addon carries, trimmed set, to static/mathjax/",
                "this app (JupyterLite 0.0.0-test) loads MathJax from fullMathjaxUrl, which points at the hosted copy"), lines);
        assertTrue(MathjaxAddon.jupyterLab4("0.8.3"));
        assertTrue(MathjaxAddon.jupyterLab4("0.2.0"));
        assertFalse(MathjaxAddon.jupyterLab4("0.1.0-beta.18"));
    }
}
