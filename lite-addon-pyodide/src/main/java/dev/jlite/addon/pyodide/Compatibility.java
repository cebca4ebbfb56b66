package dev.jlite.addon.pyodide;

import dev.jlite.core.spi.AppInfo;
import dev.jlite.core.spi.FederatedExtension;
import dev.jlite.core.spi.pyodide.PyodideKernel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which Pyodide a JupyterLite Pyodide kernel extension was made for (its README's matrix, and the
 * defaults its releases pin). Kernels are "likely only compatible with variants of the same x.y.z".
 */
final class Compatibility {

    /** Kernel versions from {@code from} (inclusive) to {@code to} (exclusive) expect one of {@code pyodide}. */
    private record Row(int[] from, int[] to, List<String> pyodide) {
    }

    private static final List<Row> ROWS = List.of(
            new Row(new int[] {0, 0}, new int[] {0, 2}, List.of("0.23", "0.24")),
            new Row(new int[] {0, 2}, new int[] {0, 4}, List.of("0.25")),
            new Row(new int[] {0, 4}, new int[] {0, 5}, List.of("0.26", "0.27")),
            new Row(new int[] {0, 5}, new int[] {0, 7}, List.of("0.27")),
            new Row(new int[] {0, 7}, new int[] {0, 8}, List.of("0.27", "0.29")),
            new Row(new int[] {0, 8}, new int[] {1, 0}, List.of("314")));

    /** The apps of jupyterlite 0.1.0 betas built the kernel in ("pyolite") and expected Pyodide 0.21/0.22. */
    static final List<String> PYOLITE = List.of("0.21", "0.22");

    private Compatibility() {
    }

    /** The Pyodide series a kernel extension version expects, if the matrix knows it. */
    static Optional<List<String>> expected(String kernelVersion) {
        int[] v = parse(kernelVersion);
        if (v == null) {
            return Optional.empty();
        }
        for (Row row : ROWS) {
            if (compare(v, row.from()) >= 0 && compare(v, row.to()) < 0) {
                return Optional.of(row.pyodide());
            }
        }
        return Optional.empty();
    }

    /** Whether a Pyodide version belongs to one of the series ({@code 0.27} matches 0.27.x, {@code 314} matches 314.x). */
    static boolean matches(String pyodideVersion, List<String> series) {
        return series.stream().anyMatch(s -> pyodideVersion.equals(s) || pyodideVersion.startsWith(s + "."));
    }

    /**
     * The kernel of a site: the pyolite one when its extension is there, or when the app is a jupyterlite
     * 0.1.0 alpha or beta up to 18 (which built the kernel in) and the current extension is not.
     */
    static PyodideKernel kernel(List<FederatedExtension> extensions, AppInfo app) {
        boolean current = extensions.stream().anyMatch(e -> e.name().equals(PyodideKernel.CURRENT.extension()));
        boolean old = extensions.stream().anyMatch(e -> e.name().equals(PyodideKernel.PYOLITE.extension()));
        return !current && (old || isPyoliteEra(app.version())) ? PyodideKernel.PYOLITE : PyodideKernel.CURRENT;
    }

    /** Whether an app version is a jupyterlite 0.1.0 alpha, or a beta up to 18. */
    static boolean isPyoliteEra(String appVersion) {
        String v = appVersion.toLowerCase(Locale.ROOT).replace("-beta.", "b").replace("-alpha.", "a");
        if (!v.startsWith("0.1.0")) {
            return false;
        }
        String rest = v.substring("0.1.0".length());
        if (rest.startsWith("a")) {
            return true;
        }
        if (rest.startsWith("b")) {
            try {
                return Integer.parseInt(rest.substring(1)) <= 18;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static int[] parse(String version) {
        String[] parts = version.split("[.-]");
        if (parts.length < 2) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }
}
