package dev.jlite.core.internal.addons;

import dev.jlite.core.internal.config.CoreSettings;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.json.JsonSupport;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonRegistrar;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.ConfigPatch;
import dev.jlite.core.spi.Key;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.LiteKeys;
import dev.jlite.core.spi.Phase;
import dev.jlite.core.spi.Setting;
import dev.jlite.core.spi.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The site's contents: copies the {@code contents} roots (default {@code <lite dir>/files}) into
 * {@code files/} in {@link Phase#BUILD}, then writes a Jupyter Contents API listing,
 * {@code api/contents/<folder>/all.json}, for {@code files/} and each folder under it in
 * {@link Phase#POST_BUILD}, in the model shape jupyter_server gives, with children sorted by name; and
 * points {@code contentsAllJsonFile} at them.
 *
 * <p>Its configuration class is the reference's {@code ContentsManager} (jupyter_server's), whose
 * {@code allow_hidden} decides whether hidden files may be published; the contents settings themselves
 * are {@code LiteBuildConfig}'s.
 */
public final class ContentsAddon implements Addon {

    static final String FILES = "files";
    static final String API = "api/contents";
    static final String ALL_JSON = "all.json";

    /**
     * What the copy left in {@code files/}: a digest of every copied file's path, size, time and
     * writability. The listings depend on nothing else, so the index task reads this instead of hashing
     * the copies again.
     */
    static final Key<String> COPIED = Key.of("contents.copied", String.class);

    /** How {@link #COPIED} starts when every file copied was the app's own. */
    private static final String APP_ONLY = "app:";

    /** {@link #COPIED} when there were no contents to copy. */
    private static final String NOTHING_COPIED = HexFormat.of().formatHex(FileOpsImpl.sha256().digest());

    /** Code point order, as Python sorts {@code str}. */
    static final Comparator<String> BY_CODE_POINT = JsonSupport.CODE_POINT_ORDER;

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Override
    public String id() {
        return "contents";
    }

    @Override
    public String description() {
        return "the site's files/ (default: the lite dir's files/) and their Contents API listings, api/contents/**/all.json";
    }

    /** The reference reads the hidden-files policy from jupyter_server's class; its settings are declared by core. */
    @Override
    public String configName() {
        return CoreSettings.CONTENTS_MANAGER;
    }

    /** A JSON value the reference's {@code bool(json.loads(...))} takes as true. */
    private static boolean truthy(Optional<JsonNode> v) {
        return v.filter(n -> n.isBoolean() ? n.asBoolean() : n.isNumber() ? n.asDouble() != 0
                : n.isString() ? !n.asString().isEmpty() : n.isContainer() && !n.isEmpty()).isPresent();
    }

    @Override
    public void register(AddonRegistrar r) {
        BuildOptions o = r.options();
        List<Pattern> ignore = new ArrayList<>();
        for (Setting<List<String>> setting : List.of(LiteBuildConfig.IGNORE_CONTENTS, LiteBuildConfig.EXTRA_IGNORE_CONTENTS)) {
            for (String p : o.config().get(setting)) {
                ignore.add(Pattern.compile(p)); // each compiles: checked when the configuration was resolved
            }
        }
        Path outputName = o.outputDir().getFileName();
        if (outputName != null) {
            ignore.add(Pattern.compile("/" + Pattern.quote(outputName.toString()) + "/"));
        }
        boolean allowHidden = r.config().get(CoreSettings.ALLOW_HIDDEN);
        boolean configured = o.config().isSet(LiteBuildConfig.CONTENTS);
        List<Path> roots = configured ? o.config().get(LiteBuildConfig.CONTENTS).stream().map(o::resolve).toList()
                : List.of(o.liteDir().resolve(FILES));
        Scan scan = new Scan(o, roots, configured, ignore, allowHidden);
        boolean noJupyterServer = truthy(o.config().find(LiteBuildConfig.NO_JUPYTER_SERVER));
        long sde = o.config().find(LiteBuildConfig.SOURCE_DATE_EPOCH).orElse(-1L);
        r.task(Phase.BUILD, "copy")
                .description("copy the contents into files/")
                .reads(LiteKeys.APP)
                .writes(COPIED)
                .uses(roots.stream().map(Path::toString).toList(), configured, o.config().get(LiteBuildConfig.IGNORE_CONTENTS),
                        o.config().get(LiteBuildConfig.EXTRA_IGNORE_CONTENTS), allowHidden, o.outputDir().toString(),
                        o.cacheDir().toString(), sde, noJupyterServer)
                .inputs(ctx -> scan.withApp(ctx).values())
                .outputs(ctx -> scan.withApp(ctx).isEmpty() ? List.of() : List.of(FILES))
                .run(ctx -> {
                    if (noJupyterServer && (configured ? !roots.isEmpty() : Files.isDirectory(roots.get(0)))) {
                        throw new LiteException("jupyter-server is not installed. You cannot add custom content to jupyterlite. "
                                + "(JUPYTERLITE_NO_JUPYTER_SERVER is set, and jlite refuses contents as the reference does "
                                + "without jupyter-server; jlite itself needs no jupyter-server: unset it to add contents)");
                    }
                    copy(ctx, scan, scan.withApp(ctx));
                });
        r.task(Phase.POST_BUILD, "index")
                .description("write the Contents API listings api/contents/**/all.json")
                .reads(LiteKeys.APP)
                .reads(COPIED)
                .writes(LiteKeys.CONFIG_PATCHES)
                .uses(allowHidden, sde)
                .outputs(ctx -> ctx.get(COPIED).equals(NOTHING_COPIED) && scan.appListings(ctx).isEmpty() ? List.of() : List.of(API))
                .run(ctx -> index(ctx, allowHidden, scan.appListings(ctx)));
    }

    /**
     * What goes to {@code files/}: the lite dir's contents, over the app's own {@code files/} (an earlier
     * site given as the app brings its contents), which are taken as they are.
     */
    private static SortedMap<String, Path> plan(TaskContext ctx, SortedMap<String, Path> own) {
        Path appFiles = appRoot(ctx).resolve(FILES);
        if (!Files.isDirectory(appFiles)) {
            return own;
        }
        TreeMap<String, Path> all = new TreeMap<>(own);
        for (String rel : FileOpsImpl.walkFiles(appFiles)) {
            if (!own.containsKey(rel) && !coveredBy(own, rel)) {
                all.put(rel, appFiles.resolve(rel));
            }
        }
        return Collections.unmodifiableSortedMap(all);
    }

    /** Whether a file or folder of the lite dir's contents stands where {@code rel} or one of its folders would go. */
    private static boolean coveredBy(SortedMap<String, Path> own, String rel) {
        for (int slash = rel.indexOf('/'); slash > 0; slash = rel.indexOf('/', slash + 1)) {
            if (own.containsKey(rel.substring(0, slash))) {
                return true;
            }
        }
        return !own.subMap(rel + "/", rel + "0").isEmpty();
    }

    private static Path appRoot(TaskContext ctx) {
        return ctx.options().outputDir().getFileSystem().getPath(ctx.get(LiteKeys.APP).root());
    }

    /** The app's own listings ({@code api/contents/} of an earlier site given as the app), by relative path. */
    private static List<String> appListings(TaskContext ctx) {
        return FileOpsImpl.walkFiles(appRoot(ctx).resolve(API));
    }

    // --- what to copy ------------------------------------------------------------------------------

    /** Which file goes where: worked out once per build, when the copy task fingerprints its inputs. */
    private static final class Scan {
        private final BuildOptions options;
        private final List<Path> roots;
        private final boolean configured;
        private final List<Pattern> ignore;
        private final boolean allowHidden;
        private SortedMap<String, Path> plan;

        Scan(BuildOptions options, List<Path> roots, boolean configured, List<Pattern> ignore, boolean allowHidden) {
            this.options = options;
            this.roots = roots;
            this.configured = configured;
            this.ignore = ignore;
            this.allowHidden = allowHidden;
        }

        /** {@code files/}-relative path -> source file, sorted by path. */
        synchronized SortedMap<String, Path> plan() {
            if (plan == null) {
                plan = Collections.unmodifiableSortedMap(scan());
            }
            return plan;
        }

        private SortedMap<String, Path> withApp;
        private List<String> appListings;

        /** {@link #plan}, over the app's own {@code files/} (worked out once per build, as the plan is). */
        synchronized SortedMap<String, Path> withApp(TaskContext ctx) {
            if (withApp == null) {
                withApp = ContentsAddon.plan(ctx, plan());
            }
            return withApp;
        }

        /** The app's own listings (worked out once per build). */
        synchronized List<String> appListings(TaskContext ctx) {
            if (appListings == null) {
                appListings = ContentsAddon.appListings(ctx);
            }
            return appListings;
        }

        private SortedMap<String, Path> scan() {
            Path output = options.outputDir().toAbsolutePath().normalize();
            Path cache = options.cacheDir().toAbsolutePath().normalize();
            // the output and the cache are never contents, however a walk reaches them (a link, another name)
            Set<Path> skipped = Set.of(FileOpsImpl.realPath(output), FileOpsImpl.realPath(cache));
            TreeMap<String, Path> chosen = new TreeMap<>();
            Set<Path> fileRoots = new HashSet<>();
            for (Path root : roots) {
                if (!Files.exists(root)) {
                    if (configured) {
                        throw new LiteException("LiteBuildConfig.contents: " + root + " does not exist (a relative path "
                                + "is taken from the lite dir, " + options.liteDir() + "); fix the path or remove it",
                                root.toString(), null);
                    }
                    continue;
                }
                if (root.startsWith(output)) {
                    throw new LiteException("LiteBuildConfig.contents: " + root + " is inside the output directory "
                            + output + "; contents must come from outside the site", root.toString(), null);
                }
                if (Files.isDirectory(root)) {
                    for (String rel : FileOpsImpl.walkFiles(root, rel -> included(root, rel, output, cache), skipped)) {
                        put(chosen, rel, root.resolve(rel));
                    }
                } else {
                    put(chosen, root.getFileName().toString(), root);
                    fileRoots.add(root);
                }
            }
            refuseClashingListing(chosen);
            if (!allowHidden) {
                refuseHidden(chosen, fileRoots);
            }
            return chosen;
        }

        /** As the reference: an ignore pattern is searched for in {@code "/" + rel}, for files and folders alike. */
        private boolean included(Path root, String rel, Path output, Path cache) {
            String name = rel.substring(rel.lastIndexOf('/') + 1);
            if (hiddenByServer(name)) {
                return false;
            }
            String probe = "/" + rel;
            for (Pattern p : ignore) {
                if (p.matcher(probe).find()) {
                    return false;
                }
            }
            Path abs = root.resolve(rel).toAbsolutePath().normalize();
            return !abs.equals(output) && !abs.equals(cache);
        }

        /** The last root wins: a later file replaces an earlier one at its path, or a file or folder in its way. */
        private static void put(TreeMap<String, Path> chosen, String rel, Path source) {
            chosen.subMap(rel + "/", rel + "0").clear();
            for (int slash = rel.indexOf('/'); slash > 0; slash = rel.indexOf('/', slash + 1)) {
                chosen.remove(rel.substring(0, slash));
            }
            chosen.put(rel, source);
        }

        /** A folder named {@code all.json} would put its listing's folder where its parent's listing is. */
        private static void refuseClashingListing(Map<String, Path> chosen) {
            for (var e : chosen.entrySet()) {
                int at = ("/" + e.getKey()).indexOf("/" + ALL_JSON + "/");
                if (at >= 0) {
                    String folder = e.getKey().substring(0, at + ALL_JSON.length());
                    Path source = sourceOf(e.getValue(), e.getKey(), folder);
                    throw new LiteException(source + " is a folder named " + ALL_JSON + ", whose listing would take the "
                            + "place of its parent's listing " + API + "/" + parentOf(folder) + ALL_JSON + "; rename it",
                            source.toString(), null);
                }
            }
        }

        /** One error for every hidden path, naming the first and the two ways out. */
        private static void refuseHidden(Map<String, Path> chosen, Set<Path> fileRoots) {
            TreeSet<String> hidden = new TreeSet<>(BY_CODE_POINT);
            Map<String, Path> sources = new TreeMap<>();
            for (var e : chosen.entrySet()) {
                String top = hiddenPrefix(e.getKey());
                if (top != null) {
                    hidden.add(top);
                    sources.putIfAbsent(top, sourceOf(e.getValue(), e.getKey(), top));
                }
            }
            if (hidden.isEmpty()) {
                return;
            }
            String first = hidden.first();
            boolean folder = !chosen.containsKey(first);
            String name = first.substring(first.lastIndexOf('/') + 1);
            String pattern = "/" + regexLiteral(name) + (folder ? "/" : "$");
            StringBuilder message = new StringBuilder()
                    .append(sources.get(first)).append(" is hidden (its name starts with a dot), and hidden contents are "
                            + "not published unless allowed: to publish them, set \"ContentsManager\": {\"allow_hidden\": "
                            + "true} in jupyter_lite_config.json; to leave ").append(folder ? "this folder" : "this file");
            if (fileRoots.contains(chosen.get(first))) {
                // ignore patterns apply inside folder roots only, as in the reference
                message.append(" out, remove it from LiteBuildConfig.contents");
            } else {
                message.append(" out, add \"LiteBuildConfig\": {\"extra_ignore_contents\": [\"")
                        .append(pattern.replace("\\", "\\\\")).append("\"]} there");
            }
            if (hidden.size() > 1) {
                List<String> others = hidden.stream().skip(1).limit(5).map(h -> FILES + "/" + h).toList();
                message.append(" (also hidden: ").append(String.join(", ", others))
                        .append(hidden.size() > 6 ? ", and " + (hidden.size() - 6) + " more" : "").append(')');
            }
            throw new LiteException(message.toString(), sources.get(first).toString(), null);
        }

        /** The path of the first hidden name in {@code rel} ({@code .binder} for {@code .binder/postBuild}), or null. */
        private static String hiddenPrefix(String rel) {
            int start = 0;
            while (start < rel.length()) {
                int end = rel.indexOf('/', start);
                end = end < 0 ? rel.length() : end;
                if (rel.charAt(start) == '.') {
                    return rel.substring(0, end);
                }
                start = end + 1;
            }
            return null;
        }

        /** The source of {@code prefix}, a leading part of {@code rel}, given the source of {@code rel}. */
        private static Path sourceOf(Path source, String rel, String prefix) {
            Path p = source;
            int below = rel.substring(prefix.length()).split("/", -1).length - 1;
            for (int i = 0; i < below && p.getParent() != null; i++) {
                p = p.getParent();
            }
            return p;
        }

        private static String regexLiteral(String name) {
            StringBuilder out = new StringBuilder();
            for (char c : name.toCharArray()) {
                if (".^$*+?()[]{}|\\".indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
            }
            return out.toString();
        }
    }

    /**
     * Names jupyter_server leaves out of every listing (its {@code ContentsManager.hide_globs}); jlite
     * leaves them out of the site too, so that what is published is what is listed.
     */
    static boolean hiddenByServer(String name) {
        return name.equals("__pycache__") || name.equals(".DS_Store") || name.endsWith(".pyc") || name.endsWith(".pyo")
                || name.endsWith("~");
    }

    private static String parentOf(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash + 1);
    }

    // --- the copy ----------------------------------------------------------------------------------

    private static void copy(TaskContext ctx, Scan scan, SortedMap<String, Path> plan) {
        Path files = ctx.options().outputDir().resolve(FILES);
        MessageDigest digest = FileOpsImpl.sha256();
        for (var e : plan.entrySet()) {
            Path target = files.resolve(e.getKey());
            ctx.files().copy(e.getValue(), target);
            Entry copied = Entry.of(target, e.getKey(), false, ctx.options().config().find(LiteBuildConfig.SOURCE_DATE_EPOCH));
            digest.update((e.getKey() + '\0' + copied.size() + '\0' + copied.time() + '\0' + copied.writable() + '\n')
                    .getBytes(StandardCharsets.UTF_8));
        }
        String copied = HexFormat.of().formatHex(digest.digest());
        // only the app's own contents: its listings are published as they are (see index)
        ctx.put(COPIED, scan.plan().isEmpty() && !plan.isEmpty() ? APP_ONLY + copied : copied);
    }

    // --- the listings ------------------------------------------------------------------------------

    /** One file or folder of {@code files/}, as a listing shows it. */
    record Entry(String path, boolean directory, Optional<Long> size, Instant time, boolean writable) {

        String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** Reads what a listing needs; times to the microsecond, as Python has them, clamped to SOURCE_DATE_EPOCH. */
        static Entry of(Path file, String path, boolean directory, Optional<Long> sourceDateEpoch) {
            try {
                BasicFileAttributes attrs;
                boolean writable;
                if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                    PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class);
                    attrs = posix;
                    writable = posix.permissions().contains(PosixFilePermission.OWNER_WRITE);
                } else {
                    attrs = Files.readAttributes(file, BasicFileAttributes.class);
                    writable = Files.isWritable(file);
                }
                Instant time = attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MICROS);
                if (sourceDateEpoch.isPresent() && time.isAfter(Instant.ofEpochSecond(sourceDateEpoch.get()))) {
                    time = Instant.ofEpochSecond(sourceDateEpoch.get());
                }
                return new Entry(path, directory, directory ? Optional.empty() : Optional.of(attrs.size()), time, writable);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    private static void index(TaskContext ctx, boolean allowHidden, List<String> appListings) {
        Path files = ctx.options().outputDir().resolve(FILES);
        Path api = ctx.options().outputDir().resolve(API);
        String copied = ctx.get(COPIED);
        if ((copied.equals(NOTHING_COPIED) || copied.startsWith(APP_ONLY)) && !appListings.isEmpty()) {
            // files/ and its listings both came with the app (an earlier site given as the app archive): its
            // listings are published as they are, so that such a site rebuilt reproduces itself byte for byte
            ctx.files().copyTree(appRoot(ctx).resolve(API), api, rel -> true);
            ctx.patch(ConfigPatch.set(ConfigPatch.ROOT, "/contentsAllJsonFile", JsonNodeFactory.instance.stringNode(ALL_JSON)));
            return;
        }
        Optional<Long> sde = ctx.options().config().find(LiteBuildConfig.SOURCE_DATE_EPOCH);
        List<String> listed = FileOpsImpl.walkFiles(files, rel -> listable(rel.substring(rel.lastIndexOf('/') + 1), allowHidden));
        if (listed.isEmpty()) {
            return; // no contents: no listing, and nothing points at one (the app would fetch it and get a 404)
        }
        // folder path ("" is files/ itself) -> its children by name
        Map<String, TreeMap<String, Entry>> folders = new TreeMap<>();
        folders.put("", new TreeMap<>(BY_CODE_POINT));
        for (String rel : listed) {
            String parent = "";
            int slash = -1;
            while ((slash = rel.indexOf('/', slash + 1)) > 0) {
                String folder = rel.substring(0, slash);
                if (!folders.containsKey(folder)) {
                    folders.put(folder, new TreeMap<>(BY_CODE_POINT));
                    // a placeholder; the folder's own entry is filled in below, once its children are known
                    folders.get(parent).put(folder.substring(parent.isEmpty() ? 0 : parent.length() + 1), null);
                }
                parent = folder;
            }
            Entry file = Entry.of(files.resolve(rel), rel, false, sde);
            folders.get(parent).put(file.name(), file);
        }
        // A folder's time is its newest child's: the copy's own folder times say only when the build ran.
        Map<String, Entry> folderEntries = new TreeMap<>();
        List<String> deepestFirst = new ArrayList<>(folders.keySet());
        deepestFirst.sort(Comparator.comparingInt((String f) -> f.isEmpty() ? 0 : f.split("/").length).reversed());
        for (String folder : deepestFirst) {
            TreeMap<String, Entry> children = folders.get(folder);
            for (var c : children.entrySet()) {
                if (c.getValue() == null) {
                    c.setValue(folderEntries.get(folder.isEmpty() ? c.getKey() : folder + "/" + c.getKey()));
                }
            }
            Instant newest = children.values().stream().map(Entry::time).max(Comparator.naturalOrder()).orElseThrow();
            Entry own = Entry.of(folder.isEmpty() ? files : files.resolve(folder), folder, true, sde);
            folderEntries.put(folder, new Entry(folder, true, Optional.empty(), newest, own.writable()));
        }
        for (String folder : folders.keySet()) {
            ObjectNode listing = model(folderEntries.get(folder));
            listing.put("format", "json");
            ArrayNode content = listing.putArray("content");
            folders.get(folder).values().forEach(child -> content.add(model(child)));
            Path target = (folder.isEmpty() ? api : api.resolve(folder)).resolve(ALL_JSON);
            ctx.files().write(target, ctx.json().bytes(listing));
        }
        ctx.patch(ConfigPatch.set(ConfigPatch.ROOT, "/contentsAllJsonFile", JsonNodeFactory.instance.stringNode(ALL_JSON)));
    }

    /** Whether jupyter_server lists a name: not one of its hidden globs, and not hidden unless allowed. */
    private static boolean listable(String name, boolean allowHidden) {
        return !hiddenByServer(name) && (allowHidden || !name.startsWith("."));
    }

    /**
     * A model without content, as jupyter_server's {@code get(path, content=False)} gives it. {@code created}
     * is the same as {@code last_modified}: the copy's own creation time is only when the build ran.
     */
    private static ObjectNode model(Entry e) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", e.name());
        n.put("path", e.path());
        boolean notebook = !e.directory() && e.path().endsWith(".ipynb");
        n.put("type", e.directory() ? "directory" : notebook ? "notebook" : "file");
        n.putNull("format");
        n.putNull("content");
        n.put("mimetype", e.directory() || notebook ? null : PythonMimeTypes.guess(e.name()).orElse(null));
        n.put("size", e.size().orElse(null));
        n.put("writable", e.writable());
        n.put("created", iso(e.time()));
        n.put("last_modified", iso(e.time()));
        n.putNull("hash");
        n.putNull("hash_algorithm");
        return n;
    }

    /** As jupyter-lite writes a UTC datetime: {@code isoformat()} (microseconds only when not zero) with {@code Z}. */
    static String iso(Instant time) {
        int micros = time.getNano() / 1000;
        return SECONDS.format(time) + (micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros)) + "Z";
    }
}
