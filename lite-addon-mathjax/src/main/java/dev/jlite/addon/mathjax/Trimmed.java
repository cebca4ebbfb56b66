package dev.jlite.addon.mathjax;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The trimmed offline set of MathJax 2: what {@code jupyter_server_mathjax} (and the classic notebook
 * before it) shipped for TeX with the HTML-CSS and SVG outputs.
 */
final class Trimmed {

    private static final Set<String> FILES = Set.of("MathJax.js", "LICENSE", "config/TeX-AMS-MML_HTMLorMML-full.js",
            "config/Safe.js");
    private static final Pattern OUTPUT_JAX = Pattern.compile("jax/output/[^/]+\\.js");
    private static final List<String> FOLDERS = List.of("jax/output/HTML-CSS/autoload/", "localization/",
            "fonts/HTML-CSS/STIX-Web/woff/", "extensions/", "jax/input/TeX/", "jax/output/HTML-CSS/fonts/STIX-Web/",
            "jax/output/SVG/fonts/STIX-Web/", "jax/element/mml/");

    private Trimmed() {
    }

    /** Whether a MathJax-relative path belongs to the trimmed set. */
    static boolean includes(String rel) {
        return FILES.contains(rel) || OUTPUT_JAX.matcher(rel).matches() || FOLDERS.stream().anyMatch(rel::startsWith);
    }
}
