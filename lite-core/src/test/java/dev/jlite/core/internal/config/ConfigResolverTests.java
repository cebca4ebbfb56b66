package dev.jlite.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.jlite.core.ConfigArgument;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.AddonConfig;
import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.Severity;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The configuration layers: defaults &lt; environment &lt; jupyter_lite_config.json &lt; command line. */
class ConfigResolverTests {

    private static final String CORE = CoreSettings.CLASS;
    private static final String DEMO = "DemoAddon";
    private static final JsonSupport JSON = JsonSupport.instance();

    private FileSystem fs;
    private Path work;
    private Path site;
    private static final Setting<String> NAME = Setting.string("name", "a string").withAlias("demo-name").withEnv("DEMO_NAME");
    private static final Setting<Boolean> ENABLED = Setting.bool("enabled", "a boolean").withFlag("demo-enabled")
            .withEnv("DEMO_ENABLED");
    private static final Setting<Long> COUNT = Setting.integer("count", "an integer").withEnv("DEMO_COUNT").withDefault(3L);
    private static final Setting<List<String>> URLS = Setting.list("urls", "a list").withAlias("demo-url").withEnv("DEMO_URLS");
    private static final Setting<JsonNode> OPTIONS = Setting.object("options", "an object").withAlias("demo-option");
    private static final Setting<JsonNode> ANYTHING = Setting.any("anything", "any value");

