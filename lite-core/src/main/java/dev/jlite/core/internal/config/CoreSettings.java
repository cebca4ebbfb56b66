package dev.jlite.core.internal.config;

import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.SettingType;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/** The {@code LiteBuildConfig} settings, named as the reference names them. */
public final class CoreSettings {

    public static final String CLASS = "LiteBuildConfig";
    /** The reference reads the hidden-files policy from jupyter_server's ContentsManager; so does jlite. */
    public static final String CONTENTS_MANAGER = "ContentsManager";
    /** The reference's manager class; its section applies to {@code LiteBuildConfig} and wins over it. */
    public static final String MANAGER_CLASS = "LiteManager";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public static final List<Setting> SETTINGS = List.of(
            Setting.of("lite_dir", SettingType.STRING, "The folder holding the site's inputs.")
                    .withAlias("lite-dir").withEnv("JUPYTERLITE_DIR"),
            Setting.of("output_dir", SettingType.STRING, "Where the site is written (default: <lite dir>/_output).")
                    .withAlias("output-dir").withEnv("JUPYTERLITE_OUTPUT_DIR"),
            Setting.of("cache_dir", SettingType.STRING,
                            "The download and unpack cache (default: a per-user cache shared by all sites).")
                    .withAlias("cache-dir").withEnv("JUPYTERLITE_CACHE_DIR"),
            Setting.of("app_archive", SettingType.STRING,
                            "The JupyterLite app: an archive (.tgz, .tar.gz, .zip) or a folder; an earlier site works too.")
                    .withAlias("app-archive").withEnv("JUPYTERLITE_APP_ARCHIVE"),
            Setting.of("apps", SettingType.LIST, "Apps of the archive to keep (repeatable; default: all).")
                    .withAlias("apps"),
            Setting.of("disable_addons", SettingType.LIST, "Addon ids to switch off (repeatable).")
                    .withAlias("disable-addons"),
            Setting.of("ignore_lite_config", SettingType.LIST,
                            "Patterns of lite-dir paths whose jupyter-lite.json/.ipynb are not merged.")
                    .withDefault(strings("/\\.", "/_", "/node_modules/", "/venvs?/", "/envs/", "/lib/", "/build/",
                            "/dist/")).withPatterns(),
            Setting.of("extra_ignore_lite_config", SettingType.LIST,
                    "More patterns of lite-dir paths whose runtime config files are not merged.").withPatterns(),
            Setting.of("no_sourcemaps", SettingType.BOOLEAN, "Leave out *.js.map, *.mjs.map and *.css.map files.")
                    .withFlag("no-sourcemaps"),
            Setting.of("output_archive", SettingType.STRING,
                            "Where `jlite archive` writes the site archive (default: beside the output folder, "
                                    + "<its parent>/<lite dir name>-jupyterlite.tgz).")
                    .withAlias("output-archive").withEnv("JUPYTERLITE_OUTPUT_ARCHIVE"),
            Setting.of("contents", SettingType.LIST,
                            "Files and folders whose contents the site serves (repeatable; default: <lite dir>/files).")
                    .withAlias("contents"),
            Setting.of("ignore_contents", SettingType.LIST, "Patterns of content paths that are left out.")
                    .withAlias("ignore-contents")
                    .withDefault(strings("/_build/", "/\\.cache/", "/\\.env", "/\\.git", "/\\.ipynb_checkpoints", "/\\.pixi",
                            "/build/", "/dist/", "/envs/", "/lib/", "/node_modules/", "/overrides\\.json", "/untitled\\..*",
                            "/Untitled\\..*", "/workspaces/", "/venvs/", "\\.*doit\\.db$", "\\.pyc$", "jupyter_lite_config\\.json",
                            "jupyter-lite\\.ipynb", "jupyter-lite\\.json")).withPatterns(),
            Setting.of("extra_ignore_contents", SettingType.LIST, "More patterns of content paths that are left out.")
                    .withAlias("extra-ignore-contents").withPatterns(),
            Setting.of("settings_overrides", SettingType.LIST,
                            "overrides.json files merged into settingsOverrides (repeatable), besides the lite dir's own.")
                    .withAlias("settings-overrides"),
            Setting.of("federated_extensions", SettingType.LIST,
                            "Prebuilt JupyterLab extensions to add: folders, .whl, .tar.bz2, .conda, URLs or npm: sources.")
                    .withAlias("federated-extensions"),
            Setting.of("workspaces", SettingType.LIST,
                            "JupyterLab workspace files or folders (repeatable), besides <lite dir>/workspaces.")
                    .withAlias("workspaces"),
            Setting.of("file_types", SettingType.OBJECT, "The file types the site knows (default: the reference's 36).")
                    .withDefault(FileTypes.DEFAULTS),
            Setting.of("extra_file_types", SettingType.OBJECT, "More file types, merged over file_types by name."),
            Setting.of("mathjax_dir", SettingType.STRING,
                            "A folder holding MathJax 2 (the reference's option; the mathjax addon reads it).")
                    .withAlias("mathjax-dir"),
            Setting.of("port", SettingType.INTEGER, "The port `jlite serve` listens on.")
                    .withAlias("port").withEnv("JUPYTERLITE_PORT").withDefault(NODES.numberNode(8000)).withRange(0, 65535),
            Setting.of("base_url", SettingType.STRING, "The URL path `jlite serve` serves the site under.")
                    .withAlias("base-url").withEnv("JUPYTERLITE_BASE_URL").withDefault(NODES.stringNode("/")),
            Setting.of("http_headers", SettingType.OBJECT, "Headers `jlite serve` adds to every response."),
            Setting.of("extra_http_headers", SettingType.OBJECT, "More headers for `jlite serve`, added after http_headers."),
            Setting.of("source_date_epoch", SettingType.INTEGER,
                            "Seconds since 1970: clamp every time written to it, for reproducible output.")
                    .withAlias("source-date-epoch").withEnv("SOURCE_DATE_EPOCH"),
            Setting.of("force", SettingType.BOOLEAN, "Run every task, even those that are up to date.")
                    .withFlag("force"),
            Setting.of("offline", SettingType.BOOLEAN, "Use cached sources only; never download.")
                    .withFlag("offline"),
            Setting.of("take_over_output", SettingType.BOOLEAN,
                            "Build into an output folder that holds files jlite did not write: they are kept (jlite never "
                                    + "deletes them), and each one the site replaces is named.")
                    .withFlag("take-over-output"),
            Setting.of("pypi_index_url", SettingType.STRING,
                            "The Python package index (its simple URL) for pypi: sources (default: pip's index-url).")
                    .withEnv("PIP_INDEX_URL"),
            Setting.of("pypi_extra_index_urls", SettingType.LIST,
                    "More package indexes for pypi: sources, looked in after the index (default: pip's extra-index-url)."),
            Setting.of("pypi_find_links", SettingType.LIST,
                    "Folders of wheels, wheel files or pages of links for pypi: sources, looked in first (default: pip's "
                            + "find-links; relative to the lite dir)."),
            Setting.of("http_timeout", SettingType.INTEGER, "Seconds a download may wait for data before it is retried.")
                    .withDefault(NODES.numberNode(30)).withRange(1, 3600),
            Setting.of("http_retries", SettingType.INTEGER, "How many times a failed download is retried.")
                    .withDefault(NODES.numberNode(3)).withRange(0, 20),
            Setting.of("max_parallel_downloads", SettingType.INTEGER, "How many downloads run at once.")
                    .withDefault(NODES.numberNode(4)).withRange(1, 64),
            Setting.of("download_deadline", SettingType.INTEGER,
                            "Seconds one download may take in all, however slowly the data comes; then it fails.")
                    .withDefault(NODES.numberNode(1800)).withRange(1, 86_400),
            Setting.of("download_max_bytes", SettingType.INTEGER, "The largest download jlite takes, in bytes.")
                    .withDefault(NODES.numberNode(4L << 30)).withRange(1, Long.MAX_VALUE),
            Setting.of("unpack_max_entries", SettingType.INTEGER,
                            "The most entries an archive may have (a full Pyodide has about 3,000).")
                    .withDefault(NODES.numberNode(10_000)).withRange(1, 10_000_000),
            Setting.of("unpack_max_bytes", SettingType.INTEGER,
                            "The most bytes an archive may unpack to, in all (a full Pyodide unpacks to about 400 MB).")
                    .withDefault(NODES.numberNode(4L << 30)).withRange(1, Long.MAX_VALUE),
            Setting.of("unpack_max_ratio", SettingType.INTEGER,
                            "How many times larger than its packed bytes an archive, or one of its entries, may unpack to.")
                    .withDefault(NODES.numberNode(200)).withRange(1, 1_000_000),
            Setting.of("no_unused_shared_packages", SettingType.BOOLEAN,
                            "With --apps, also leave out the shared packages (webpack chunks in build/) that only the "
                                    + "left-out apps use.")
                    .withFlag("no-unused-shared-packages"),
            Setting.of("no_libarchive", SettingType.BOOLEAN,
                            "Accepted for the reference's sake: jlite reads every archive format itself, so it changes nothing.")
                    .withFlag("no-libarchive"),
            Setting.of("ignore_sys_prefix", SettingType.ANY,
                            "Accepted for the reference's sake (true, or addon names): jlite takes nothing from a Python "
                                    + "environment's sys.prefix, so it changes nothing.")
                    .withFlag("ignore-sys-prefix"),
            Setting.of("no_jupyter_server", SettingType.ANY,
                            "Build as the reference does without jupyter_server (JUPYTERLITE_NO_JUPYTER_SERVER=true): "
                                    + "contents are refused, for scripts that test that case.")
                    .withEnv("JUPYTERLITE_NO_JUPYTER_SERVER"),
            Setting.of("strict", SettingType.BOOLEAN, "Treat compatibility warnings as errors.")
                    .withFlag("strict"),
            Setting.of("cross_origin_isolation", SettingType.BOOLEAN,
                            "Make `jlite serve` send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: "
                                    + "require-corp, which SharedArrayBuffer needs.")
                    .withFlag("cross-origin-isolation"));

    /** The settings of the ContentsManager class. */
    public static final List<Setting> CONTENTS_MANAGER_SETTINGS = List.of(
            Setting.of("allow_hidden", SettingType.BOOLEAN,
                    "Serve hidden files and folders (names starting with a dot) from the contents."));

    private CoreSettings() {
    }

    private static tools.jackson.databind.node.ArrayNode strings(String... values) {
        var array = NODES.arrayNode();
        for (String v : values) {
            array.add(v);
        }
        return array;
    }
}
