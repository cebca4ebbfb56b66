package dev.jlite.core.spi.pyodide;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The Pyodide distribution a site hosts, as the Pyodide addon found it.
 *
 * @param path     its folder, relative to the output (e.g. {@code static/pyodide})
 * @param entry    the entry point the kernel loads, {@code pyodide.mjs} (Pyodide 314 and later) or {@code pyodide.js}
 * @param index    the package index's file name, {@code pyodide-lock.json} or {@code repodata.json}
 * @param lock     the package index as the distribution has it, before any addon's {@link PyodidePackage} joins it
 *                 (a copy of its own: change a {@code deepCopy()} of it, never it)
 * @param absent   the names of the index's packages whose file the distribution lacks (all but the core, in npm's Pyodide)
 * @param version  the Pyodide version, or empty when the distribution does not say
 * @param python   the Python version, e.g. {@code 3.12.7}
 * @param platform the Emscripten platform, e.g. {@code emscripten_3_1_58}
 * @param source   the source spec it came from
 */
public record PyodideDistribution(String path, String entry, String index, JsonNode lock, List<String> absent, String version,
                                  String python, String platform, String source) {

    public PyodideDistribution {
        lock = Objects.requireNonNull(lock, "lock").deepCopy();
        absent = List.copyOf(absent);
    }
}
