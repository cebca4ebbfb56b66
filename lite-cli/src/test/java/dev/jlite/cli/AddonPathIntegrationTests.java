package dev.jlite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.testkit.TestApp;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third-party addon jars dropped into the addon path ({@code --addon-path}, {@code JLITE_ADDON_PATH}, the
 * per-user folder), run through the real command in its own JVM, with jars compiled at test time: what
 * loads, and the one paragraph each broken jar gets while the others still load.
 */
class AddonPathIntegrationTests {

    /** The jars most tests drop in, compiled once for all of them. */
    @TempDir
    static Path compiled;

    @TempDir
    Path tmp;
    Path addons;
    Path app;

    @BeforeEach
    void setUp() throws IOException {
        addons = Files.createDirectories(tmp.resolve("addons"));
        app = tmp.resolve("app");
        for (var e : TestApp.standard().files().entrySet()) {
            Path f = app.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        Files.createDirectories(tmp.resolve("site"));
    }

    // ---- the addons the tests drop in ----

    /** An addon class that writes {@code file} in BUILD with the value of its setting {@code alias} (default {@code hello}). */
    private static String writer(String pkg, String cls, String id, String alias, String file) {
        return "package " + pkg + ";\n"
                + "import dev.jlite.core.spi.Addon;\n"
                + "import dev.jlite.core.spi.AddonRegistrar;\n"
                + "import dev.jlite.core.spi.Phase;\n"
                + "import dev.jlite.core.spi.Setting;\n"
                + "import java.nio.charset.StandardCharsets;\n"
                + "import java.util.List;\n"
                + "public final class " + cls + " implements Addon {\n"
                + "    @Override public String id() { return \"" + id + "\"; }\n"
                + "    @Override public String description() { return \"writes " + file + "\"; }\n"
                + "    static final Setting<String> TEXT = Setting.string(\"text\", \"What to write.\").withAlias(\"" + alias + "\");\n"
                + "    @Override public List<Setting<?>> settings() {\n"
                + "        return List.of(TEXT);\n"
                + "    }\n"
                + "    @Override public void register(AddonRegistrar r) {\n"
                + "        String text = r.config().find(TEXT).orElse(\"hello\");\n"
                + "        r.task(Phase.BUILD, \"write\").output(\"" + file + "\").run(ctx -> ctx.files().write(\n"
                + "                ctx.options().outputDir().resolve(\"" + file + "\"), text.getBytes(StandardCharsets.UTF_8)));\n"
                + "    }\n"
                + "}\n";
    }

    /** An addon class with a body of its own (the SPI's Addon and AddonRegistrar imported). */
    private static String addon(String pkg, String cls, String body) {
        return "package " + pkg + ";\n"
                + "import dev.jlite.core.spi.Addon;\n"
                + "import dev.jlite.core.spi.AddonRegistrar;\n"
                + "public final class " + cls + " implements Addon {\n" + body + "}\n";
    }

    private static String moduleInfo(String module, String provider, String... requires) {
        StringBuilder sb = new StringBuilder("module " + module + " {\n    requires dev.jlite.core;\n");
        for (String r : requires) {
            sb.append("    requires ").append(r).append(";\n");
        }
        return sb.append("    provides dev.jlite.core.spi.Addon with ").append(provider).append(";\n}\n").toString();
    }

    /** The modular addon {@code hello} (module com.example.hello 1.2.3): {@code --greeting} writes hello.txt. */
    private static Path hello(Path dir) throws IOException {
        return copy(AddonJars.jar("hello.jar").version("1.2.3")
                .source("module-info.java", moduleInfo("com.example.hello", "com.example.hello.HelloAddon"))
                .source("com/example/hello/HelloAddon.java", writer("com.example.hello", "HelloAddon", "hello", "greeting", "hello.txt")),
                "hello.jar", dir);
    }

    /** The plain-jar addon {@code plain} (automatic module plain.addon 2.0): {@code --plain-note} writes plain.txt. */
    private static Path plain(Path dir) throws IOException {
        return copy(AddonJars.jar("plain-addon-2.0.jar").provides("org.example.plain.PlainAddon")
                .source("org/example/plain/PlainAddon.java", writer("org.example.plain", "PlainAddon", "plain", "plain-note", "plain.txt")),
                "plain-addon-2.0.jar", dir);
    }

    private static Path copy(AddonJars jar, String name, Path dir) throws IOException {
        Path once = compiled.resolve(name);
        if (!Files.exists(once)) {
            jar.writeTo(compiled);
        }
        return Files.copy(once, Files.createDirectories(dir).resolve(name));
    }

    // ---- running the command ----

    private JliteProcess.Ran jlite(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("HOME", tmp.resolve("home").toString());
        all.put("XDG_DATA_HOME", tmp.resolve("data").toString());
        all.put(AddonPath.ENV, "");
        all.putAll(env);
        return JliteProcess.run(tmp, all, args);
    }

    private JliteProcess.Ran jlite(String... args) throws Exception {
        return jlite(Map.of(), args);
    }

    private JliteProcess.Ran build(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("build", "--lite-dir", "site", "--app-archive", app.toString(),
                "--addon-path", addons.toString()));
        args.addAll(List.of(extra));
        return jlite(args.toArray(String[]::new));
    }

