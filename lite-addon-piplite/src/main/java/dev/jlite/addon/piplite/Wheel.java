package dev.jlite.addon.piplite;

import dev.jlite.core.spi.WheelName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a wheel's name and metadata say: name, version, tags, Requires-Python, Requires-Dist, import names. */
record Wheel(String fileName, String name, String version, String pythonTag, String abiTag, String platformTag,
             Optional<String> requiresPython, List<String> requiresDist, List<String> imports) {

    /** The project name at the start of a PEP 508 requirement. */
    static final Pattern REQUIREMENT_NAME = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The characters of a wheel's file name, as the wheel format escapes them. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.+!-]+");

    /**
     * Why a wheel cannot run in Pyodide, or empty when it can: pure Python ({@code py3}, {@code py2.py3},
     * {@code pyNN} with {@code none-any}), or built for Emscripten ({@code emscripten_*}, {@code pyodide_*},
     * {@code pyemscripten_*} on wasm32).
     */
    static Optional<String> unsupported(String fileName) {
        Optional<WheelName> t = WheelName.parse(fileName);
        if (t.isEmpty()) {
            return Optional.of("its name is not a wheel's name (name-version-python-abi-platform.whl)");
        }
        if (!PLAIN.matcher(fileName).matches()) {
            // it becomes a URL in pypi/all.json: a space, %, # or ? would make it another one
            return Optional.of("its name has characters a wheel's name never has (a wheel is named with letters, digits, "
                    + "'_', '.' and '+'); rename it as the wheel format names wheels");
        }
        String py = t.get().python();
        String abi = t.get().abi();
        String platform = t.get().platform();
        if (platform.matches("(emscripten|pyodide|pyemscripten)_.*_wasm32")) {
            return Optional.empty();
        }
        if (platform.equals("any") && abi.equals("none")) {
            for (String tag : py.split("\\.")) {
                if (tag.equals("py3") || tag.matches("py3\\d+")) {
                    return Optional.empty();
                }
            }
            if (py.matches("cp\\d+")) {
                return Optional.of("it is tagged " + py + "-none-any, for one CPython version only; Pyodide takes pure-Python "
                        + "wheels (py3, py2.py3, py3N) and wasm32 ones");
            }
            return Optional.of("it is tagged " + py + "-none-any, not for any Python 3 (py3, py2.py3 or py3N)");
        }
        return Optional.of("it is built for " + py + "-" + abi + "-" + platform + ", which Pyodide cannot load");
    }

    /** Reads a wheel from its file name and the contents of its dist-info files. */
    static Wheel read(String fileName, List<String> entries, Map<String, byte[]> distInfo) {
        WheelName t = WheelName.parse(fileName).orElseThrow();
        Map<String, List<String>> headers = headers(distInfo.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".dist-info/METADATA")).map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("it has no .dist-info/METADATA")));
        String name = first(headers, "Name").orElse(t.project());
        String version = first(headers, "Version").orElse(t.version());
        return new Wheel(fileName, name, version, t.python(), t.abi(), t.platform(), first(headers, "Requires-Python"),
                headers.getOrDefault("requires-dist", List.of()), imports(entries, distInfo));
    }

    /**
     * How its file name and its METADATA disagree on the project or its version, or empty when they agree
     * (names compared as PEP 503 normalizes them, versions as PEP 440 orders them). pip refuses such a
     * wheel; piplite indexes it as its METADATA says.
     */
    Optional<String> disagreement() {
        WheelName t = WheelName.parse(fileName).orElseThrow();
        String fileProject = t.project();
        String fileVersion = t.version();
        boolean sameName = normalize(fileProject).equals(normalize(name));
        boolean sameVersion = fileVersion.equals(version) || Versions.isVersion(fileVersion) && Versions.isVersion(version)
                && Versions.compare(fileVersion, version) == 0;
        if (sameName && sameVersion) {
            return Optional.empty();
        }
        return Optional.of("its file name says " + fileProject + " " + fileVersion + " but its METADATA says " + name + " "
                + version + "; pip refuses such a wheel, and piplite indexes it under " + name + " " + version
                + ": rename the file, or rebuild the wheel");
    }

    /** PEP 503: lower case, runs of {@code -_.} become {@code -}. */
    static String normalize(String name) {
        return WheelName.normalize(name);
    }

    /**
     * The names it can be imported by: {@code top_level.txt} when it has one; else every top-level module
     * in its {@code RECORD} (or its file list), single-file modules and packages alike, namespace packages
     * included; none for a metapackage.
     */
    static List<String> imports(List<String> entries, Map<String, byte[]> distInfo) {
        Optional<byte[]> topLevel = shortest(distInfo, "top_level.txt");
        TreeSet<String> out = new TreeSet<>();
        if (topLevel.isPresent()) {
            for (String line : new String(topLevel.get(), StandardCharsets.UTF_8).split("\\R")) {
                String n = line.trim().replace('/', '.');
                if (!n.isEmpty()) {
                    out.add(n);
                }
            }
            return List.copyOf(out);
        }
        List<String> paths = shortest(distInfo, "RECORD").map(Wheel::recordPaths).orElse(entries);
        for (String path : paths) {
            String[] parts = path.split("/");
            String top = parts[0];
            if (top.endsWith(".dist-info") || top.endsWith(".data") || top.isEmpty()) {
                continue;
            }
            if (parts.length == 1) {
                String module = moduleOf(top);
                if (module != null && !module.equals("__init__")) {
                    out.add(module);
                }
            } else if (IDENTIFIER.matcher(top).matches() && isPython(path)) {
                out.add(top);
            }
        }
        return List.copyOf(out);
    }

    /** A top-level file's module name ({@code six.py}, {@code _speedups.cpython-312-wasm32-emscripten.so}), or null. */
    private static String moduleOf(String file) {
        if (!isPython(file)) {
            return null;
        }
        String stem = file.substring(0, file.indexOf('.'));
        return IDENTIFIER.matcher(stem).matches() ? stem : null;
    }

    private static boolean isPython(String path) {
        return path.endsWith(".py") || path.endsWith(".so") || path.endsWith(".pyd") || path.endsWith(".pyc");
    }

    private static List<String> recordPaths(byte[] record) {
        List<String> out = new ArrayList<>();
        for (String line : new String(record, StandardCharsets.UTF_8).split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String path = line.startsWith("\"") ? line.substring(1, line.indexOf('"', 1)) : line.split(",", 2)[0];
            out.add(path);
        }
        return out;
    }

    /** The dist-info file of that name with the shortest path (the wheel's own, not a vendored one). */
    private static Optional<byte[]> shortest(Map<String, byte[]> distInfo, String name) {
        return distInfo.entrySet().stream().filter(e -> e.getKey().endsWith("/" + name) || e.getKey().equals(name))
                .min((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length())).map(Map.Entry::getValue);
    }

    /** RFC 822-style headers of METADATA, by lower-case name; the body after the blank line is ignored. */
    private static Map<String, List<String>> headers(byte[] metadata) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String last = null;
        for (String line : new String(metadata, StandardCharsets.UTF_8).split("\\R", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                List<String> values = out.get(last);
                values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                last = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                out.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The dependencies that apply in {@code env}: names normalised, sorted, extras left out. */
    List<String> depends(Map<String, String> env) {
        TreeSet<String> out = new TreeSet<>();
        for (String requirement : requiresDist) {
            int semi = requirement.indexOf(';');
            String spec = semi < 0 ? requirement : requirement.substring(0, semi);
            if (semi >= 0 && !Markers.evaluate(requirement.substring(semi + 1).trim(), env)) {
                continue;
            }
            Matcher m = REQUIREMENT_NAME.matcher(spec);
            if (m.find()) {
                out.add(normalize(m.group(1)));
            }
        }
        return List.copyOf(out);
    }
}
