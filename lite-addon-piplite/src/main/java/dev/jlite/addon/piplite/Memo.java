package dev.jlite.addon.piplite;

import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the metadata of the wheels of one output said at its last build, remembered in the cache (one file
 * per output, read once and written once), by each wheel's sha256 and file name (which holds its tags): a
 * wheel is opened once, not at every build that ships it. A memo that cannot be read (cut short, or
 * written by another version of this addon) is no memo: the wheels are read again.
 */
final class Memo {

    /** Bump when what {@link Wheel#read} makes of a wheel changes. */
    static final int FORMAT = 2;

    private final TaskContext ctx;
    private final Path file;
    private final Map<String, JsonNode> known = new TreeMap<>();
    private final Map<String, ObjectNode> used = new TreeMap<>();
    private boolean changed;

    private Memo(TaskContext ctx, Path file) {
        this.ctx = ctx;
        this.file = file;
    }

    /** The memo of this build's output. */
    static Memo open(TaskContext ctx) {
        String output = ctx.options().outputDir().toAbsolutePath().normalize().toString();
        String name = HexFormat.of().formatHex(sha256(output.getBytes(StandardCharsets.UTF_8)), 0, 10);
        Memo memo = new Memo(ctx, ctx.options().cacheDir().resolve("piplite").resolve("metadata").resolve(name + ".json"));
        memo.load();
        return memo;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode root = ctx.json().parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            if (root.path("format").asInt() == FORMAT) {
                root.path("wheels").properties().forEach(e -> known.put(e.getKey(), e.getValue()));
            }
        } catch (LiteException | IOException | UncheckedIOException e) {
            known.clear();
        }
    }

    /** The wheel's metadata, from the memo when it knows the wheel, else read from the wheel. */
    Wheel wheel(Path file, String sha256) {
        String fileName = file.getFileName().toString();
        String key = sha256 + " " + fileName;
        JsonNode n = used.containsKey(key) ? used.get(key) : known.get(key);
        Wheel wheel = n == null ? null : fromTree(fileName, n);
        if (wheel == null) {
            wheel = PipliteAddon.read(ctx, file);
            changed = true;
        }
        used.put(key, tree(wheel));
        return wheel;
    }

    /** Writes the memo when it learned a wheel or forgot one (the output no longer ships it). */
    void save() {
        if (!changed && used.keySet().equals(known.keySet())) {
            return;
        }
        ObjectNode root = ctx.json().object();
        root.put("format", FORMAT);
        ObjectNode wheels = root.putObject("wheels");
        used.forEach(wheels::set);
        ctx.files().write(file, ctx.json().bytes(root));
    }

    private static Wheel fromTree(String fileName, JsonNode n) {
        if (!n.path("name").isString()) {
            return null;
        }
        return new Wheel(fileName, n.path("name").asString(), n.path("version").asString(),
                n.path("pythonTag").asString(), n.path("abiTag").asString(), n.path("platformTag").asString(),
                n.path("requiresPython").isString() ? Optional.of(n.path("requiresPython").asString()) : Optional.empty(),
                strings(n.path("requiresDist")), strings(n.path("imports")));
    }

    private ObjectNode tree(Wheel w) {
        ObjectNode n = ctx.json().object();
        n.put("name", w.name());
        n.put("version", w.version());
        n.put("pythonTag", w.pythonTag());
        n.put("abiTag", w.abiTag());
        n.put("platformTag", w.platformTag());
        w.requiresPython().ifPresentOrElse(v -> n.put("requiresPython", v), () -> n.putNull("requiresPython"));
        w.requiresDist().forEach(n.putArray("requiresDist")::add);
        w.imports().forEach(n.putArray("imports")::add);
        return n;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString()));
        return List.copyOf(out);
    }
}
