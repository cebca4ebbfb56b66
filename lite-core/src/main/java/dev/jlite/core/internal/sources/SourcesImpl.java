package dev.jlite.core.internal.sources;

import dev.jlite.core.RemoteFetcher;
import dev.jlite.core.internal.archive.ArchivesImpl;
import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.internal.net.HttpFetcher;
import dev.jlite.core.internal.net.NpmClient;
import dev.jlite.core.spi.LiteException;
import dev.jlite.core.spi.Sources;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Resolves source specs: local paths and {@code file:} URIs as they are; {@code http(s):},
 * {@code npm:} and {@code pypi:} through the download cache, fetching what it lacks unless offline.
 * Sub-paths ({@code !/}) unpack archives through the unpack cache; pins ({@code #sha256=}) are checked
 * before anything is cached.
 */
public final class SourcesImpl implements Sources, AutoCloseable {

    /**
     * How remote sources are fetched.
     *
     * @param refetch fetch again what the cache already holds ({@code jlite fetch --force}); the new bytes
     *                replace the cache's record of the source, pins still apply
     */
    public record Remote(HttpFetcher.Options http, PipConfig pip, int parallel, boolean offline,
                         boolean readOnly, boolean refetch) {

        public Remote(HttpFetcher.Options http, PipConfig pip, int parallel, boolean offline, boolean readOnly) {
            this(http, pip, parallel, offline, readOnly, false);
        }
    }

    private final Path liteDir;
    private final ArchivesImpl archives;
    private final DownloadCache cache;
    private final Remote remote;
    private final Supplier<HttpFetcher> fetcherFactory;
    private final NpmClient npm;
    /** Asked before the network (tests, embedding); {@link RemoteFetcher#NONE} leaves every fetch as it is. */
    private final RemoteFetcher standIn;
    private HttpFetcher fetcher;
    private ExecutorService pool;

    public SourcesImpl(Path liteDir, Path cacheDir, ArchivesImpl archives, Remote remote, Supplier<HttpFetcher> fetcher,
                       NpmClient npm) {
        this(liteDir, cacheDir, archives, remote, fetcher, npm, RemoteFetcher.NONE);
    }

    public SourcesImpl(Path liteDir, Path cacheDir, ArchivesImpl archives, Remote remote, Supplier<HttpFetcher> fetcher,
                       NpmClient npm, RemoteFetcher standIn) {
        this.liteDir = liteDir;
        this.archives = archives;
        this.cache = new DownloadCache(cacheDir);
        this.remote = remote;
        this.fetcherFactory = fetcher;
        this.npm = npm;
        this.standIn = standIn;
    }

    @Override
    public Path resolve(String text) {
        SourceSpec spec = SourceSpec.parse(text);
        String scheme = spec.scheme().orElse("");
        Path file = switch (scheme) {
            case "", "file" -> local(spec);
            case "http", "https", "npm", "pypi" -> remote(spec, scheme);
            default -> throw new LiteException(text + ": '" + scheme + ":' is not a kind of source jlite knows (use a path, "
                    + "file:, http(s):, npm: or pypi:)", text, null);
        };
        if (spec.subPath().isEmpty()) {
            return file;
        }
        Path base = Files.isDirectory(file) ? file : unpack(spec, file);
        if (scheme.equals("npm") && Files.isDirectory(base.resolve("package"))) {
            base = base.resolve("package"); // npm tarballs keep everything under package/
        }
        Path inside = base.resolve(spec.subPath().get()).normalize();
        if (!inside.startsWith(base) || !Files.exists(inside)) {
            throw new LiteException(text + ": there is no " + spec.subPath().get() + " inside " + (scheme.equals("npm")
                    ? "the package" : file.toString()), text, null);
        }
        return inside;
    }

    @Override
    public List<Path> resolveAll(List<String> specs) {
        if (specs.size() <= 1 || remote.parallel() <= 1) {
            return collect(specs.stream().map(s -> (Supplier<Path>) () -> resolve(s)).toList(), specs);
        }
        ExecutorService p = pool();
        // toList() is eager: every task is submitted before the first get()
        List<Future<Path>> futures = specs.stream().map(s -> p.submit(() -> resolve(s))).toList();
        List<Supplier<Path>> results = futures.stream().<Supplier<Path>>map(f -> () -> {
            try {
                return f.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LiteException("interrupted while fetching sources");
            }
        }).toList();
        return collect(results, specs);
    }

    /** Every result, or one exception naming every spec that failed. */
    private static List<Path> collect(List<Supplier<Path>> results, List<String> specs) {
        List<Path> out = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        LiteException first = null;
        for (int i = 0; i < results.size(); i++) {
            try {
                out.add(results.get(i).get());
            } catch (OfflineMiss e) {
                missing.add(specs.get(i));
            } catch (LiteException e) {
                failures.add(e.getMessage());
                first = first == null ? e : first;
            }
        }
        if (!missing.isEmpty()) {
            failures.add(0, OfflineMiss.message(missing));
        }
        if (failures.size() == 1 && first != null) {
            throw first;
        }
        if (!failures.isEmpty()) {
            throw new LiteException(String.join("; and ", failures), missing.isEmpty() ? null : missing.get(0), null);
        }
        return out;
    }

    private Path local(SourceSpec spec) {
        Path local = spec.scheme().isEmpty() ? liteDir.resolve(spec.location()).normalize() : fileUri(spec);
        if (!Files.exists(local)) {
            throw new LiteException(spec.text() + ": " + local + " does not exist", spec.text(), null);
        }
        spec.sha256().ifPresent(expected -> {
            if (!Files.isRegularFile(local)) {
                throw new LiteException(spec.text() + ": #sha256= pins a file, but " + local + " is a folder", spec.text(), null);
            }
            String actual = FileOpsImpl.sha256Of(local);
            if (!actual.equals(expected)) {
                throw new LiteException(spec.text() + ": sha256 of " + local + " is " + actual + ", not the pinned " + expected
                        + "; check the file, or update the pin", spec.text(), null);
            }
        });
        return local;
    }

    private Path fileUri(SourceSpec spec) {
        try {
            String path = new URI(spec.location()).getPath();
            if (path == null || path.isEmpty()) {
                throw new LiteException(spec.text() + ": a file: source needs an absolute path, as file:/abs/path or "
                        + "file:///abs/path (a relative path needs no file:)", spec.text(), null);
            }
            return liteDir.getFileSystem().getPath(path);
        } catch (URISyntaxException e) {
            throw new LiteException(spec.text() + ": not a valid file: URI (" + e.getReason() + ")", spec.text(), e);
        }
    }

    private Path unpack(SourceSpec spec, Path file) {
        if (!archives.isArchive(file) && !spec.scheme().orElse("").equals("npm")) {
            throw new LiteException(spec.text() + ": !/ needs an archive or a folder, but " + file + " is neither",
                    spec.text(), null);
        }
        try {
            return archives.unpackCached(file);
        } catch (LiteException e) {
            if (remote.readOnly()) {
                throw new LiteException(spec.text() + " is not unpacked in the cache yet", spec.text(), e);
            }
            throw e;
        }
    }

    /** The cache key of a remote spec: what identifies its content, without credentials, pin or sub-path. */
    private String key(SourceSpec spec, String scheme) {
        return switch (scheme) {
            // A stand-in may serve pypi: without any index; without one, a missing index is an error here, as before.
            case "pypi" -> spec.location() + " from " + (standIn == RemoteFetcher.NONE || !remote.pip().places().isEmpty()
                    ? String.join(", ", pypiPlaces(spec).stream().map(HttpFetcher::redact).toList()) : "no index");
            case "npm" -> spec.location();
            default -> HttpFetcher.redact(spec.location());
        };
    }

    private Path remote(SourceSpec spec, String scheme) {
        String key = key(spec, scheme);
        if (remote.refetch() && !remote.offline() && !remote.readOnly()) {
            return cache.locked(key, () -> fetch(spec, scheme, key));
        }
        Optional<Path> hit = cached(spec, key);
        if (hit.isPresent()) {
            return hit.get();
        }
        if (remote.readOnly()) {
            throw new LiteException(spec.text() + " is not in the cache yet", spec.text(), null);
        }
        if (remote.offline()) {
            throw new OfflineMiss(spec.text());
        }
        return cache.locked(key, () -> cached(spec, key).orElseGet(() -> fetch(spec, scheme, key)));
    }

    /** A cached file for the spec: by its index entry (matching the pin, if any), or by the pinned digest. */
    private Optional<Path> cached(SourceSpec spec, String key) {
        Optional<DownloadCache.Entry> entry = cache.entry(key);
        if (spec.sha256().isPresent()) {
            String pin = spec.sha256().get();
            if (entry.isPresent() && entry.get().sha256().equals(pin)) {
                return cache.lookup(key);
            }
            Optional<Path> same = cache.byDigest(pin);
            same.ifPresent(f -> cache.remember(key, f, pin));
            return same;
        }
        return cache.lookup(key);
    }

    private Path fetch(SourceSpec spec, String scheme, String key) {
        if (standIn != RemoteFetcher.NONE) {
            Optional<Path> served = serve(spec, key);
            if (served.isPresent()) {
                return served.get();
            }
        }
        return switch (scheme) {
            case "npm" -> fetchNpm(spec, key);
            case "pypi" -> fetchPypi(spec, key);
            default -> download(spec, spec.location(), spec.sha256(), key);
        };
    }

    private Path download(SourceSpec spec, String url, Optional<String> pin, String key) {
        Path temp = cache.newTemp();
        try {
            HttpFetcher.Fetched f = fetcher().download(url, temp);
            checkPin(spec, pin, f.sha256(), HttpFetcher.redact(url));
            return cache.store(key, temp, f.sha256(), f.fileName(), f.size());
        } finally {
            cache.discard(temp);
        }
    }

    /** What the stand-in serves, treated as a download: pinned, then cached by content. */
    private Optional<Path> serve(SourceSpec spec, String key) {
        Path temp = cache.newTemp();
        try {
            Optional<String> name = standIn.fetch(spec.location(), temp);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            if (!Files.isRegularFile(temp)) {
                throw new LiteException(spec.text() + ": the remote fetcher said it served it, but wrote nothing", spec.text(), null);
            }
            String fileName = name.get().substring(Math.max(name.get().lastIndexOf('/'), name.get().lastIndexOf('\\')) + 1);
            if (fileName.isBlank() || fileName.equals(".") || fileName.equals("..")) {
                fileName = "download";
            }
            String sha = FileOpsImpl.sha256Of(temp);
            checkPin(spec, spec.sha256(), sha, fileName);
            return Optional.of(cache.store(key, temp, sha, fileName, Files.size(temp)));
        } catch (IOException e) {
            throw new LiteException(spec.text() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), spec.text(), e);
        } finally {
            cache.discard(temp);
        }
    }

    private void checkPin(SourceSpec spec, Optional<String> pin, String actual, String what) {
        if (pin.isPresent() && !pin.get().equals(actual)) {
            throw new LiteException(spec.text() + ": sha256 of " + what + " is " + actual + ", not the pinned " + pin.get()
                    + "; nothing was cached. Check the source, or update the pin", spec.text(), null);
        }
    }

    private Path fetchNpm(SourceSpec spec, String key) {
        String packageSpec = spec.location().substring("npm:".length());
        if (packageSpec.isBlank()) {
            throw new LiteException(spec.text() + ": name a package, as npm:<package>@<version>", spec.text(), null);
        }
        NpmClient.Packed packed = npm.pack(packageSpec, spec.text());
        Path folder = packed.tarball().getParent();
        Path temp = cache.newTemp();
        try {
            Files.copy(packed.tarball(), temp, StandardCopyOption.REPLACE_EXISTING);
            String sha = FileOpsImpl.sha256Of(temp);
            checkPin(spec, spec.sha256(), sha, "the npm package");
            return cache.store(key, temp, sha, packed.tarball().getFileName().toString(), Files.size(temp));
        } catch (IOException e) {
            throw new LiteException("cannot copy the npm package " + packed.tarball().getFileName() + " into the cache: "
                    + FileOpsImpl.reason(e) + "; free some space or make it writable, or choose another cache folder "
                    + "(--cache-dir)", spec.text(), e);
        } finally {
            cache.discard(temp);
            NpmClient.cleanUp(folder);
        }
    }

    private Path fetchPypi(SourceSpec spec, String key) {
        String body = spec.location().substring("pypi:".length());
        int eq = body.indexOf("==");
        if (eq <= 0 || eq + 2 >= body.length()) {
            throw new LiteException(spec.text() + ": name an exact release, as pypi:<name>==<version>", spec.text(), null);
        }
        pypiPlaces(spec);
        PypiIndex.Wheel wheel = new PypiIndex(this::fetcher, liteDir.getFileSystem(), remote.pip()).find(body.substring(0, eq).trim(),
                body.substring(eq + 2).trim(), spec.text());
        Optional<String> pin = spec.sha256().or(wheel::sha256);
        Optional<Path> known = remote.refetch() ? Optional.empty() : pin.flatMap(cache::byDigest);
        if (known.isPresent()) {
            cache.remember(key, known.get(), pin.get());
            return known.get();
        }
        Path temp = cache.newTemp();
        try {
            HttpFetcher.Fetched f = wheel.isLocal() ? copy(spec, wheel, temp) : fetcher().download(wheel.url(), temp);
            if (wheel.sha256().isPresent() && !wheel.sha256().get().equals(f.sha256())) {
                throw new LiteException(spec.text() + ": " + wheel.fileName() + " does not match the sha256 the index gives ("
                        + f.sha256() + " instead of " + wheel.sha256().get() + "); nothing was cached", spec.text(), null);
            }
            checkPin(spec, spec.sha256(), f.sha256(), wheel.fileName());
            return cache.store(key, temp, f.sha256(), wheel.fileName(), f.size());
        } finally {
            cache.discard(temp);
        }
    }

    /** Where pip looks for {@code pypi:} releases, in its order; an error when it looks nowhere. */
    private List<String> pypiPlaces(SourceSpec spec) {
        List<String> places = remote.pip().places();
        if (places.isEmpty()) {
            throw new LiteException(spec.text() + ": no Python package index is configured; set PIP_INDEX_URL (or index-url "
                    + "in pip.conf, as pip reads it) or LiteBuildConfig.pypi_index_url to the index's simple URL, or give a "
                    + "folder of wheels as PIP_FIND_LINKS or LiteBuildConfig.pypi_find_links", spec.text(), null);
        }
        return places;
    }

    /** A wheel of a {@code file:} index or find-links, copied into the cache's temporary file as a download would be. */
    private HttpFetcher.Fetched copy(SourceSpec spec, PypiIndex.Wheel wheel, Path temp) {
        Path from = liteDir.getFileSystem().getPath(PypiIndex.path(wheel.url(), spec.text()));
        try {
            Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
            return new HttpFetcher.Fetched(wheel.url(), Files.size(temp), FileOpsImpl.sha256Of(temp), wheel.fileName());
        } catch (IOException e) {
            throw new LiteException(spec.text() + ": cannot copy " + from + " into the cache: " + FileOpsImpl.reason(e)
                    + "; check the file, free some space or choose another cache folder (--cache-dir)", spec.text(), e);
        }
    }

    private synchronized HttpFetcher fetcher() {
        if (fetcher == null) {
            fetcher = fetcherFactory.get();
        }
        return fetcher;
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(remote.parallel(), r -> {
                Thread t = new Thread(r, "jlite-fetch");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (fetcher != null) {
            fetcher.close();
        }
    }

    /** A remote source that is not cached while offline. */
    static final class OfflineMiss extends LiteException {
        private static final long serialVersionUID = 1L;

        OfflineMiss(String spec) {
            super(message(List.of(spec)), spec, null);
        }

        static String message(List<String> specs) {
            return (specs.size() == 1 ? specs.get(0) + " is" : "these sources are") + " not in the cache, and --offline "
                    + "forbids fetching" + (specs.size() == 1 ? " it" : ": " + String.join(", ", specs))
                    + "; run once without --offline to fill the cache";
        }
    }
}