    /** The addon ids of {@code jlite addons}, and each one's row. */
    private static Map<String, String> rows(JliteProcess.Ran r) {
        Map<String, String> out = new HashMap<>();
        r.out().lines().skip(1).forEach(l -> out.put(l.split("\\s+")[0], l));
        return out;
    }

    private static List<String> errors(JliteProcess.Ran r) {
        return r.err().lines().filter(l -> l.startsWith("error: ")).map(l -> l.substring("error: ".length())).toList();
    }

    private void assertLoadsHello(JliteProcess.Ran r) {
        assertTrue(rows(r).containsKey("hello"), r::all);
        assertTrue(rows(r).containsKey("pyodide"), r::all);
    }

    // ---- what loads ----

    @Test
    void droppedInAddonsAreListedTakeTheirAliasesAndWriteIntoTheSite() throws Exception {
        Path helloJar = hello(addons);
        Path plainJar = plain(tmp.resolve("plain"));
        JliteProcess.Ran list = jlite(Map.of(AddonPath.ENV, plainJar.toString()), "addons", "--addon-path", addons.toString());
        assertEquals(0, list.code(), list::all);
        assertEquals("", list.err(), list::all);
        assertTrue(rows(list).get("hello").matches("hello\\s+1\\.2\\.3\\s+com\\.example\\.hello\\s+" + helloJar + "\\s+writes hello\\.txt"),
                list::all);
        assertTrue(rows(list).get("plain").matches("plain\\s+2\\.0\\s+plain\\.addon\\s+" + plainJar + "\\s+writes plain\\.txt"),
                list::all);
        assertTrue(rows(list).keySet().containsAll(List.of("static", "lite", "pyodide", "piplite", "mathjax")), list::all);

        JliteProcess.Ran help = jlite(Map.of(AddonPath.ENV, plainJar.toString()), "build", "--addon-path=" + addons, "--help");
        assertEquals(0, help.code(), help::all);
        assertTrue(help.out().contains("--addon-path=DIR|JAR"), help::all);
        assertTrue(help.out().contains("--greeting=TEXT"), help::all);
        assertTrue(help.out().contains("--plain-note=TEXT"), help::all);

        JliteProcess.Ran built = jlite(Map.of(AddonPath.ENV, plainJar.toString()), "build", "--lite-dir", "site",
                "--app-archive", app.toString(), "--addon-path", addons.toString(), "--greeting", "hi there", "--plain-note", "noted");
        assertEquals(0, built.code(), built::all);
        assertEquals("hi there", Files.readString(tmp.resolve("site/_output/hello.txt")));
        assertEquals("noted", Files.readString(tmp.resolve("site/_output/plain.txt")));
        assertTrue(Files.isRegularFile(tmp.resolve("site/_output/lab/index.html")), built::all);

        JliteProcess.Ran without = jlite("build", "--lite-dir", "site", "--app-archive", app.toString(), "--greeting", "hi");
        assertEquals(2, without.code(), "without the addon path, --greeting is no option:\n" + without.all());
    }

