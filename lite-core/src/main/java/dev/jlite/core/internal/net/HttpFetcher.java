package dev.jlite.core.internal.net;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Downloads over HTTP(S) with OkHttp: timeouts, retries with exponential backoff on connection errors,
 * timeouts, truncated bodies and 5xx/429 answers (never on other 4xx), proxies from the environment,
 * credentials from the URL or {@code .netrc}. Bodies stream to a file while their sha256 is computed.
 * Together with {@link NpmClient}, the one part of jlite that reaches the network.
 */
public final class HttpFetcher implements AutoCloseable {

    /** Tuning. */
    public record Options(Duration connectTimeout, Duration readTimeout, int retries, Duration backoff, String userAgent) {

        public static Options defaults(String version) {
            return new Options(Duration.ofSeconds(15), Duration.ofSeconds(30), 3, Duration.ofMillis(500), "jlite/" + version);
        }

        public Options withTimeouts(Duration connect, Duration read) {
            return new Options(connect, read, retries, backoff, userAgent);
        }

        public Options withRetries(int count, Duration firstBackoff) {
            return new Options(connectTimeout, readTimeout, count, firstBackoff, userAgent);
        }
    }

    /** Hears how a download goes. {@code total} is -1 when the server does not say. */
    public interface Progress {
        void update(String label, long done, long total);
    }

    /** A finished download. */
    public record Fetched(String url, long size, String sha256, String fileName) {
    }

    /** A text answer, e.g. an index page. */
    public record Text(String body, String contentType, String url) {
    }

    private static final int PROGRESS_STEP = 1 << 18;

    private final OkHttpClient client;
    private final Options options;
    private final Netrc netrc;
    private final Progress progress;

    public HttpFetcher(Options options, Map<String, String> env, Netrc netrc, Progress progress) {
        this.options = options;
        this.netrc = netrc;
        this.progress = progress;
        EnvProxySelector proxies = new EnvProxySelector(env);
        this.client = new OkHttpClient.Builder()
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                // OkHttp's own retry covers a pooled connection the server closed meanwhile (no data lost);
                // every other failure is retried by us, counted and reported.
                .retryOnConnectionFailure(true)
                .followRedirects(true)
                .followSslRedirects(true)
                .proxySelector(proxies)
                .proxyAuthenticator((route, response) -> {
                    if (route == null || response.request().header("Proxy-Authorization") != null) {
                        return null;
                    }
                    Optional<URI> proxy = proxies.proxyFor(response.request().url().uri());
                    if (proxy.isEmpty() || proxy.get().getUserInfo() == null) {
                        return null;
                    }
                    String[] user = proxy.get().getUserInfo().split(":", 2);
                    return response.request().newBuilder().header("Proxy-Authorization",
                            Credentials.basic(decode(user[0]), user.length > 1 ? decode(user[1]) : "")).build();
                })
                .build();
    }

