package dev.jlite.core.spi;

import java.util.List;

/**
 * The Pyodide distribution a site hosts.
 *
 * @param path           its folder, relative to the output (e.g. {@code static/pyodide})
 * @param entry          the entry point the kernel loads, {@code pyodide.mjs} (Pyodide 314 and later) or {@code pyodide.js}
 * @param index          the package index, {@code pyodide-lock.json} or {@code repodata.json}
 * @param version        the Pyodide version, or empty when the distribution does not say
 * @param python         the Python version, e.g. {@code 3.12.7}
 * @param platform       the Emscripten platform, e.g. {@code emscripten_3_1_58}
 * @param abiVersion     the ABI version from the lock, or empty
 * @param packages       how many packages the index lists
 * @param present        how many of them have their file in the distribution
 * @param missingStartup packages a kernel loads at start-up ({@code micropip} and its dependencies) whose files are missing
 * @param source         the source spec it came from
 * @param root           where the distribution was taken from (an absolute path on the build's file system), so
 *                       that its original files stay readable when an addon rewrites the site's copy
 */
public record PyodideDistribution(String path, String entry, String index, String version, String python, String platform,
                                  String abiVersion, int packages, int present, List<String> missingStartup, String source,
                                  String root) {

    public PyodideDistribution {
        missingStartup = List.copyOf(missingStartup);
    }

    /** Whether every indexed package has its file (a full distribution, as opposed to a core-only one). */
    public boolean isFull() {
        return present == packages;
    }
}