    @Test
    void theUserFolderIsUsedWhenItExists() throws Exception {
        Path xdg = tmp.resolve("data/jlite/addons");
        Path jar = hello(xdg);
        JliteProcess.Ran r = jlite("addons");
        assertEquals(0, r.code(), r::all);
        assertTrue(rows(r).get("hello").contains(jar.toString()), r::all);

        Path home = tmp.resolve("home/.local/share/jlite/addons");
        Path plainJar = plain(home);
        JliteProcess.Ran fromHome = jlite(Map.of("XDG_DATA_HOME", ""), "addons");
        assertEquals(0, fromHome.code(), fromHome::all);
        assertTrue(rows(fromHome).get("plain").contains(plainJar.toString()), fromHome::all);
        assertFalse(rows(fromHome).containsKey("hello"), "without XDG_DATA_HOME the folder is under HOME:\n" + fromHome.all());
    }

    // ---- what does not, one paragraph each, while the others load ----

    @Test
    void aFileThatIsNotAJar() throws Exception {
        hello(addons);
        Files.writeString(addons.resolve("notes.jar"), "these are notes, not a jar\n");
        byte[] good = Files.readAllBytes(plain(tmp.resolve("plain")));
        Files.write(addons.resolve("truncated.jar"), Arrays.copyOf(good, good.length / 2));
        Files.writeString(addons.resolve("README.txt"), "not a jar, and not named like one: left alone\n");

        JliteProcess.Ran r = jlite("addons", "--addon-path", addons.toString());
        assertEquals(1, r.code(), r::all);
        assertLoadsHello(r);
        List<String> errors = errors(r);
        assertEquals(2, errors.size(), r::all);
        assertEquals("addon path: " + addons.resolve("notes.jar") + " is not a jar (zip END header not found), so it was not "
                + "loaded; replace it with the addon's jar, or take it out of the addon path", errors.get(0));
        assertTrue(errors.get(1).matches("addon path: " + addons.resolve("truncated.jar").toString().replace(".", "\\.")
                + " is not a jar \\([^()]+\\), so it was not loaded; replace it with the addon's jar, or take it out of the "
                + "addon path"), errors.get(1));

        JliteProcess.Ran built = build("--greeting", "hi");
        assertEquals(1, built.code(), "the hello alias still parses; the build fails on the broken jars:\n" + built.all());
        assertEquals(errors, errors(built), built::all);
        assertTrue(built.err().endsWith("jlite build: failed\n"), built::all);
        assertFalse(built.err().contains("\tat "), "no stack trace without --debug:\n" + built.all());
        assertFalse(Files.exists(tmp.resolve("site/_output/hello.txt")), "nothing is built while a jar is broken");
    }

