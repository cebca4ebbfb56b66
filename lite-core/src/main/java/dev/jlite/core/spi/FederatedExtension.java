package dev.jlite.core.spi;

/**
 * A prebuilt JupyterLab extension in the site, under {@code extensions/<name>/}.
 *
 * @param name     the npm package name, e.g. {@code @jupyterlite/pyodide-kernel-extension}
 * @param version  its {@code package.json} version, or empty
 * @param path     its folder, relative to the output, e.g. {@code extensions/@jupyterlite/pyodide-kernel-extension}
 * @param load     the entry point ({@code jupyterlab._build.load}), relative to its folder
 * @param fromApp  whether the app archive brought it (rather than jlite's configuration)
 */
public record FederatedExtension(String name, String version, String path, String load, boolean fromApp) {
}
