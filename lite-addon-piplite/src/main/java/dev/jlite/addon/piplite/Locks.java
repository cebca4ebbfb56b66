package dev.jlite.addon.piplite;

import dev.jlite.core.spi.LiteException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Install on import: the distribution's package index ({@code pyodide-lock.json} or the older
 * {@code repodata.json}) with an entry for every wheel, so Pyodide loads a wheel when its module is
 * imported. A wheel replaces the distribution's entry of the same name. Entries follow the index's era:
 * a lock entry carries {@code package_type} and {@code unvendored_tests}, a repodata entry does not.
 */
final class Locks {

    /** The file name of a wheel, as the index (read from {@code static/pyodide/}) reaches it in {@code pypi/}. */
    static final String FROM_INDEX = "../../pypi/";

    private Locks() {
    }

    /** The merged index, and the names it now serves from {@code pypi/}. */
    record Merged(ObjectNode index, List<String> provided, List<String> replaced) {
    }

    static Merged merge(JsonNode distributionIndex, boolean lockEra, List<WheelFile> wheels, Map<String, String> env) {
        Map<String, WheelFile> byName = new TreeMap<>();
        for (WheelFile w : wheels) {
            String name = Wheel.normalize(w.wheel().name());
            WheelFile other = byName.put(name, w);
            if (other != null) {
                throw new LiteException("install on import takes one version of a package, but " + name + " has two wheels: "
                        + other.wheel().fileName() + " and " + w.wheel().fileName() + "; drop one of them, or leave install on "
                        + "import off (PipliteAddon.install_on_import)", w.wheel().fileName(), null);
            }
        }
        if (!distributionIndex.isObject()) {
            throw new LiteException("the Pyodide package index is not a JSON object; install on import cannot extend it");
        }
        ObjectNode index = (ObjectNode) distributionIndex.deepCopy();
        ObjectNode packages = index.withObjectProperty("packages");
        List<String> replaced = new ArrayList<>();
        for (var e : byName.entrySet()) {
            String key = existingKey(packages, e.getKey());
            if (key != null) {
                packages.remove(key);
                replaced.add(key);
            }
            packages.set(e.getKey(), entry(index, e.getKey(), e.getValue(), lockEra, env));
        }
        return new Merged(index, List.copyOf(byName.keySet()), replaced);
    }

    /** The distribution's key for a name (indexes differ in how they spell names). */
    private static String existingKey(ObjectNode packages, String normalized) {
        for (String k : packages.propertyNames()) {
            if (Wheel.normalize(k).equals(normalized)) {
                return k;
            }
        }
        return null;
    }

    private static ObjectNode entry(ObjectNode index, String name, WheelFile f, boolean lockEra, Map<String, String> env) {
        ObjectNode e = index.objectNode();
        e.put("name", name);
        e.put("version", f.wheel().version());
        e.put("file_name", FROM_INDEX + f.wheel().fileName());
        e.put("install_dir", "site");
        e.put("sha256", f.sha256());
        var imports = e.putArray("imports");
        f.wheel().imports().forEach(imports::add);
        var depends = e.putArray("depends");
        try {
            f.wheel().depends(env).forEach(depends::add);
        } catch (IllegalArgumentException x) {
            throw new LiteException(f.wheel().fileName() + ": cannot read a Requires-Dist marker (" + x.getMessage() + ")",
                    f.wheel().fileName(), x);
        }
        if (lockEra) {
            e.put("package_type", "package");
            e.put("unvendored_tests", false);
        }
        return e;
    }

    /** Names an entry depends on that the index does not have (names compared normalised). */
    static List<String> missingDependencies(JsonNode index, String name) {
        List<String> out = new ArrayList<>();
        JsonNode packages = index.path("packages");
        Set<String> known = new HashSet<>();
        packages.propertyNames().forEach(k -> known.add(Wheel.normalize(k)));
        for (JsonNode d : packages.path(name).path("depends")) {
            if (!known.contains(Wheel.normalize(d.asString()))) {
                out.add(d.asString());
            }
        }
        return out;
    }
}