    @Test
    void aMissingModule() throws Exception {
        hello(addons);
        Path libs = tmp.resolve("libs");
        Path gone = AddonJars.jar("gone.jar")
                .source("module-info.java", "module com.example.gone { exports com.example.gone; }\n")
                .source("com/example/gone/Gone.java", "package com.example.gone; public final class Gone { }\n")
                .writeTo(libs);
        AddonJars.jar("needy.jar").against(gone)
                .source("module-info.java", moduleInfo("com.example.needy", "com.example.needy.NeedyAddon", "com.example.gone"))
                .source("com/example/needy/NeedyAddon.java", writer("com.example.needy", "NeedyAddon", "needy", "needy", "needy.txt"))
                .writeTo(addons);
        Path lib = AddonJars.jar("lib.jar").against(gone)
                .source("module-info.java", "module com.example.lib { requires com.example.gone; exports com.example.lib; }\n")
                .source("com/example/lib/Lib.java", "package com.example.lib; public final class Lib { }\n")
                .writeTo(addons);
        AddonJars.jar("user.jar").against(lib, gone)
                .source("module-info.java", moduleInfo("com.example.user", "com.example.user.UserAddon", "com.example.lib"))
                .source("com/example/user/UserAddon.java", writer("com.example.user", "UserAddon", "user", "user", "user.txt"))
                .writeTo(addons);
        AddonJars.jar("sql.jar")
                .source("module-info.java", moduleInfo("com.example.sql", "com.example.sql.SqlAddon", "java.sql"))
                .source("com/example/sql/SqlAddon.java", writer("com.example.sql", "SqlAddon", "sql", "sql", "sql.txt"))
                .writeTo(addons);

        JliteProcess.Ran r = jlite("addons", "--addon-path", addons.toString());
        assertEquals(1, r.code(), r::all);
        assertLoadsHello(r);
        assertEquals(List.of(
                "addon path: " + addons.resolve("lib.jar") + " (module com.example.lib) requires the module com.example.gone, "
                        + "which is neither in jlite nor in the addon path, so it was not loaded; put the jar of com.example.gone "
                        + "in the addon path, or take lib.jar out of it",
                "addon path: " + addons.resolve("needy.jar") + " (module com.example.needy) requires the module com.example.gone, "
                        + "which is neither in jlite nor in the addon path, so it was not loaded; put the jar of com.example.gone "
                        + "in the addon path, or take needy.jar out of it",
                "addon path: " + addons.resolve("sql.jar") + " (module com.example.sql) requires the JDK module java.sql, which "
                        + "this jlite does not load, so it was not loaded; start jlite's java with --add-modules java.sql (the "
                        + "jlite launcher passes JLITE_JAVA_OPTS on to java), or take sql.jar out of the addon path",
                "addon path: " + addons.resolve("user.jar") + " (module com.example.user) requires the module com.example.lib of "
                        + addons.resolve("lib.jar") + ", which was not loaded (its own error says why), so it was not loaded "
                        + "either; fix or replace " + addons.resolve("lib.jar") + ", or take user.jar out of the addon path"),
                errors(r));

        Files.copy(gone, addons.resolve("gone.jar"));
        JliteProcess.Ran fixed = jlite("addons", "--addon-path", addons.toString());
        assertEquals(1, fixed.code(), fixed::all);
        assertTrue(rows(fixed).keySet().containsAll(List.of("hello", "needy", "user")), "with gone.jar in, they load:\n" + fixed.all());
        assertEquals(1, errors(fixed).size(), fixed::all);
    }

    @Test
    void splitPackagesAndModulesJliteAlreadyHas() throws Exception {
        hello(addons);
        for (String side : List.of("left", "right")) {
            AddonJars.jar(side + ".jar").provides("com.example.shared." + side + ".Addon" + side)
                    .source("com/example/shared/Util" + side + ".java", "package com.example.shared; public final class Util" + side + " { }\n")
                    .source("com/example/shared/" + side + "/Addon" + side + ".java",
                            writer("com.example.shared." + side, "Addon" + side, side, side, side + ".txt"))
                    .writeTo(addons);
        }
        AddonJars.jar("sneaky.jar").provides("com.example.sneaky.SneakyAddon")
                .source("dev/jlite/core/spi/Sneaky.java", "package dev.jlite.core.spi; public final class Sneaky { }\n")
                .source("com/example/sneaky/SneakyAddon.java", writer("com.example.sneaky", "SneakyAddon", "sneaky", "sneaky", "s.txt"))
                .writeTo(addons);
        Path pyodide = BuiltJars.modulesDir().resolve("lite-addon-pyodide-" + BuiltJars.version() + ".jar");
        Files.copy(pyodide, addons.resolve("pyodide-copy.jar"));

        JliteProcess.Ran r = jlite("addons", "--addon-path", addons.toString());
        assertEquals(1, r.code(), r::all);
        assertLoadsHello(r);
        assertEquals(List.of(
                "addon path: " + addons.resolve("pyodide-copy.jar") + " holds the module dev.jlite.addon.pyodide, which jlite "
                        + "already has (" + pyodide + "), so it was not loaded; take it out of the addon path (jlite uses its own)",
                "addon path: " + addons.resolve("sneaky.jar") + " (module sneaky) holds the package dev.jlite.core.spi of jlite's "
                        + "module dev.jlite.core (" + BuiltJars.modulesDir().resolve("lite-core-" + BuiltJars.version() + ".jar")
                        + "), so it was not loaded; a package belongs to one module only: "
                        + "the addon must keep its classes in packages of its own, and not bundle a copy of a module jlite has",
                "addon path: " + addons.resolve("left.jar") + " (module left) and " + addons.resolve("right.jar") + " (module right) "
                        + "both hold the package com.example.shared, so neither of them was loaded; a package belongs to one "
                        + "module only: keep one of these jars, or move the classes into packages of their own"),
                errors(r));
    }

