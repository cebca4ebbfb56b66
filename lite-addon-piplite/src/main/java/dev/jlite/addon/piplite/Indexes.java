package dev.jlite.addon.piplite;

import dev.jlite.core.spi.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Warehouse-like {@code all.json} the reference writes (PEP 503 names, {@code releases} by version,
 * one entry per file with digests, size and time), with every file of a version kept: the reference
 * keeps only the last one.
 */
final class Indexes {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Indexes() {
    }

    static ObjectNode allJson(Json json, List<WheelFile> wheels) {
        Map<String, Map<String, List<WheelFile>>> byName = new TreeMap<>();
        for (WheelFile w : wheels) {
            byName.computeIfAbsent(Wheel.normalize(w.wheel().name()), k -> new TreeMap<>())
                    .computeIfAbsent(w.wheel().version(), k -> new ArrayList<>()).add(w);
        }
        ObjectNode root = json.object();
        byName.forEach((name, versions) -> {
            ObjectNode releases = root.putObject(name).putObject("releases");
            versions.forEach((version, files) -> {
                ArrayNode list = releases.putArray(version);
                files.stream().sorted(Comparator.comparing(f -> f.wheel().fileName())).forEach(f -> list.add(entry(json, f)));
            });
        });
        return root;
    }

    private static ObjectNode entry(Json json, WheelFile f) {
        ObjectNode e = json.object();
        e.put("comment_text", "");
        e.putObject("digests").put("md5", f.md5()).put("sha256", f.sha256());
        e.put("downloads", -1);
        e.put("filename", f.wheel().fileName());
        e.put("has_sig", false);
        e.put("md5_digest", f.md5());
        e.put("packagetype", "bdist_wheel");
        e.put("python_version", pythonVersion(f.wheel()));
        if (f.wheel().requiresPython().isPresent()) {
            e.put("requires_python", f.wheel().requiresPython().get());
        } else {
            e.putNull("requires_python");
        }
        e.put("size", f.size());
        e.put("upload_time", isoformat(f.time()));
        e.put("upload_time_iso_8601", isoformat(f.time()));
        e.put("url", "./" + f.wheel().fileName());
        e.put("yanked", false);
        e.putNull("yanked_reason");
        return e;
    }

    /** {@code py3} for a pure wheel, as the reference writes; the real tag (e.g. {@code cp312}) otherwise. */
    static String pythonVersion(Wheel w) {
        return w.platformTag().equals("any") ? "py3" : w.pythonTag();
    }

    /** Python's {@code datetime.isoformat()} of a UTC time, with a {@code Z}: microseconds only when not zero. */
    static String isoformat(Instant t) {
        long micros = t.getNano() / 1000;
        return SECONDS.format(t) + (micros == 0 ? "" : String.format(".%06d", micros)) + "Z";
    }
}
