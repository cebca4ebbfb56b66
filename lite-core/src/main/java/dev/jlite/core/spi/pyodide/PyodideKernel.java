package dev.jlite.core.spi.pyodide;

/**
 * The JupyterLite Pyodide kernel a site runs, named as its extension and settings plugin are: under
 * {@code litePluginSettings} the plugin's settings hold {@code pyodideUrl}, {@code pipliteUrls}, ...
 * The Pyodide addon says which one a site has ({@link PyodideKeys#KERNEL}).
 *
 * @param extension the kernel's federated extension
 * @param plugin    its settings plugin
 */
public record PyodideKernel(String extension, String plugin) {

    /** jupyterlite-pyodide-kernel (0.1.0b19 and later). */
    public static final PyodideKernel CURRENT = new PyodideKernel("@jupyterlite/pyodide-kernel-extension",
            "@jupyterlite/pyodide-kernel-extension:kernel");

    /** The kernel as jupyterlite 0.1.0 alphas and betas up to 18 named it ("pyolite"). */
    public static final PyodideKernel PYOLITE = new PyodideKernel("@jupyterlite/pyolite-kernel-extension",
            "@jupyterlite/pyolite-kernel-extension:kernel");
}