    @Test
    void whatOnlyTheJdkRefusesIsFoundJarByJar() throws Exception {
        hello(addons);
        // a cycle javac would refuse: each jar is compiled against an earlier jar of the other, which needed nothing
        for (String[] pair : new String[][] {{"a", "b"}, {"b", "a"}}) {
            Path earlier = AddonJars.jar(pair[1] + ".jar")
                    .source("module-info.java", "module com.example." + pair[1] + " { exports com.example." + pair[1] + "; }\n")
                    .source("com/example/" + pair[1] + "/C.java", "package com.example." + pair[1] + "; public final class C { }\n")
                    .writeTo(tmp.resolve("earlier-" + pair[1]));
            AddonJars.jar(pair[0] + ".jar").against(earlier)
                    .source("module-info.java", "module com.example." + pair[0] + " { requires com.example." + pair[1]
                            + "; exports com.example." + pair[0] + "; }\n")
                    .source("com/example/" + pair[0] + "/C.java", "package com.example." + pair[0] + "; public final class C { }\n")
                    .writeTo(addons);
        }
        AddonJars.jar("evil.jar").provides("com.example.evil.EvilAddon")
                .source("java/evil/Evil.java", "package java.evil; public final class Evil { }\n")
                .source("com/example/evil/EvilAddon.java", writer("com.example.evil", "EvilAddon", "evil", "evil", "evil.txt"))
                .writeTo(addons);

        JliteProcess.Ran r = jlite("addons", "--addon-path", addons.toString());
        assertEquals(1, r.code(), r::all);
        assertLoadsHello(r);
        List<String> errors = errors(r);
        assertEquals(3, errors.size(), r::all);
        assertEquals("addon path: " + addons.resolve("evil.jar") + " (module evil) holds the package java.evil, and only the JDK "
                + "may have packages named java.*, so it was not loaded; take it out of the addon path", errors.get(0));
        for (int i = 1; i <= 2; i++) {
            String jar = i == 1 ? "a" : "b";
            // which way round the JDK walks the cycle is its business
            String cycle = "Cycle detected: com\\.example\\.(a|b) -> com\\.example\\.(a|b) -> com\\.example\\.(a|b)";
            assertTrue(errors.get(i).matches("addon path: " + java.util.regex.Pattern.quote(addons.resolve(jar + ".jar").toString())
                    + " \\(module com\\.example\\." + jar + "\\) cannot be loaded with the other jars of the addon path \\("
                    + cycle + "\\), so it was not loaded; take it out of the addon path, or ask its authors for a jar that loads"),
                    errors.get(i));
        }
    }

    @Test
    void twoJarsWithOneIdOrOneModuleAreBothNamed() throws Exception {
        hello(addons);
        for (String side : List.of("a", "b")) {
            AddonJars.jar("twin-" + side + ".jar")
                    .source("module-info.java", moduleInfo("com.example.twin" + side, "com.example.twin" + side + ".TwinAddon"))
                    .source("com/example/twin" + side + "/TwinAddon.java", writer("com.example.twin" + side, "TwinAddon", "twin",
                            "twin-" + side, "twin.txt"))
                    .writeTo(addons);
        }
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.copy(addons.resolve("hello.jar"), other.resolve("hello-again.jar"));

        JliteProcess.Ran r = jlite("addons", "--addon-path", addons.toString(), "--addon-path", other.toString());
        assertEquals(1, r.code(), r::all);
        assertFalse(rows(r).containsKey("twin"), r::all);
        assertFalse(rows(r).containsKey("hello"), "a module in two jars: neither loads\n" + r.all());
        assertTrue(rows(r).containsKey("pyodide"), r::all);
        assertEquals(List.of(
                "addon path: " + addons.resolve("hello.jar") + " and " + other.resolve("hello-again.jar") + " both hold the module "
                        + "com.example.hello, so neither of them was loaded; keep one of them in the addon path",
                "two addons have the id 'twin': com.example.twina.TwinAddon (module com.example.twina, " + addons.resolve("twin-a.jar")
                        + ") and com.example.twinb.TwinAddon (module com.example.twinb, " + addons.resolve("twin-b.jar")
                        + "); remove one of the jars"),
                errors(r));

        JliteProcess.Ran same = jlite("addons", "--addon-path", addons.resolve("hello.jar").toString(), "--addon-path", addons.toString());
        assertTrue(rows(same).containsKey("hello"), "one jar named twice is loaded once:\n" + same.all());
    }

