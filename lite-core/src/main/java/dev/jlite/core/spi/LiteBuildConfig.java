package dev.jlite.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settings of the {@code LiteBuildConfig} class, named as the reference names them: where the site's
 * inputs and output are, the app and its contents, downloads, unpacking and serving. Core and any addon
 * read them from {@link BuildOptions#config()}, e.g. {@code options.get(LiteBuildConfig.APPS)}.
 */
public final class LiteBuildConfig {

    /** The configuration class name, as {@code jupyter_lite_config.json} and {@code --LiteBuildConfig.name=} spell it. */
    public static final String CLASS = "LiteBuildConfig";

    public static final Setting<String> LITE_DIR = Setting.string("lite_dir", "The folder holding the site's inputs.")
            .withAlias("lite-dir").withEnv("JUPYTERLITE_DIR");

    public static final Setting<String> OUTPUT_DIR = Setting.string("output_dir",
            "Where the site is written (default: <lite dir>/_output).")
            .withAlias("output-dir").withEnv("JUPYTERLITE_OUTPUT_DIR");

    public static final Setting<String> CACHE_DIR = Setting.string("cache_dir",
            "The download and unpack cache (default: a per-user cache shared by all sites).")
            .withAlias("cache-dir").withEnv("JUPYTERLITE_CACHE_DIR");

    public static final Setting<String> APP_ARCHIVE = Setting.string("app_archive",
            "The JupyterLite app: an archive (.tgz, .tar.gz, .zip) or a folder; an earlier site works too.")
            .withAlias("app-archive").withEnv("JUPYTERLITE_APP_ARCHIVE");

    public static final Setting<List<String>> APPS = Setting.list("apps",
            "Apps of the archive to keep (repeatable; default: all).")
            .withAlias("apps");

    public static final Setting<List<String>> DISABLE_ADDONS = Setting.list("disable_addons",
            "Addon ids to switch off (repeatable).")
            .withAlias("disable-addons");

    public static final Setting<List<String>> IGNORE_LITE_CONFIG = Setting.list("ignore_lite_config",
            "Patterns of lite-dir paths whose jupyter-lite.json/.ipynb are not merged.")
            .withDefault(List.of("/\\.", "/_", "/node_modules/", "/venvs?/", "/envs/", "/lib/", "/build/",
                    "/dist/")).withPatterns();

    public static final Setting<List<String>> EXTRA_IGNORE_LITE_CONFIG = Setting.list("extra_ignore_lite_config",
            "More patterns of lite-dir paths whose runtime config files are not merged.").withPatterns();

    public static final Setting<Boolean> NO_SOURCEMAPS = Setting.bool("no_sourcemaps",
            "Leave out *.js.map, *.mjs.map and *.css.map files.")
            .withFlag("no-sourcemaps");

    public static final Setting<String> OUTPUT_ARCHIVE = Setting.string("output_archive",
            "Where `jlite archive` writes the site archive (default: beside the output folder, "
                    + "<its parent>/<lite dir name>-jupyterlite.tgz).")
            .withAlias("output-archive").withEnv("JUPYTERLITE_OUTPUT_ARCHIVE");

    public static final Setting<List<String>> CONTENTS = Setting.list("contents",
            "Files and folders whose contents the site serves (repeatable; default: <lite dir>/files).")
            .withAlias("contents");

    public static final Setting<List<String>> IGNORE_CONTENTS = Setting.list("ignore_contents",
            "Patterns of content paths that are left out.")
            .withAlias("ignore-contents")
            .withDefault(List.of("/_build/", "/\\.cache/", "/\\.env", "/\\.git", "/\\.ipynb_checkpoints", "/\\.pixi",
                    "/build/", "/dist/", "/envs/", "/lib/", "/node_modules/", "/overrides\\.json", "/untitled\\..*",
                    "/Untitled\\..*", "/workspaces/", "/venvs/", "\\.*doit\\.db$", "\\.pyc$", "jupyter_lite_config\\.json",
                    "jupyter-lite\\.ipynb", "jupyter-lite\\.json")).withPatterns();

    public static final Setting<List<String>> EXTRA_IGNORE_CONTENTS = Setting.list("extra_ignore_contents",
            "More patterns of content paths that are left out.")
            .withAlias("extra-ignore-contents").withPatterns();

    public static final Setting<List<String>> SETTINGS_OVERRIDES = Setting.list("settings_overrides",
            "overrides.json files merged into settingsOverrides (repeatable), besides the lite dir's own.")
            .withAlias("settings-overrides");

    public static final Setting<List<String>> FEDERATED_EXTENSIONS = Setting.list("federated_extensions",
            "Prebuilt JupyterLab extensions to add: folders, .whl, .tar.bz2, .conda, URLs or npm: sources.")
            .withAlias("federated-extensions");

    public static final Setting<List<String>> WORKSPACES = Setting.list("workspaces",
            "JupyterLab workspace files or folders (repeatable), besides <lite dir>/workspaces.")
            .withAlias("workspaces");

    public static final Setting<JsonNode> FILE_TYPES = Setting.object("file_types",
            "The file types the site knows (default: the reference's 36).")
            .withDefault(fileTypeDefaults());

    public static final Setting<JsonNode> EXTRA_FILE_TYPES = Setting.object("extra_file_types",
            "More file types, merged over file_types by name.");

    public static final Setting<String> MATHJAX_DIR = Setting.string("mathjax_dir",
            "A folder holding MathJax 2 (the reference's option; the mathjax addon reads it).")
            .withAlias("mathjax-dir");

    public static final Setting<Long> PORT = Setting.integer("port", "The port `jlite serve` listens on.")
            .withAlias("port").withEnv("JUPYTERLITE_PORT").withDefault(8000L).withRange(0, 65535);

    public static final Setting<String> BASE_URL = Setting.string("base_url",
            "The URL path `jlite serve` serves the site under.")
            .withAlias("base-url").withEnv("JUPYTERLITE_BASE_URL").withDefault("/");

    public static final Setting<JsonNode> HTTP_HEADERS = Setting.object("http_headers",
            "Headers `jlite serve` adds to every response.");

    public static final Setting<JsonNode> EXTRA_HTTP_HEADERS = Setting.object("extra_http_headers",
            "More headers for `jlite serve`, added after http_headers.");

    public static final Setting<Long> SOURCE_DATE_EPOCH = Setting.integer("source_date_epoch",
            "Seconds since 1970: clamp every time written to it, for reproducible output.")
            .withAlias("source-date-epoch").withEnv("SOURCE_DATE_EPOCH");

    public static final Setting<Boolean> FORCE = Setting.bool("force",
            "Run every task, even those that are up to date.")
            .withFlag("force");

    public static final Setting<Boolean> OFFLINE = Setting.bool("offline", "Use cached sources only; never download.")
            .withFlag("offline");

    public static final Setting<Boolean> TAKE_OVER_OUTPUT = Setting.bool("take_over_output",
            "Build into an output folder that holds files jlite did not write: they are kept (jlite never "
                    + "deletes them), and each one the site replaces is named.")
            .withFlag("take-over-output");

    public static final Setting<String> PYPI_INDEX_URL = Setting.string("pypi_index_url",
            "The Python package index (its simple URL) for pypi: sources (default: pip's index-url).")
            .withEnv("PIP_INDEX_URL");

    public static final Setting<List<String>> PYPI_EXTRA_INDEX_URLS = Setting.list("pypi_extra_index_urls",
            "More package indexes for pypi: sources, looked in after the index (default: pip's extra-index-url).");

    public static final Setting<List<String>> PYPI_FIND_LINKS = Setting.list("pypi_find_links",
            "Folders of wheels, wheel files or pages of links for pypi: sources, looked in first (default: pip's "
                    + "find-links; relative to the lite dir).");

    public static final Setting<Long> HTTP_TIMEOUT = Setting.integer("http_timeout",
            "Seconds a download may wait for data before it is retried.")
            .withDefault(30L).withRange(1, 3600);

    public static final Setting<Long> HTTP_RETRIES = Setting.integer("http_retries",
            "How many times a failed download is retried.")
            .withDefault(3L).withRange(0, 20);

    public static final Setting<Long> MAX_PARALLEL_DOWNLOADS = Setting.integer("max_parallel_downloads",
            "How many downloads run at once.")
            .withDefault(4L).withRange(1, 64);

    public static final Setting<Long> DOWNLOAD_DEADLINE = Setting.integer("download_deadline",
            "Seconds one download may take in all, however slowly the data comes; then it fails.")
            .withDefault(1800L).withRange(1, 86_400);

    public static final Setting<Long> DOWNLOAD_MAX_BYTES = Setting.integer("download_max_bytes",
            "The largest download jlite takes, in bytes.")
            .withDefault(4L << 30).withRange(1, Long.MAX_VALUE);

    public static final Setting<Long> UNPACK_MAX_ENTRIES = Setting.integer("unpack_max_entries",
            "The most entries an archive may have (a full Pyodide has about 3,000).")
            .withDefault(10_000L).withRange(1, 10_000_000);

    public static final Setting<Long> UNPACK_MAX_BYTES = Setting.integer("unpack_max_bytes",
            "The most bytes an archive may unpack to, in all (a full Pyodide unpacks to about 400 MB).")
            .withDefault(4L << 30).withRange(1, Long.MAX_VALUE);

    public static final Setting<Long> UNPACK_MAX_RATIO = Setting.integer("unpack_max_ratio",
            "How many times larger than its packed bytes an archive, or one of its entries, may unpack to.")
            .withDefault(200L).withRange(1, 1_000_000);

    public static final Setting<Boolean> NO_UNUSED_SHARED_PACKAGES = Setting.bool("no_unused_shared_packages",
            "With --apps, also leave out the shared packages (webpack chunks in build/) that only the "
                    + "left-out apps use.")
            .withFlag("no-unused-shared-packages");

    public static final Setting<Boolean> NO_LIBARCHIVE = Setting.bool("no_libarchive",
            "Accepted for the reference's sake: jlite reads every archive format itself, so it changes nothing.")
            .withFlag("no-libarchive");

    public static final Setting<JsonNode> IGNORE_SYS_PREFIX = Setting.any("ignore_sys_prefix",
            "Accepted for the reference's sake (true, or addon names): jlite takes nothing from a Python "
                    + "environment's sys.prefix, so it changes nothing.")
            .withFlag("ignore-sys-prefix");

    public static final Setting<JsonNode> NO_JUPYTER_SERVER = Setting.any("no_jupyter_server",
            "Build as the reference does without jupyter_server (JUPYTERLITE_NO_JUPYTER_SERVER=true): "
                    + "contents are refused, for scripts that test that case.")
            .withEnv("JUPYTERLITE_NO_JUPYTER_SERVER");

    public static final Setting<Boolean> STRICT = Setting.bool("strict", "Treat compatibility warnings as errors.")
            .withFlag("strict");

    public static final Setting<Boolean> CROSS_ORIGIN_ISOLATION = Setting.bool("cross_origin_isolation",
            "Make `jlite serve` send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: "
                    + "require-corp, which SharedArrayBuffer needs.")
            .withFlag("cross-origin-isolation");

    /** Every setting of the class, in the order help lists them. */
    public static final List<Setting<?>> ALL = List.of(
            LITE_DIR,
            OUTPUT_DIR,
            CACHE_DIR,
            APP_ARCHIVE,
            APPS,
            DISABLE_ADDONS,
            IGNORE_LITE_CONFIG,
            EXTRA_IGNORE_LITE_CONFIG,
            NO_SOURCEMAPS,
            OUTPUT_ARCHIVE,
            CONTENTS,
            IGNORE_CONTENTS,
            EXTRA_IGNORE_CONTENTS,
            SETTINGS_OVERRIDES,
            FEDERATED_EXTENSIONS,
            WORKSPACES,
            FILE_TYPES,
            EXTRA_FILE_TYPES,
            MATHJAX_DIR,
            PORT,
            BASE_URL,
            HTTP_HEADERS,
            EXTRA_HTTP_HEADERS,
            SOURCE_DATE_EPOCH,
            FORCE,
            OFFLINE,
            TAKE_OVER_OUTPUT,
            PYPI_INDEX_URL,
            PYPI_EXTRA_INDEX_URLS,
            PYPI_FIND_LINKS,
            HTTP_TIMEOUT,
            HTTP_RETRIES,
            MAX_PARALLEL_DOWNLOADS,
            DOWNLOAD_DEADLINE,
            DOWNLOAD_MAX_BYTES,
            UNPACK_MAX_ENTRIES,
            UNPACK_MAX_BYTES,
            UNPACK_MAX_RATIO,
            NO_UNUSED_SHARED_PACKAGES,
            NO_LIBARCHIVE,
            IGNORE_SYS_PREFIX,
            NO_JUPYTER_SERVER,
            STRICT,
            CROSS_ORIGIN_ISOLATION);

    private LiteBuildConfig() {
    }

    /** The reference's 36 file types, from {@code file-types.json} beside the built-in addons. */
    private static JsonNode fileTypeDefaults() {
        try (InputStream in = LiteBuildConfig.class.getResourceAsStream("/dev/jlite/core/internal/addons/file-types.json")) {
            if (in == null) {
                throw new IllegalStateException("file-types.json is missing from lite-core");
            }
            return JsonMapper.shared().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
