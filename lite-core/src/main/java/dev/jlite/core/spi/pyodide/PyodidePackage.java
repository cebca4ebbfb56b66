package dev.jlite.core.spi.pyodide;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * An entry that the hosted Pyodide's package index ({@code pyodide-lock.json}, or {@code repodata.json}
 * before Pyodide 0.24) gets from an addon, so that Pyodide loads the package from the site (e.g. a wheel
 * installed on import). It replaces the distribution's entry of the same name (names compared as PEP 503
 * normalises them); the Pyodide addon writes the index once, with every contribution.
 *
 * @param name  the package name, as the index's key
 * @param entry the index entry: {@code name}, {@code version}, {@code file_name} (relative to the index's
 *              folder, e.g. {@code ../../pypi/x-1.0-py3-none-any.whl}), {@code sha256}, {@code imports},
 *              {@code depends}, ...
 */
public record PyodidePackage(String name, JsonNode entry) {

    /** Both parts are required. */
    public PyodidePackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entry, "entry");
    }
}