    @Test
    void aConstructorThatThrows() throws Exception {
        hello(addons);
        Path boom = AddonJars.jar("boom.jar")
                .source("module-info.java", moduleInfo("com.example.boom", "com.example.boom.BoomAddon"))
                .source("com/example/boom/BoomAddon.java", addon("com.example.boom", "BoomAddon",
                        "    public BoomAddon() { throw new IllegalStateException(\"no licence key\"); }\n"
                                + "    @Override public String id() { return \"boom\"; }\n"
                                + "    @Override public void register(AddonRegistrar r) { }\n"))
                .writeTo(addons);
        JliteProcess.Ran r = jlite("addons", "--addon-path", addons.toString());
        assertEquals(1, r.code(), r::all);
        assertLoadsHello(r);
        assertEquals(List.of("addon com.example.boom.BoomAddon (module com.example.boom, " + boom + ") could not be created: its "
                + "constructor threw IllegalStateException: no licence key, so it was not loaded; fix the addon, or take its jar out "
                + "of the addon path"), errors(r));
        assertFalse(r.err().contains("\tat "), r::all);

        JliteProcess.Ran debug = jlite("addons", "--addon-path", addons.toString(), "--debug");
        assertEquals(errors(r), errors(debug), debug::all);
        assertTrue(debug.err().contains("java.lang.IllegalStateException: no licence key\n\tat com.example.boom/com.example.boom."
                + "BoomAddon.<init>("), "--debug adds the stack trace:\n" + debug.all());
    }

    @Test
    void aTaskThatThrows() throws Exception {
        hello(addons);
        Path explode = AddonJars.jar("explode.jar")
                .source("module-info.java", moduleInfo("com.example.explode", "com.example.explode.ExplodeAddon"))
                .source("com/example/explode/ExplodeAddon.java", addon("com.example.explode", "ExplodeAddon",
                        "    @Override public String id() { return \"explode\"; }\n"
                                + "    @Override public void register(AddonRegistrar r) {\n"
                                + "        r.task(dev.jlite.core.spi.Phase.BUILD, \"write\").output(\"boom.txt\").run(ctx -> {\n"
                                + "            throw new IllegalStateException(\"kaboom\");\n"
                                + "        });\n"
                                + "    }\n"))
                .writeTo(addons);
        JliteProcess.Ran r = build();
        assertEquals(1, r.code(), r::all);
        assertEquals(List.of("error: addon 'explode' (module com.example.explode, " + explode + ") failed in BUILD, task 'write': "
                + "IllegalStateException: kaboom; this looks like a bug in the addon: report it to its authors, or build without it "
                + "(--disable-addons explode)", "jlite build: failed"), r.err().lines().toList());
        assertEquals("hello", Files.readString(tmp.resolve("site/_output/hello.txt")), "the other addons' tasks of BUILD still ran");

        JliteProcess.Ran debug = build("--debug");
        assertTrue(debug.err().contains("java.lang.IllegalStateException: kaboom\n\tat com.example.explode/com.example.explode."
                + "ExplodeAddon.lambda$register$0("), "--debug adds the stack trace:\n" + debug.all());

        JliteProcess.Ran without = build("--disable-addons", "explode");
        assertEquals(0, without.code(), "the way out the message gives works:\n" + without.all());
    }

    // ---- built for another jlite ----

    /** A stand-in for another release of dev.jlite.core: its module, with the SPI types an addon needs. */
    private Path otherCore(String version) {
        return AddonJars.jar("core-" + version + ".jar").version(version).withoutJlite()
                .source("module-info.java", "module dev.jlite.core { exports dev.jlite.core.spi; }\n")
                .source("dev/jlite/core/spi/Addon.java", "package dev.jlite.core.spi;\n"
                        + "public interface Addon { String id(); void register(AddonRegistrar r); }\n")
                .source("dev/jlite/core/spi/AddonRegistrar.java", "package dev.jlite.core.spi;\npublic interface AddonRegistrar { }\n")
                .writeTo(tmp.resolve("other-core"));
    }

