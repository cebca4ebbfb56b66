package dev.jlite.core.internal.config;

import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.SettingType;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;

/** The {@code LiteBuildConfig} settings, named as the reference names them. */
public final class CoreSettings {

    public static final String CLASS = "LiteBuildConfig";
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
                            "/dist/")),
            Setting.of("extra_ignore_lite_config", SettingType.LIST,
                    "More patterns of lite-dir paths whose runtime config files are not merged."),
            Setting.of("no_sourcemaps", SettingType.BOOLEAN, "Leave out *.js.map, *.mjs.map and *.css.map files.")
                    .withFlag("no-sourcemaps"),
            Setting.of("source_date_epoch", SettingType.INTEGER,
                            "Seconds since 1970: clamp every time written to it, for reproducible output.")
                    .withAlias("source-date-epoch").withEnv("SOURCE_DATE_EPOCH"),
            Setting.of("force", SettingType.BOOLEAN, "Run every task, even those that are up to date.")
                    .withFlag("force"),
            Setting.of("offline", SettingType.BOOLEAN, "Use cached sources only; never download.")
                    .withFlag("offline"),
            Setting.of("pypi_index_url", SettingType.STRING,
                            "The Python package index (its simple URL) for pypi: sources (default: pip's index-url).")
                    .withEnv("PIP_INDEX_URL"),
            Setting.of("http_timeout", SettingType.INTEGER, "Seconds a download may wait for data before it is retried.")
                    .withDefault(NODES.numberNode(30)),
            Setting.of("http_retries", SettingType.INTEGER, "How many times a failed download is retried.")
                    .withDefault(NODES.numberNode(3)),
            Setting.of("max_parallel_downloads", SettingType.INTEGER, "How many downloads run at once.")
                    .withDefault(NODES.numberNode(4)),
            Setting.of("strict", SettingType.BOOLEAN, "Treat compatibility warnings as errors.")
                    .withFlag("strict"));

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
