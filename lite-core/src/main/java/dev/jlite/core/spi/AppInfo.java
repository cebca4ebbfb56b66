package dev.jlite.core.spi;

import java.util.List;

/**
 * The JupyterLite app the site is built from, as unpacked by core.
 *
 * @param root     the unpacked app tree (the folder holding {@code index.html}), as an absolute path on
 *                 the build's file system
 * @param digest   sha256 of the app archive (or of the folder's listing and contents)
 * @param version  the app's version from its {@code package.json}, or empty
 * @param apps     the app names the archive contains, e.g. {@code lab}, {@code repl}
 * @param selected the apps kept in the site
 */
public record AppInfo(String root, String digest, String version, List<String> apps, List<String> selected) {

    public AppInfo {
        apps = List.copyOf(apps);
        selected = List.copyOf(selected);
    }
}
