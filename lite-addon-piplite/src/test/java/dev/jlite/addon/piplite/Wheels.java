package dev.jlite.addon.piplite;

import dev.jlite.testkit.TestArchives;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small, real wheels made in memory: METADATA, RECORD, optional top_level.txt, module files. */
final class Wheels {

    private final String name;
    private final String version;
    private final String tag;
    private final List<String> requires = new ArrayList<>();
    private final Map<String, String> files = new TreeMap<>();
    private String requiresPython;
    private String topLevel;

    private Wheels(String name, String version, String tag) {
        this.name = name;
        this.version = version;
        this.tag = tag;
    }

    static Wheels wheel(String name, String version) {
        return new Wheels(name, version, "py3-none-any");
    }

    Wheels tag(String value) {
        return new Wheels(name, version, value).copyFrom(this);
    }

    private Wheels copyFrom(Wheels o) {
        requires.addAll(o.requires);
        files.putAll(o.files);
        requiresPython = o.requiresPython;
        topLevel = o.topLevel;
        return this;
    }

    Wheels requires(String requirement) {
        requires.add(requirement);
        return this;
    }

    Wheels requiresPython(String value) {
        requiresPython = value;
        return this;
    }

    Wheels topLevel(String lines) {
        topLevel = lines;
        return this;
    }

    Wheels file(String path) {
        files.put(path, "# " + path + "\n");
        return this;
    }

    String fileName() {
        return name.replaceAll("[-.]", "_") + "-" + version + "-" + tag + ".whl";
    }

    byte[] bytes() {
        String distInfo = name.replaceAll("[-.]", "_") + "-" + version + ".dist-info/";
        Map<String, byte[]> z = new TreeMap<>();
        StringBuilder metadata = new StringBuilder("Metadata-Version: 2.4\nName: " + name + "\nVersion: " + version + "\n");
        if (requiresPython != null) {
            metadata.append("Requires-Python: ").append(requiresPython).append('\n');
        }
        requires.forEach(r -> metadata.append("Requires-Dist: ").append(r).append('\n'));
        metadata.append("\nThe description, which is not a header: Name: nope\n");
        StringBuilder record = new StringBuilder();
        files.forEach((path, content) -> {
            z.put(path, content.getBytes(StandardCharsets.UTF_8));
            record.append(path).append(",sha256=x,").append(content.length()).append('\n');
        });
        z.put(distInfo + "METADATA", metadata.toString().getBytes(StandardCharsets.UTF_8));
        z.put(distInfo + "WHEEL", "Wheel-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
        if (topLevel != null) {
            z.put(distInfo + "top_level.txt", topLevel.getBytes(StandardCharsets.UTF_8));
            record.append(distInfo).append("top_level.txt,,\n");
        }
        record.append(distInfo).append("METADATA,,\n").append(distInfo).append("RECORD,,\n");
        z.put(distInfo + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        return TestArchives.zip(z);
    }
}