    @Test
    void anAddonBuiltForAnotherJliteVersionIsNotLoaded() throws Exception {
        hello(addons);
        Path future = AddonJars.jar("future.jar").withoutJlite().against(otherCore("0.2.0"))
                .source("module-info.java", moduleInfo("com.example.future", "com.example.future.FutureAddon"))
                .source("com/example/future/FutureAddon.java", addon("com.example.future", "FutureAddon",
                        "    public FutureAddon() { throw new AssertionError(\"never created\"); }\n"
                                + "    @Override public String id() { return \"future\"; }\n"
                                + "    @Override public void register(AddonRegistrar r) { }\n"))
                .writeTo(addons);
        Path said = AddonJars.jar("said-0.2.jar").manifest("Jlite-Spi-Version", "0.2").provides("org.example.said.SaidAddon")
                .source("org/example/said/SaidAddon.java", writer("org.example.said", "SaidAddon", "said", "said", "said.txt"))
                .writeTo(addons);
        AddonJars.jar("fits-0.1.jar").manifest("Jlite-Spi-Version", "0.1").provides("org.example.fits.FitsAddon")
                .source("org/example/fits/FitsAddon.java", writer("org.example.fits", "FitsAddon", "fits", "fits", "fits.txt"))
                .writeTo(addons);

        JliteProcess.Ran r = jlite("addons", "--addon-path", addons.toString());
        assertEquals(1, r.code(), r::all);
        assertLoadsHello(r);
        assertTrue(rows(r).containsKey("fits"), "Jlite-Spi-Version: 0.1 fits this jlite:\n" + r.all());
        assertFalse(rows(r).containsKey("future"), r::all);
        assertFalse(rows(r).containsKey("said"), r::all);
        String v = BuiltJars.version();
        assertEquals(List.of(
                "addon module com.example.future (" + future + ") was built for jlite 0.2.0 (it was compiled against dev.jlite.core "
                        + "0.2.0), and this jlite " + v + " runs addons built for jlite 0.1, so it was not loaded; use a version of "
                        + "the addon built for jlite 0.1, or take its jar out of the addon path",
                "addon module said (" + said + ") was built for jlite 0.2 (its manifest says Jlite-Spi-Version: 0.2), and this jlite "
                        + v + " runs addons built for jlite 0.1, so it was not loaded; use a version of the addon built for jlite 0.1, "
                        + "or take its jar out of the addon path"),
                errors(r));
        JliteProcess.Ran built = build();
        assertEquals(1, built.code(), built::all);
        assertEquals(errors(r), errors(built), built::all);
    }