    private SettingsCatalog catalog;
    private ConfigResolver resolver;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix());
        work = fs.getPath("/work");
        site = fs.getPath("/work/site");
        Files.createDirectories(site);
        catalog = new SettingsCatalog();
        catalog.add("core", CoreSettings.CLASS, CoreSettings.SETTINGS);
        catalog.add("demo", DEMO, List.of(NAME, ENABLED, COUNT, URLS, OPTIONS, ANYTHING));
        resolver = new ConfigResolver(catalog);
    }

    @AfterEach
    void tearDown() throws IOException {
        fs.close();
    }

    // --- helpers -------------------------------------------------------------------------------------

    private static ConfigArgument arg(String className, String name, String value) {
        return new ConfigArgument(className, name, value, "--" + className + "." + name);
    }

    private static ConfigArgument core(String name, String value) {
        return arg(CORE, name, value);
    }

    private ResolvedConfig resolve(ConfigArgument... arguments) {
        return resolver.resolve(work, env, Optional.empty(), Arrays.asList(arguments));
    }

    /** Resolves with the lite dir at {@code /work/site}, where {@link #writeSiteConfig} writes. */
    private ResolvedConfig resolveInSite(ConfigArgument... arguments) {
        ConfigArgument[] all = new ConfigArgument[arguments.length + 1];
        all[0] = new ConfigArgument(CORE, "lite_dir", "site", "--lite-dir");
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return resolve(all);
    }

    private Path writeSiteConfig(String json) throws IOException {
        return write(site.resolve(ConfigResolver.CONFIG_FILE), json);
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private List<String> messages(Severity severity) {
        return resolver.diagnostics().stream().filter(d -> d.severity() == severity).map(Diagnostic::message).toList();
    }

    private void assertNoDiagnostics() {
        assertEquals(List.of(), resolver.diagnostics().stream().map(Diagnostic::render).toList());
    }

    private static void assertJson(String expected, JsonNode actual) {
        assertEquals(JSON.format(JSON.parse(expected, "expected")), JSON.format(actual));
    }

    private static JsonNode value(ResolvedConfig config, String className, Setting<JsonNode> setting) {
        return config.forClass(className).find(setting).orElseThrow();
    }

    // --- layers --------------------------------------------------------------------------------------

    @Test
    void withNothingSetDefaultsApplyAndTheWorkingDirIsTheLiteDir() {
        ResolvedConfig config = resolve();

        assertNoDiagnostics();
        assertEquals(work, config.liteDir());
        assertEquals(Optional.empty(), config.configFile());
        assertEquals(Optional.of(3L), config.forClass(DEMO).find(COUNT));
        assertFalse(config.forClass(DEMO).isSet(COUNT));
        assertEquals(Origin.DEFAULT, config.origin(DEMO, "count"));
        assertEquals(Optional.empty(), config.forClass(DEMO).find(NAME));
        assertEquals(List.of("/\\.", "/_", "/node_modules/", "/venvs?/", "/envs/", "/lib/", "/build/", "/dist/"),
                config.forClass(CORE).get(LiteBuildConfig.IGNORE_LITE_CONFIG));
    }

    @Test
    void environmentOverridesTheDefault() {
        env.put("DEMO_COUNT", "7");

        ResolvedConfig config = resolve();

        assertNoDiagnostics();
        assertEquals(Optional.of(7L), config.forClass(DEMO).find(COUNT));
        assertEquals(Origin.ENVIRONMENT, config.origin(DEMO, "count"));
        assertTrue(config.forClass(DEMO).isSet(COUNT));
    }

    @Test
    void theLiteDirFileOverridesTheEnvironment() throws IOException {
        env.put("JUPYTERLITE_APP_ARCHIVE", "env.tgz");
        Path file = writeSiteConfig("""
                {"LiteBuildConfig": {"app_archive": "file.tgz"}}""");

        ResolvedConfig config = resolveInSite();

        assertNoDiagnostics();
        assertEquals(Optional.of(file), config.configFile());
        assertEquals(Optional.of("file.tgz"), config.forClass(CORE).find(LiteBuildConfig.APP_ARCHIVE));
        assertEquals(Origin.FILE, config.origin(CORE, "app_archive"));
    }

    @Test
    void theCommandLineOverridesTheFileAndTheEnvironment() throws IOException {
        env.put("JUPYTERLITE_APP_ARCHIVE", "env.tgz");
        writeSiteConfig("""
                {"LiteBuildConfig": {"app_archive": "file.tgz"}}""");

        ResolvedConfig config = resolveInSite(core("app_archive", "cli.tgz"));

        assertNoDiagnostics();
        assertEquals(Optional.of("cli.tgz"), config.forClass(CORE).find(LiteBuildConfig.APP_ARCHIVE));
        assertEquals(Origin.COMMAND_LINE, config.origin(CORE, "app_archive"));
    }

    @Test
    void anEmptyEnvironmentVariableSetsNothing() {
        env.put("DEMO_NAME", "");

        ResolvedConfig config = resolve();

        assertNoDiagnostics();
        assertEquals(Optional.empty(), config.forClass(DEMO).find(NAME));
        assertEquals(Origin.DEFAULT, config.origin(DEMO, "name"));
    }

    @Test
    void theLiteDirComesFromTheEnvironmentAndTheCommandLineWins() throws IOException {
        env.put("JUPYTERLITE_DIR", "from-env");
        Files.createDirectories(work.resolve("from-env"));

        assertEquals(fs.getPath("/work/from-env"), resolve().liteDir());
        assertEquals(fs.getPath("/work/other"), resolve(core("lite_dir", "./x/../other")).liteDir());
        assertEquals(fs.getPath("/abs/site"), resolve(core("lite_dir", "/abs/site")).liteDir());
    }

    @Test
    void theConfigFileIsReadFromTheLiteDir() throws IOException {
        write(work.resolve(ConfigResolver.CONFIG_FILE), """
                {"DemoAddon": {"name": "working dir"}}""");
        writeSiteConfig("""
                {"DemoAddon": {"name": "lite dir"}}""");

        assertEquals(Optional.of("lite dir"), resolveInSite().forClass(DEMO).find(NAME));
    }

    @Test
    void anExplicitConfigFileReplacesTheLiteDirFile() throws IOException {
        writeSiteConfig("""
                {"DemoAddon": {"name": "lite dir", "count": 9}}""");
        Path explicit = write(work.resolve("conf/custom.json"), """
                {"DemoAddon": {"name": "explicit"}}""");

        ResolvedConfig config = resolver.resolve(work, env, Optional.of(fs.getPath("conf/custom.json")),
                List.of(new ConfigArgument(CORE, "lite_dir", "site", "--lite-dir")));

        assertNoDiagnostics();
        assertEquals(Optional.of(explicit), config.configFile());
        assertEquals(Optional.of("explicit"), config.forClass(DEMO).find(NAME));
        assertEquals(Optional.of(3L), config.forClass(DEMO).find(COUNT), "the lite dir file is not read");
    }

    @Test
    void aMissingExplicitConfigFileIsAnError() {
        ResolvedConfig config = resolver.resolve(work, env, Optional.of(fs.getPath("missing.json")), List.of());

        assertEquals(List.of("the configuration file /work/missing.json given with --config does not exist"),
                messages(Severity.ERROR));
        assertEquals(Optional.of("/work/missing.json"), resolver.diagnostics().get(0).subject());
        assertEquals(Optional.empty(), config.configFile());
    }

    @Test
    void theLiteManagerSectionAppliesToLiteBuildConfigAndWins() throws IOException {
        writeSiteConfig("""
                {"LiteManager": {"apps": ["repl"]},
                 "LiteBuildConfig": {"apps": ["lab"], "no_sourcemaps": true}}""");

        ResolvedConfig config = resolveInSite();

        assertNoDiagnostics();
        assertEquals(List.of("repl"), config.forClass(CORE).get(LiteBuildConfig.APPS));
        assertTrue(config.forClass(CORE).get(LiteBuildConfig.NO_SOURCEMAPS));
        assertJson("{}", config.forClass(CoreSettings.MANAGER_CLASS).values());
    }

    @Test
    void aPythonConfigFileIsReadAsSettingsAndTheJsonOneWins() throws IOException {
        write(site.resolve("jupyter_lite_config.py"), """
                from pathlib import Path
                c = get_config()  # the traitlets way
                c.LiteBuildConfig.ignore_sys_prefix = True
                c.LiteBuildConfig.apps = ['lab', "repl"]   # a comment
                c.LiteBuildConfig.contents = [
                    Path('my_contents'),
                    'more # not a comment',
                ]
                c.LiteBuildConfig.http_headers = {"x-a": 'b'}
                c.LiteBuildConfig.port = 8123
                c.ContentsManager.allow_hidden = False
                """);
        writeSiteConfig("{\"LiteBuildConfig\": {\"port\": 9000}}");

        ResolvedConfig config = resolveInSite();

        assertNoDiagnostics();
        assertEquals(List.of("lab", "repl"), config.forClass(CORE).get(LiteBuildConfig.APPS));
        assertEquals(List.of("my_contents", "more # not a comment"), config.forClass(CORE).get(LiteBuildConfig.CONTENTS));
        assertEquals("b", config.forClass(CORE).find(LiteBuildConfig.HTTP_HEADERS).orElseThrow().get("x-a").asString());
        assertEquals(Optional.of(9000L), config.forClass(CORE).find(LiteBuildConfig.PORT), "jupyter_lite_config.json wins");
    }

    @Test
    void aPythonConfigFileThatRunsCodeIsRefusedWithItsLine() throws IOException {
        write(site.resolve("jupyter_lite_config.py"), "c = get_config()\nimport os\nc.LiteBuildConfig.apps = os.listdir('.')\n");

        resolveInSite();

        assertEquals(List.of("/work/site/jupyter_lite_config.py:2: jlite reads jupyter_lite_config.py as settings, "
                + "c.Class.trait = value with Python literals and Path('...'), and does not run other code such as `import os`; "
                + "put that setting in jupyter_lite_config.json"), messages(Severity.ERROR));
        assertEquals(Optional.of("/work/site/jupyter_lite_config.py"), resolver.diagnostics().get(0).subject());
    }

    // --- types, from a file --------------------------------------------------------------------------

    @Test
    void aStringWhereAListIsExpectedSuggestsTheList() throws IOException {
        writeSiteConfig("""
                {"LiteBuildConfig": {"apps": "lab"}}""");

        ResolvedConfig config = resolveInSite();

        assertEquals(List.of("/work/site/jupyter_lite_config.json:1:22: LiteBuildConfig.apps: expected a list of "
                + "strings, got \"lab\" (write [\"lab\"])"), messages(Severity.ERROR));
        assertEquals(List.of(), config.forClass(CORE).get(LiteBuildConfig.APPS), "the bad value is not used");
    }

    @Test
    void aTypeErrorInTheLiteManagerSectionNamesThatSection() throws IOException {
        writeSiteConfig("""
                {"LiteManager": {"no_sourcemaps": "yes"}}""");

        resolveInSite();

        assertEquals(List.of("/work/site/jupyter_lite_config.json:1:18: LiteManager.no_sourcemaps: expected true or "
                + "false, got \"yes\""), messages(Severity.ERROR));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "name     | 5              | expected a string, got 5",
            "enabled  | \"true\"       | expected true or false, got \"true\"",
            "count    | 1.5            | expected a whole number, got 1.5",
            "count    | \"4\"          | expected a whole number, got \"4\"",
            "urls     | [\"a\", 1]     | expected a list of strings, got",
            "options  | [\"k=v\"]      | expected an object, got",
    })
    void aValueOfTheWrongTypeInAFileIsAnErrorNamingFileAndKey(String name, String json, String expected)
            throws IOException {
        writeSiteConfig("{\"DemoAddon\": {\"" + name + "\": " + json + "}}");

        resolveInSite();

        List<String> errors = messages(Severity.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        // the file, line and column of the key, then the key
        assertTrue(errors.get(0).startsWith("/work/site/jupyter_lite_config.json:1:16: DemoAddon." + name + ": " + expected),
                errors.get(0));
    }

    @Test
    void valuesOfTheRightTypeInAFileAreTaken() throws IOException {
        writeSiteConfig("""
                {"DemoAddon": {"name": "n", "enabled": true, "count": 12, "urls": ["a", "b"],
                               "options": {"k": [1]}, "anything": [1, "two", null]}}""");

        ResolvedConfig config = resolveInSite();

        assertNoDiagnostics();
        assertJson("""
                {"name": "n", "enabled": true, "count": 12, "urls": ["a", "b"],
                 "options": {"k": [1]}, "anything": [1, "two", null]}""", config.forClass(DEMO).values());
    }

    @Test
    void nullInAFileUnsetsTheValue() throws IOException {
        env.put("DEMO_NAME", "from env");
        writeSiteConfig("""
                {"DemoAddon": {"name": null, "count": null, "enabled": null, "urls": null},
                 "LiteBuildConfig": {"http_timeout": null, "base_url": null}}""");

        ResolvedConfig config = resolveInSite();

        assertNoDiagnostics();
        assertEquals(Optional.empty(), config.forClass(DEMO).find(NAME));
        assertEquals(Optional.empty(), config.forClass(DEMO).find(COUNT), "null hides the default too");
        // ... but get(), which readers use where a value must be there, reads it as the default, false or []
        assertEquals(3L, config.forClass(DEMO).get(COUNT));
        assertEquals(false, config.forClass(DEMO).get(ENABLED));
        assertEquals(List.of(), config.forClass(DEMO).get(URLS));
        assertEquals(30L, config.forClass(CORE).get(LiteBuildConfig.HTTP_TIMEOUT));
        assertEquals("/", config.forClass(CORE).get(LiteBuildConfig.BASE_URL));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> config.forClass(DEMO).get(NAME));
        assertEquals("DemoAddon.name has no value and no default; read it with find", e.getMessage());
    }

    // --- types, from text ----------------------------------------------------------------------------

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource({"true, true", "TRUE, true", "1, true", "yes, true", "' on ', true",
            "false, false", "False, false", "0, false", "no, false", "off, false"})
    void booleansFromTheCommandLine(String text, boolean expected) {
        ResolvedConfig config = resolve(arg(DEMO, "enabled", text));

        assertNoDiagnostics();
        assertEquals(expected, config.forClass(DEMO).get(ENABLED));
    }

    @Test
    void aBadBooleanNamesTheOption() {
        resolve(new ConfigArgument(DEMO, "enabled", "maybe", "--demo-enabled"));

        assertEquals(List.of("--demo-enabled: expected true or false, got 'maybe'"), messages(Severity.ERROR));
        assertEquals(Optional.of("--demo-enabled"), resolver.diagnostics().get(0).subject());
    }

    @Test
    void integersFromTheCommandLineAndTheEnvironment() {
        env.put("DEMO_COUNT", " 42 ");
        assertEquals(Optional.of(42L), resolve().forClass(DEMO).find(COUNT));

        assertEquals(Optional.of(-5L), resolve(arg(DEMO, "count", "-5")).forClass(DEMO).find(COUNT));
        assertNoDiagnostics();
    }

    @Test
    void aBadIntegerFromTheEnvironmentNamesTheVariable() {
        env.put("SOURCE_DATE_EPOCH", "yesterday");

        resolve();

        assertEquals(List.of("environment variable SOURCE_DATE_EPOCH: expected a whole number, got 'yesterday'"),
                messages(Severity.ERROR));
    }

    @Test
    void aBadIntegerFromTheCommandLineNamesTheOption() {
        resolve(new ConfigArgument(CORE, "source_date_epoch", "4x", "--source-date-epoch"));

        assertEquals(List.of("--source-date-epoch: expected a whole number, got '4x'"), messages(Severity.ERROR));
    }

    @Test
    void repeatedListValuesAppendAndReplaceTheFileValue() throws IOException {
        writeSiteConfig("""
                {"LiteBuildConfig": {"apps": ["notebooks"]}}""");

        ResolvedConfig config = resolveInSite(core("apps", "lab"), core("apps", "repl"));

        assertNoDiagnostics();
        assertEquals(List.of("lab", "repl"), config.forClass(CORE).get(LiteBuildConfig.APPS));
    }

    @Test
    void aJsonListLiteralOnTheCommandLineIsReadAsAListAndAppendsToo() {
        ResolvedConfig config = resolve(arg(DEMO, "urls", "[\"a\", \"b\"]"), arg(DEMO, "urls", "c"));

        assertNoDiagnostics();
        assertEquals(List.of("a", "b", "c"), config.forClass(DEMO).get(URLS));
    }

    @Test
    void aListFromTheEnvironmentIsOneValueOrAJsonList() {
        env.put("DEMO_URLS", "[\"x\", \"y\"]");
        assertEquals(List.of("x", "y"), resolve().forClass(DEMO).get(URLS));

        env.put("DEMO_URLS", "single");
        assertEquals(List.of("single"), resolve().forClass(DEMO).get(URLS));
        assertNoDiagnostics();
    }

    @Test
    void aMalformedJsonListOnTheCommandLineIsAnError() {
        resolve(new ConfigArgument(DEMO, "urls", "[\"a\"", "--demo-url"));

        assertEquals(List.of("--demo-url: malformed JSON list: [\"a\""), messages(Severity.ERROR));
    }

    @Test
    void aJsonListOfNonStringsOnTheCommandLineIsAnError() {
        resolve(new ConfigArgument(DEMO, "urls", "[1]", "--demo-url"));

        List<String> errors = messages(Severity.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("--demo-url: expected a list of strings, got"), errors.get(0));
    }

    @Test
    void objectsFromKeyValuePairsAndJson() {
        ResolvedConfig config = resolve(arg(DEMO, "options", "a=1"), arg(DEMO, "options", "b=x=y"),
                arg(DEMO, "options", "{\"c\": [true], \"a\": 2}"));

        assertNoDiagnostics();
        assertJson("""
                {"a": 2, "b": "x=y", "c": [true]}""", value(config, DEMO, OPTIONS));
    }

    @Test
    void anObjectWithoutKeyIsAnError() {
        resolve(new ConfigArgument(DEMO, "options", "=v", "--demo-option"),
                new ConfigArgument(DEMO, "options", "novalue", "--demo-option"),
                new ConfigArgument(DEMO, "options", "{\"a\":", "--demo-option"));

        assertEquals(List.of("--demo-option: expected key=value or a JSON object, got '=v'",
                "--demo-option: expected key=value or a JSON object, got 'novalue'",
                "--demo-option: malformed JSON object: {\"a\":"), messages(Severity.ERROR));
    }

    @Test
    void anyValueIsJsonOrElseAString() {
        assertJson("{\"x\": 1}", value(resolve(arg(DEMO, "anything", "{\"x\": 1}")), DEMO, ANYTHING));
        assertJson("12", value(resolve(arg(DEMO, "anything", "12")), DEMO, ANYTHING));
        assertJson("\"plain text\"", value(resolve(arg(DEMO, "anything", "plain text")), DEMO, ANYTHING));
        assertNoDiagnostics();
    }

    @Test
    void stringsAreTakenAsTheyAre() {
        env.put("DEMO_NAME", " spaced ");

        assertEquals(Optional.of(" spaced "), resolve().forClass(DEMO).find(NAME));
        assertEquals(Optional.of("[not json"), resolve(arg(DEMO, "name", "[not json")).forClass(DEMO).find(NAME));
    }

    // --- unknown names -------------------------------------------------------------------------------

    @Test
    void anUnknownSettingOfAKnownClassInAFileIsAWarningWithASuggestion() throws IOException {
        writeSiteConfig("""
                {"LiteBuildConfig": {"outptu_dir": "x"}, "DemoAddon": {"zzzzzzzz": 1}}""");

        resolveInSite();

        assertEquals(List.of(), messages(Severity.ERROR));
        assertEquals(List.of(
                "/work/site/jupyter_lite_config.json:1:22: LiteBuildConfig.outptu_dir is not a setting jlite knows; "
                        + "it is ignored (did you mean output_dir?)",
                "/work/site/jupyter_lite_config.json:1:56: DemoAddon.zzzzzzzz is not a setting jlite knows; it is ignored"),
                messages(Severity.WARNING));
    }

    @Test
    void anUnknownAddonSectionInAFileIsAWarning() throws IOException {
        writeSiteConfig("""
                {"PipliteAddon": {"piplite_urls": []}, "NotebookApp": {"x": 1}}""");

        resolveInSite();

        assertEquals(List.of("/work/site/jupyter_lite_config.json: no addon reads the section PipliteAddon "
                + "(is its addon disabled, or its jar missing from --addon-path?)"), messages(Severity.WARNING));
        assertEquals(List.of(), messages(Severity.ERROR));
    }

    @Test
    void anUnknownSettingOnTheCommandLineIsAnError() {
        resolve(arg(CORE, "outptu_dir", "x"), arg("Nope", "x", "1"));

        assertEquals(List.of("--LiteBuildConfig.outptu_dir: LiteBuildConfig has no setting outptu_dir "
                        + "(did you mean output_dir?)",
                "--Nope.x: no addon reads the configuration class Nope"), messages(Severity.ERROR));
    }

    // --- broken files --------------------------------------------------------------------------------

    @Test
    void aMalformedConfigFileIsAnErrorNamingFileLineAndColumn() throws IOException {
        writeSiteConfig("{\n  \"LiteBuildConfig\": {\n    \"apps\": [\"lab\",]\n  }\n}\n");

        resolveInSite();

        List<String> errors = messages(Severity.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("/work/site/jupyter_lite_config.json:3:20: malformed JSON: "),
                errors.get(0));
    }

    @Test
    void aConfigFileThatIsNotAnObjectIsAnError() throws IOException {
        writeSiteConfig("[\"LiteBuildConfig\"]");

        resolveInSite();

        assertEquals(List.of("/work/site/jupyter_lite_config.json: expected an object of configuration classes, "
                + "e.g. {\"LiteBuildConfig\": {...}}"), messages(Severity.ERROR));
    }

    @Test
    void aTopLevelValueThatIsNotAnObjectIsSkippedAsTheReferenceSkipsIt() throws IOException {
        writeSiteConfig("""
                {"jupyter-lite-schema-version": 0, "contents": ["files"], "LiteBuildConfig": ["apps"],
                 "DemoAddon": {"name": "still read"}}""");

        ResolvedConfig config = resolveInSite();

        assertEquals(List.of(), messages(Severity.ERROR));
        assertEquals(List.of("/work/site/jupyter_lite_config.json: LiteBuildConfig is not an object of settings; it is "
                + "ignored, as the reference ignores it"), messages(Severity.WARNING), "a class's name with no settings is a slip");
        assertEquals(List.of("/work/site/jupyter_lite_config.json: jupyter-lite-schema-version is no configuration class; it is "
                + "ignored, as the reference ignores it", "/work/site/jupyter_lite_config.json: contents is no configuration "
                + "class; it is ignored, as the reference ignores it"), messages(Severity.INFO));
        assertEquals(Optional.of("still read"), config.forClass(DEMO).find(NAME));
    }

    // --- the view ------------------------------------------------------------------------------------

    @Test
    void aViewRefusesAnUndeclaredSetting() {
        AddonConfig demo = resolve().forClass(DEMO);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> demo.find(Setting.string("nme", "a typo")));

        assertEquals("DemoAddon.nme is not a declared setting", e.getMessage());
    }

    @Test
    void aViewIsACopy() {
        ResolvedConfig config = resolve(arg(DEMO, "urls", "a"));
        AddonConfig demo = config.forClass(DEMO);

        ((tools.jackson.databind.node.ArrayNode) demo.values().get("urls")).add("changed");
        demo.values().put("name", "changed");
        assertThrows(UnsupportedOperationException.class, () -> demo.get(URLS).add("changed"));

        assertEquals(List.of("a"), config.forClass(DEMO).get(URLS));
        assertEquals(Optional.empty(), config.forClass(DEMO).find(NAME));
    }
}
