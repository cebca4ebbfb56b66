package dev.jlite.addon.piplite;

import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.TaskContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a wheel's metadata says, remembered in the cache by the wheel's sha256 (and file name, which holds
 * its tags), so that a wheel is opened once, not at every build that ships it. A memo that cannot be read
 * (cut short, or written by another version of this addon) is no memo: the wheel is read again.
 */
final class Memo {

    /** Bump when what {@link Wheel#read} makes of a wheel changes. */
    static final int FORMAT = 1;

    private Memo() {
    }

    /** The wheel's metadata, from the memo when there is one, else read from the wheel and remembered. */
    static Wheel wheel(TaskContext ctx, Path file, String sha256) {
        Path memo = ctx.options().cacheDir().resolve("piplite").resolve("wheels").resolve(sha256 + ".json");
        String fileName = file.getFileName().toString();
        Optional<Wheel> known = read(ctx, memo, fileName);
        if (known.isPresent()) {
            return known.get();
        }
        Wheel wheel = PipliteAddon.read(ctx, file);
        ctx.files().write(memo, ctx.json().bytes(tree(ctx, wheel)));
        return wheel;
    }

    private static Optional<Wheel> read(TaskContext ctx, Path memo, String fileName) {
        if (!Files.isRegularFile(memo)) {
            return Optional.empty();
        }
        try {
            JsonNode n = ctx.json().parse(Files.readString(memo, StandardCharsets.UTF_8), memo.toString());
            if (n.path("format").asInt() != FORMAT || !fileName.equals(n.path("fileName").asString(""))) {
                return Optional.empty();
            }
            return Optional.of(new Wheel(fileName, n.path("name").asString(), n.path("version").asString(),
                    n.path("pythonTag").asString(), n.path("abiTag").asString(), n.path("platformTag").asString(),
                    n.path("requiresPython").isString() ? Optional.of(n.path("requiresPython").asString()) : Optional.empty(),
                    strings(n.path("requiresDist")), strings(n.path("imports"))));
        } catch (LiteException | java.io.IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode tree(TaskContext ctx, Wheel w) {
        ObjectNode n = ctx.json().object();
        n.put("format", FORMAT);
        n.put("fileName", w.fileName());
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