    @Test
    void linkageErrorsSayTheAddonWasBuiltForAnotherSpi() throws Exception {
        hello(addons);
        Path spi = tmp.resolve("other-spi");
        // an older SPI, where an addon had no id() ...
        AddonJars.jar("old-spi.jar").withoutJlite()
                .source("dev/jlite/core/spi/Addon.java", "package dev.jlite.core.spi;\n"
                        + "public interface Addon { void register(AddonRegistrar r); }\n")
                .source("dev/jlite/core/spi/AddonRegistrar.java", "package dev.jlite.core.spi;\npublic interface AddonRegistrar { }\n")
                .writeTo(spi);
        // ... and a newer one, with a factory method and a class this jlite does not have
        AddonJars.jar("new-spi.jar")
                .source("dev/jlite/core/spi/Diagnostic.java", "package dev.jlite.core.spi;\n"
                        + "public final class Diagnostic { public static Diagnostic fatal(String source, String message) { return null; } }\n")
                .source("dev/jlite/core/spi/Extras.java", "package dev.jlite.core.spi;\n"
                        + "public final class Extras { public static String greeting() { return \"hi\"; } }\n")
                .writeTo(spi);
        Path old = AddonJars.jar("old.jar").withoutJlite().against(spi.resolve("old-spi.jar")).provides("org.example.old.OldAddon")
                .source("org/example/old/OldAddon.java", "package org.example.old;\n"
                        + "public final class OldAddon implements dev.jlite.core.spi.Addon {\n"
                        + "    @Override public void register(dev.jlite.core.spi.AddonRegistrar r) { }\n"
                        + "}\n")
                .writeTo(addons);
        Path fatal = AddonJars.jar("fatal.jar").against(spi.resolve("new-spi.jar")).provides("org.example.fatal.FatalAddon")
                .source("org/example/fatal/FatalAddon.java", addon("org.example.fatal", "FatalAddon",
                        "    @Override public String id() { return \"fatal\"; }\n"
                                + "    @Override public void register(AddonRegistrar r) {\n"
                                + "        r.task(dev.jlite.core.spi.Phase.BUILD, \"check\").run(ctx -> ctx.report(\n"
                                + "                dev.jlite.core.spi.Diagnostic.fatal(\"fatal\", \"no\")));\n"
                                + "    }\n"))
                .writeTo(addons);
        Path extras = AddonJars.jar("extras.jar").against(spi.resolve("new-spi.jar")).provides("org.example.extras.ExtrasAddon")
                .source("org/example/extras/ExtrasAddon.java", addon("org.example.extras", "ExtrasAddon",
                        "    private final String greeting = dev.jlite.core.spi.Extras.greeting();\n"
                                + "    @Override public String id() { return \"extras\"; }\n"
                                + "    @Override public void register(AddonRegistrar r) { }\n"))
                .writeTo(addons);

        JliteProcess.Ran r = build();
        assertEquals(1, r.code(), r::all);
        assertEquals(List.of(
                "addon org.example.extras.ExtrasAddon (module extras, " + extras + ") could not be created: it was built for another "
                        + "jlite SPI (NoClassDefFoundError: dev/jlite/core/spi/Extras), so it was not loaded; use a version of the "
                        + "addon built for jlite 0.1, or take its jar out of the addon path",
                "addon org.example.old.OldAddon (module old, " + old + ") failed to describe itself: it was built for another jlite "
                        + "SPI (AbstractMethodError: Receiver class org.example.old.OldAddon does not define or inherit an "
                        + "implementation of the resolved method 'abstract java.lang.String id()' of interface "
                        + "dev.jlite.core.spi.Addon.), so it was not loaded; use a version of the addon built for jlite 0.1, or take "
                        + "its jar out of the addon path"),
                errors(r), r::all);

        Files.delete(old);
        Files.delete(extras);
        JliteProcess.Ran task = build();
        assertEquals(1, task.code(), task::all);
        assertEquals(List.of("error: addon 'fatal' (module fatal, " + fatal + ") failed in BUILD, task 'check': it was built for "
                + "another jlite SPI (NoSuchMethodError: 'dev.jlite.core.spi.Diagnostic dev.jlite.core.spi.Diagnostic.fatal("
                + "java.lang.String, java.lang.String)'); use a version of the addon built for jlite 0.1, or take its jar out of the "
                + "addon path", "jlite build: failed"), task.err().lines().toList());
    }

    // ---- jlite on the class path ----

    @Test
    void onTheClassPathAModularAddonSaysSoAndAPlainOneLoads() throws Exception {
        Path helloJar = hello(addons);
        Path plainJar = plain(addons);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("jlite.cli.jar") + File.pathSeparator + BuiltJars.modulesDir().resolve("*"),
                "dev.jlite.cli.Main", "addons", "--addon-path", addons.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().put("XDG_DATA_HOME", tmp.resolve("data").toString());
        pb.environment().remove(AddonPath.ENV);
        Path out = tmp.resolve("cp-out");
        Path err = tmp.resolve("cp-err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        JliteProcess.Ran r = new JliteProcess.Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        assertEquals(1, r.code(), r::all);
        assertTrue(rows(r).get("plain").contains(plainJar.toString()), r::all);
        assertTrue(rows(r).containsKey("pyodide"), r::all);
        assertEquals(List.of("addon path: " + helloJar + " (module com.example.hello) requires dev.jlite.core, but this jlite runs "
                + "on the class path, where dev.jlite.core is not a module, so it was not loaded; run jlite from the module path "
                + "(java -p ... -m dev.jlite.cli/dev.jlite.cli.Main, as the jlite launcher does), or use a plain jar of the addon, "
                + "which is found through its META-INF/services"), errors(r));
    }
}
