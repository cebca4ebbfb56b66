package dev.jlite.core.internal.net;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.Charset;
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
import okhttp3.Call;
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

    /**
     * Tuning.
     *
     * @param deadline how long one download may take in all, its retries included, however slowly its bytes
     *                 come ({@code LiteBuildConfig.download_deadline})
     * @param maxBytes the largest body a download may have ({@code LiteBuildConfig.download_max_bytes})
     */
    public record Options(Duration connectTimeout, Duration readTimeout, int retries, Duration backoff, String userAgent,
                          Duration deadline, long maxBytes) {

        public static Options defaults(String version) {
            return new Options(Duration.ofSeconds(15), Duration.ofSeconds(30), 3, Duration.ofMillis(500), "jlite/" + version,
                    Duration.ofMinutes(30), 4L << 30);
        }

        public Options withTimeouts(Duration connect, Duration read) {
            return new Options(connect, read, retries, backoff, userAgent, deadline, maxBytes);
        }

        public Options withRetries(int count, Duration firstBackoff) {
            return new Options(connectTimeout, readTimeout, count, firstBackoff, userAgent, deadline, maxBytes);
        }

        public Options withLimits(Duration overall, long bytes) {
            return new Options(connectTimeout, readTimeout, retries, backoff, userAgent, overall, bytes);
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
                .socketFactory(new CountingSockets())
                .addNetworkInterceptor(chain -> {
                    Exchange exchange = chain.request().tag(Exchange.class);
                    if (exchange != null && chain.connection() != null) {
                        exchange.start(chain.connection().socket());
                    }
                    return chain.proceed(chain.request());
                })
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

    /**
     * Streams {@code url} into {@code target} (replaced), retrying as configured, within the deadline and
     * the size cap; a body that is shorter or longer than its {@code Content-Length} is refused.
     */
    public Fetched download(String url, Path target) {
        // identity: the bytes counted on the wire are the body's, as Content-Length counts them
        Request request = request(url, "*/*").newBuilder().header("Accept-Encoding", "identity").build();
        return exchange(url, request, false, (response, exchange) -> save(redact(url), response, target, exchange))
                .orElseThrow();
    }

    /** Reads a successful response; an {@link IOException} is retried like a failed connection. */
    private interface OnSuccess<T> {
        T read(Response response, Exchange exchange) throws IOException;
    }

    /**
     * Sends {@code request} until it succeeds, retrying connection failures and retryable statuses with backoff, all
     * within the deadline: the answer read by {@code onSuccess}, or empty for 404 and 410 when {@code absentIsEmpty}.
     */
    private <T> Optional<T> exchange(String url, Request request, boolean absentIsEmpty, OnSuccess<T> onSuccess) {
        String shown = redact(url);
        long deadline = System.nanoTime() + options.deadline().toNanos();
        Failure last = null;
        for (int attempt = 0; attempt <= options.retries(); attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw pastDeadline(shown);
            }
            Exchange exchange = new Exchange();
            Call call = client.newCall(request.newBuilder().tag(Exchange.class, exchange).build());
            call.timeout().timeout(left, TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                if (response.isSuccessful()) {
                    return Optional.of(onSuccess.read(response, exchange));
                }
                if (absentIsEmpty && (response.code() == 404 || response.code() == 410)) {
                    return Optional.empty();
                }
                last = new Failure("HTTP " + response.code() + reason(response), response.code());
                if (!retryable(response.code())) {
                    throw new LiteException(shown + ": " + last.text() + hint(response.code()), shown, null);
                }
            } catch (IOException e) {
                if (System.nanoTime() - deadline >= 0 || call.isCanceled()) {
                    throw pastDeadline(shown);
                }
                last = new Failure(describe(e), 0);
            }
        }
        throw new LiteException(shown + ": " + last.text() + " (" + (options.retries() + 1) + " attempts); "
                + (last.status() >= 500 ? "the server is failing, try again later"
                : "check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) or the URL"), shown, null);
    }

    private LiteException pastDeadline(String shown) {
        return new LiteException(shown + ": not finished within " + options.deadline().toSeconds() + " s, the deadline of "
                + "one download (LiteBuildConfig.download_deadline); the server is too slow, or raise the deadline", shown, null);
    }

    /** The largest text answer (an index page) read into memory: the JSON of the largest projects is some MB. */
    public static final int MAX_TEXT = 64 << 20;

    /** Fetches a text resource (an index page), with the same retries, deadline and a cap of {@link #MAX_TEXT} (or the
     * download limit, if lower). */
    public Text text(String url, String accept) {
        return text(url, accept, false).orElseThrow();
    }

    /** As {@link #text}, but empty where the server says there is no such page (404, 410): a project an index lacks. */
    public Optional<Text> textIfFound(String url, String accept) {
        return text(url, accept, true);
    }

    private Optional<Text> text(String url, String accept, boolean absentIsEmpty) {
        String shown = redact(url);
        return exchange(url, request(url, accept), absentIsEmpty, (response, exchange) -> {
            ResponseBody body = response.body();
            int cap = (int) Math.min(MAX_TEXT, options.maxBytes());
            byte[] bytes;
            try (InputStream in = body.byteStream()) {
                bytes = in.readNBytes(cap + 1);
            }
            if (bytes.length > cap) {
                throw new LiteException(shown + ": an index page larger than " + cap + " bytes, more than any index "
                        + "sends; check the URL, or the server", shown, null);
            }
            Charset charset = Optional.ofNullable(body.contentType())
                    .map(t -> t.charset(StandardCharsets.UTF_8)).orElse(StandardCharsets.UTF_8);
            return new Text(new String(bytes, charset), Optional.ofNullable(response.header("Content-Type")).orElse(""),
                    response.request().url().toString());
        });
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

    private Fetched save(String shown, Response response, Path target, Exchange exchange) throws IOException {
        ResponseBody body = response.body();
        long expected = body.contentLength();
        if (expected > options.maxBytes()) {
            throw tooLarge(shown, "the server says it is " + expected + " bytes");
        }
        MessageDigest sha = FileOpsImpl.sha256();
        long done = 0;
        long reported = 0;
        byte[] buffer = new byte[1 << 16];
        OutputStream out = writing(target, () -> {
            Files.createDirectories(target.getParent());
            return Files.newOutputStream(target);
        });
        try (InputStream in = body.byteStream(); out) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                done += n;
                if (done > options.maxBytes()) {
                    throw tooLarge(shown, "it sends more than that");
                }
                int length = n;
                writing(target, () -> {
                    out.write(buffer, 0, length);
                    return null;
                });
                sha.update(buffer, 0, n);
                if (done - reported >= PROGRESS_STEP) {
                    progress.update(shown, done, expected);
                    reported = done;
                }
            }
        }
        if (expected >= 0 && done != expected) {
            throw new IOException("the body ended after " + done + " of " + expected + " bytes");
        }
        if (expected >= 0 && exchange.overran(done)) {
            throw new LiteException(shown + ": the server sent more than the " + expected + " bytes its Content-Length "
                    + "announced; the answer is not trusted and nothing was cached. Check the server, or any proxy between",
                    shown, null);
        }
        progress.update(shown, done, done);
        return new Fetched(response.request().url().toString(), done, HexFormat.of().formatHex(sha.digest()),
                fileName(response));
    }

    private LiteException tooLarge(String shown, String why) {
        return new LiteException(shown + ": larger than " + options.maxBytes() + " bytes, the limit of one download "
                + "(LiteBuildConfig.download_max_bytes): " + why + "; raise the limit if the file is meant to be that large",
                shown, null);
    }

    private interface Write<T> {
        T run() throws IOException;
    }

    /** A write to the download's file: its failure (a full disk) is reported as such and not retried. */
    private static <T> T writing(Path target, Write<T> step) {
        try {
            return step.run();
        } catch (IOException e) {
            throw new LiteException("cannot write a download to " + target + ": " + FileOpsImpl.reason(e)
                    + "; free some space, or choose another cache folder (--cache-dir)", target.toString(), e);
        }
    }

    /** The name a download is kept under: Content-Disposition's filename, else the URL's last segment. */
    static String fileName(Response response) {
        String disposition = response.header("Content-Disposition");
        if (disposition != null) {
            for (String part : disposition.split(";")) {
                String p = part.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("filename=")) {
                    String safe = safeName(p.substring("filename=".length()).replace("\"", ""));
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

    /** The most characters a kept name has: file systems allow 255 bytes, and UTF-8 takes up to 3 a character here. */
    static final int MAX_NAME = 80;

    private static String safeName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String clean = base.equals(".") || base.equals("..") ? "" : base.replaceAll("[\\x00-\\x1f]", "");
        if (clean.length() <= MAX_NAME) {
            return clean;
        }
        // too long to store: the start of its stem and its suffix (.tar.gz, .whl), which say what it is
        int dot = clean.indexOf('.', Math.max(0, clean.length() - 16));
        String suffix = dot < 0 ? "" : clean.substring(dot);
        return clean.substring(0, MAX_NAME - suffix.length()) + suffix;
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

    /**
     * One download's exchange on the wire, for plain HTTP: how many bytes the client read from the socket
     * past the end of the response's headers. OkHttp stops at {@code Content-Length}; what a lying server
     * sends beyond it shows here (read ahead into the client's buffer, or waiting on the socket). Over TLS the
     * socket carries ciphertext, so nothing is counted and only the length itself is checked.
     */
    static final class Exchange {
        private CountingSockets.Message message;

        void start(Socket s) {
            if (s instanceof CountingSockets.Counted counted) {
                message = counted.startMessage();
            }
        }

        boolean overran(long body) {
            return message != null && message.pastHeaders() > body;
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
