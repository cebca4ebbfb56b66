package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.testkit.LiteRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's start-up wheels named as {@code pypi:NAME==VERSION}, found where the user's pip looks: a PEP 503
 * index on loopback ({@code PIP_INDEX_URL}), a find-links folder ({@code PIP_FIND_LINKS} with
 * {@code PIP_NO_INDEX}), and a {@code file:} index as {@code extra-index-url} in a {@code pip.conf} behind an
 * index that lacks them. Each site is the same, byte for byte ({@code pypi/} and the lock included), as the
 * one built from the shared folder itself (with {@code SOURCE_DATE_EPOCH}, since without it the upload times of
 * {@code pypi/all.json} are the files' own). {@code check --offline} passes that site, and fails the one
 * without the wheels, naming each missing file and the specs that ship them.
 */
@Tag("e2e")
class PipIndexIntegrationTests {

    private static final Pattern WHEEL = Pattern.compile("([^-]+)-([^-]+)-.*\\.whl");

    @TempDir
    Path tmp;

    @Test
    void theStartUpSetFromPipsIndexesBuildsTheSameSiteAsFromTheFolder() throws Exception {
        Path startup = KernelIntegrationTests.wheels("kernel-startup");
        Map<String, String> sums = sums(startup);
        List<String> specs = new ArrayList<>();
        for (String file : sums.keySet()) {
            Matcher m = WHEEL.matcher(file);
            assertTrue(m.matches(), file);
            specs.add("pypi:" + m.group(1) + "==" + m.group(2));
        }
        assertEquals(15, specs.size(), specs::toString);

        // a PEP 503 index of the same wheels: simple/<project>/index.html linking to files/
        Path index = Files.createDirectories(tmp.resolve("index"));
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createDirectories(index.resolve("files"));
        StringBuilder root = new StringBuilder("<!DOCTYPE html><html><body>\n");
        for (Map.Entry<String, String> e : sums.entrySet()) {
            String project = WHEEL.matcher(e.getKey()).replaceFirst("$1").toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
            Files.copy(startup.resolve(e.getKey()), index.resolve("files").resolve(e.getKey()));
            Files.copy(startup.resolve(e.getKey()), links.resolve(e.getKey()));
            Path page = Files.createDirectories(index.resolve("simple").resolve(project)).resolve("index.html");
            Files.writeString(page, "<!DOCTYPE html><html><body>\n<a href=\"../../files/" + e.getKey() + "#sha256=" + e.getValue()
                    + "\">" + e.getKey() + "</a>\n</body></html>\n");
            root.append("<a href=\"").append(project).append("/\">").append(project).append("</a>\n");
        }
        Files.writeString(index.resolve("simple/index.html"), root.append("</body></html>\n"));

        Path cache = tmp.resolve("cache");
        Path fromFolder = build("folder", List.of(startup.toString()), Map.of(), cache);
        List<String> expected = LiteRun.tree(fromFolder);
        for (String file : sums.keySet()) {
            assertTrue(Files.isRegularFile(fromFolder.resolve("pypi").resolve(file)), file);
        }
        String lock = Files.readString(fromFolder.resolve("static/pyodide/pyodide-lock.json"));
        assertTrue(lock.contains("\"file_name\": \"../../pypi/micropip-0.11.1-py3-none-any.whl\""), "the lock installs micropip");

        JliteProcess.Ran passes = check("folder");
        assertEquals(0, passes.code(), () -> "check --offline passes a site whose kernel starts offline:\n" + passes.all());

        build("bare", List.of(), Map.of(), cache);
        JliteProcess.Ran fails = check("bare");
        assertEquals(1, fails.code(), fails::all);
        assertTrue(fails.err().contains("error: kernel start-up: static/pyodide/pyodide-lock.json: /packages/micropip/file_name: "
                + "static/pyodide/micropip-0.11.1-py3-none-any.whl is not in the site; the Pyodide kernel fetches it when it starts, "
                + "and cannot start without it (an error with --offline)"), fails::all);
        assertTrue(fails.err().contains("warning: kernel start-up: to ship what the kernel needs to start, add its wheels to "
                + "jupyter_lite_config.json: {\"PipliteAddon\": {\"piplite_urls\": [\"pypi:"), fails::all);
        assertTrue(fails.err().contains("\"pypi:micropip==0.11.1\""), fails::all);

        List<String> served = Collections.synchronizedList(new ArrayList<>());
        try (SiteServer http = SiteServer.start(index, SiteServer.Options.defaults().withPort(0).withLog(s -> served.add(s.render())))) {
            Path viaHttp = build("http", specs, Map.of("PIP_INDEX_URL", http.url().resolve("simple/").toString()), cache);
            assertSame(expected, viaHttp, "from a PEP 503 index on loopback");
            for (String file : sums.keySet()) {
                assertTrue(served.contains("GET /files/" + file + " 200"), () -> file + " came from the index: " + served);
            }

            Path conf = tmp.resolve("pip.conf");
            Files.writeString(conf, "[global]\nindex-url = " + http.url().resolve("empty/") + "\nextra-index-url =\n    "
                    + index.resolve("simple").toUri() + "\n");
            Path viaFileIndex = build("file-index", specs, Map.of("PIP_CONFIG_FILE", conf.toString()), cache);
            assertSame(expected, viaFileIndex, "from a file: index, the extra index of a pip.conf");
            assertTrue(served.contains("GET /empty/micropip/ 404"), "the main index was asked first: " + served);
        }

        Path viaLinks = build("find-links", specs, Map.of("PIP_FIND_LINKS", links.toString(), "PIP_NO_INDEX", "1"), cache);
        assertSame(expected, viaLinks, "from a find-links folder");
        assertEquals(lock, Files.readString(viaLinks.resolve("static/pyodide/pyodide-lock.json")));
    }

    /** The site built from the demo app and npm's Pyodide with {@code wheels} as piplite wheels, installed on import. */
    private Path build(String name, List<String> wheels, Map<String, String> env, Path cache) throws Exception {
        Path assets = Path.of(System.getProperty("jlite.repo.root")).resolve(".cache/assets");
        Path app = assets.resolve("galaxy-app/galaxyproject-jupyterlite-0.0.31.tgz");
        Path pyodide = assets.resolve("pyodide-314.0.7/pyodide-314.0.7.tgz");
        assertTrue(Files.isRegularFile(app) && Files.isRegularFile(pyodide), "run scripts/fetch-assets.sh first");
        Path lite = Files.createDirectories(tmp.resolve(name));
        StringBuilder urls = new StringBuilder();
        for (String w : wheels) {
            urls.append(urls.length() == 0 ? "" : ", ").append('"').append(w.replace("\\", "\\\\")).append('"');
        }
        Files.writeString(lite.resolve("jupyter_lite_config.json"), """
                {
                  "LiteBuildConfig": {"app_archive": "%s!/package/static/dist/_output", "apps": ["repl"]},
                  "PyodideAddon": {"pyodide_url": "%s"},
                  "PipliteAddon": {"piplite_urls": [%s], "install_on_import": true}
                }
                """.formatted(app, pyodide, urls));
        Path site = tmp.resolve(name + "-site");
        // upload times in pypi/all.json come from SOURCE_DATE_EPOCH, else from each wheel file's time, as the reference's do
        Map<String, String> all = new TreeMap<>(env);
        all.put("SOURCE_DATE_EPOCH", "1764806400");
        JliteProcess.Ran ran = JliteProcess.run(tmp, all, "build", "--lite-dir", lite.toString(), "--output-dir", site.toString(),
                "--cache-dir", cache.toString());
        assertEquals(0, ran.code(), ran::all);
        return site;
    }

    /** The site's files and their digests are those of {@code expected}; the lines that differ otherwise. */
    private static void assertSame(List<String> expected, Path site, String what) {
        List<String> actual = LiteRun.tree(site);
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        extra.removeAll(expected);
        assertEquals(List.of(), missing, what + ": files of the folder's site that differ or lack; and these are new: " + extra);
        assertEquals(List.of(), extra, what);
        assertEquals(expected.size(), actual.size(), what);
    }

    private JliteProcess.Ran check(String name) throws Exception {
        return JliteProcess.run(tmp, Map.of(), "check", "--offline", "--lite-dir", tmp.resolve(name).toString(), "--output-dir",
                tmp.resolve(name + "-site").toString(), "--cache-dir", tmp.resolve("cache").toString());
    }

    private static Map<String, String> sums(Path folder) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(folder.resolve("SHA256SUMS"))) {
            String[] parts = line.trim().split("\\s+\\*?");
            if (parts.length == 2 && parts[1].endsWith(".whl")) {
                out.put(parts[1], parts[0]);
            }
        }
        return out;
    }
}