    /** Streams {@code url} into {@code target} (replaced), retrying as configured. */
    public Fetched download(String url, Path target) {
        Request request = request(url, "*/*");
        String shown = redact(url);
        Failure last = null;
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            try (Response response = client.newCall(request).execute()) {
                if (response.isSuccessful()) {
                    return save(shown, response, target);
                }
                last = new Failure("HTTP " + response.code() + reason(response), response.code());
                if (!retryable(response.code())) {
                    throw new LiteException(shown + ": " + last.text() + hint(response.code()), shown, null);
                }
            } catch (IOException e) {
                last = new Failure(describe(e), 0);
            }
        }
        throw new LiteException(shown + ": " + last.text() + " (" + (options.retries() + 1) + " attempts); "
                + (last.status() >= 500 ? "the server is failing, try again later"
                : "check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) or the URL"), shown, null);
    }

    /** Fetches a text resource (an index page), with the same retries. */
    public Text text(String url, String accept) {
        Request request = request(url, accept);
        String shown = redact(url);
        Failure last = null;
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            try (Response response = client.newCall(request).execute()) {
                if (response.isSuccessful()) {
                    ResponseBody body = response.body();
                    return new Text(body.string(), Optional.ofNullable(response.header("Content-Type")).orElse(""),
                            response.request().url().toString());
                }
                last = new Failure("HTTP " + response.code() + reason(response), response.code());
                if (!retryable(response.code())) {
                    throw new LiteException(shown + ": " + last.text() + hint(response.code()), shown, null);
                }
            } catch (IOException e) {
                last = new Failure(describe(e), 0);
            }
        }
        throw new LiteException(shown + ": " + last.text() + " (" + (options.retries() + 1) + " attempts); check the "
                + "network, the proxy settings (HTTPS_PROXY, NO_PROXY) or the URL", shown, null);
    }

    private record Failure(String text, int status) {
    }

    private Request request(String url, String accept) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new LiteException(redact(url) + " is not an http(s) URL", redact(url), null);
        }
        Request.Builder b = new Request.Builder().header("User-Agent", options.userAgent()).header("Accept", accept);
        if (!parsed.username().isEmpty()) {
            b.header("Authorization", Credentials.basic(parsed.username(), parsed.password()));
            parsed = parsed.newBuilder().username("").password("").build();
        } else {
            netrc.forHost(parsed.host()).ifPresent(c -> b.header("Authorization", Credentials.basic(c.login(), c.password())));
        }
        return b.url(parsed).build();
    }

    private Fetched save(String shown, Response response, Path target) throws IOException {
        ResponseBody body = response.body();
        long expected = body.contentLength();
        MessageDigest sha = FileOpsImpl.sha256();
        long done = 0;
        long reported = 0;
        byte[] buffer = new byte[1 << 16];
        Files.createDirectories(target.getParent());
        try (InputStream in = body.byteStream(); OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
                done += n;
                if (done - reported >= PROGRESS_STEP) {
                    progress.update(shown, done, expected);
                    reported = done;
                }
            }
        }
        if (expected >= 0 && done != expected) {
            throw new IOException("the body ended after " + done + " of " + expected + " bytes");
        }
        progress.update(shown, done, done);
        return new Fetched(response.request().url().toString(), done, HexFormat.of().formatHex(sha.digest()),
                fileName(response));
    }

    /** The name a download is kept under: Content-Disposition's filename, else the URL's last segment. */
    static String fileName(Response response) {
        String disposition = response.header("Content-Disposition");
        if (disposition != null) {
            for (String part : disposition.split(";")) {
                String p = part.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("filename=")) {
                    String name = p.substring("filename=".length()).replace("\"", "");
                    String safe = safeName(name);
                    if (!safe.isEmpty()) {
                        return safe;
                    }
                }
            }
        }
        var segments = response.request().url().pathSegments();
        String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
        String safe = safeName(last);
        return safe.isEmpty() ? "download" : safe;
    }

    private static String safeName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        return base.equals(".") || base.equals("..") ? "" : base.replaceAll("[\\x00-\\x1f]", "");
    }

    private static boolean retryable(int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    private static String reason(Response response) {
        String m = response.message();
        return m == null || m.isBlank() ? "" : " " + m;
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> "; the server wants credentials: put them in the URL or in ~/.netrc";
            case 404, 410 -> "; check the URL";
            default -> "";
        };
    }

    private static String describe(IOException e) {
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
            return "timed out";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private void pause(int attempt) {
        long millis = options.backoff().toMillis() << Math.min(attempt - 1, 6);
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiteException("interrupted while waiting to retry a download");
        }
    }

    /** A URL without its user-info, fit for messages and logs. */
    public static String redact(String url) {
        int scheme = url.indexOf("://");
        int at = url.indexOf('@');
        int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
            return url.substring(0, scheme + 3) + url.substring(at + 1);
        }
        return url;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
