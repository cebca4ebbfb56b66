package dev.jlite.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on loopback ({@code 127.0.0.1}, a free port) for addon tests that need one: it serves
 * bytes at paths, records every request, and fails on demand (a status code, a delay, a truncated body, a
 * body that drips, one longer than it announced, one that never ends, a dropped connection), so that a
 * build's real download path (with its retries, timeouts, deadline, size cap and checks) can be exercised. Use it with a kit that is {@link LiteTestKit#online() online}:
 *
 * <pre>{@code
 * try (TestHttpServer server = TestHttpServer.start()) {
 *     server.serve("/app.tgz", TestApp.standard().tgz())
 *             .failNext("/app.tgz", TestHttpServer.Failure.status(503));
 *     LiteRun run = LiteTestKit.addons().online().appArchiveSpec(server.url("/app.tgz")).run(Command.BUILD);
 *     assertTrue(run.ok(), run::report);
 *     assertEquals(2, server.requests("/app.tgz").size());   // retried once
 * }
 * }</pre>
 *
 * <p>A path that serves nothing answers 404. Each connection carries one request ({@code Connection:
 * close}), and connections are handled on several threads, so a delayed answer does not hold up the others.
 *
 * <p>It writes HTTP/1.1 on a plain socket, not through {@code jdk.httpserver}: that server keeps every
 * answer honest (a body never longer or shorter than its {@code Content-Length}, every request answered),
 * which is exactly what the failures above must break.
 */
public final class TestHttpServer implements AutoCloseable {

    /**
     * One request the server received.
     *
     * @param method  e.g. {@code GET}
     * @param path    the request path, without the query
     * @param query   the query string, empty when there is none
     * @param headers the request headers, names in lower case, each with its first value
     */
    public record Request(String method, String path, String query, Map<String, String> headers) {

        /**
         * Copies the headers.
         *
         * @param method  the request method
         * @param path    the request path
         * @param query   the query string
         * @param headers the request headers
         */
        public Request {
            headers = Map.copyOf(headers);
        }
    }

    /** A way to answer a request badly. Make one with the factory methods. */
    public sealed interface Failure {

        /**
         * Answer with this status code (and a one-line body) instead of the content.
         *
         * @param code an HTTP status code, e.g. 404 or 503
         * @return the failure
         */
        static Failure status(int code) {
            return new Status(code);
        }

        /**
         * Wait this long, then answer as usual: longer than the build's read timeout, it is a timeout.
         *
         * @param delay how long to wait before answering
         * @return the failure
         */
        static Failure delay(Duration delay) {
            return new Delay(delay);
        }

        /**
         * Promise the whole content (its {@code Content-Length}) but send only its first half, then close.
         *
         * @return the failure
         */
        static Failure truncatedBody() {
            return new Truncated();
        }

        /**
         * Close the connection without answering.
         *
         * @return the failure
         */
        static Failure disconnect() {
            return new Disconnect();
        }

        /**
         * Promise the whole content, then send it one byte at a time, each after {@code every}: a server too
         * slow for any overall deadline, though never slow enough for a read timeout.
         *
         * @param every the pause before each byte
         * @return the failure
         */
        static Failure drip(Duration every) {
            return new Drip(every);
        }

        /**
         * Announce the content's length ({@code Content-Length}) but send {@code extra} more bytes after it, then
         * close: a body longer than it says.
         *
         * @param extra how many bytes to send past the announced length
         * @return the failure
         */
        static Failure overrun(int extra) {
            return new Overrun(extra);
        }

        /**
         * Answer 200 without a length and send zeros until the client hangs up: a body larger than any cap.
         *
         * @return the failure
         */
        static Failure endless() {
            return new Endless();
        }
    }

    private record Drip(Duration every) implements Failure {
    }

    private record Overrun(int extra) implements Failure {
    }

    private record Endless() implements Failure {
    }

    private record Status(int code) implements Failure {
    }

    private record Delay(Duration delay) implements Failure {
    }

    private record Truncated() implements Failure {
    }

    private record Disconnect() implements Failure {
    }

    private record Content(byte[] body, String contentType) {
    }

    private final ServerSocket socket;
    private final ExecutorService executor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Content> content = new HashMap<>();
    private final Map<String, Deque<Failure>> next = new HashMap<>();
    private final Map<String, Failure> always = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    private TestHttpServer(ServerSocket socket, ExecutorService executor) {
        this.socket = socket;
        this.executor = executor;
    }

    /**
     * Starts a server on {@code 127.0.0.1} and a free port.
     *
     * @return the running server; close it when done
     */
    public static TestHttpServer start() {
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http-server");
            t.setDaemon(true);
            return t;
        });
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TestHttpServer s = new TestHttpServer(socket, executor);
            executor.execute(s::accept);
            return s;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start a server on loopback", e);
        }
    }

    /**
     * Serves {@code body} at {@code path} (replacing what was there), as {@code application/octet-stream}.
     *
     * @param path an absolute path, e.g. {@code /pkg/app.tgz}
     * @param body the bytes to answer with
     * @return this server
     */
    public TestHttpServer serve(String path, byte[] body) {
        return serve(path, "application/octet-stream", body);
    }

    /**
     * Serves {@code body} at {@code path} (replacing what was there) with a content type.
     *
     * @param path        an absolute path, e.g. {@code /simple/demo/}
     * @param contentType the {@code Content-Type} to answer with
     * @param body        the bytes to answer with
     * @return this server
     */
    public synchronized TestHttpServer serve(String path, String contentType, byte[] body) {
        content.put(checked(path), new Content(body.clone(), Objects.requireNonNull(contentType)));
        return this;
    }

    /**
     * Serves text at {@code path}, as UTF-8 with a content type.
     *
     * @param path        an absolute path
     * @param contentType the {@code Content-Type} to answer with (a charset is added)
     * @param text        the text to answer with
     * @return this server
     */
    public TestHttpServer serveText(String path, String contentType, String text) {
        return serve(path, contentType + "; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers the next requests of {@code path} badly, one failure per request in the order given; later
     * requests are answered as usual.
     *
     * @param path     an absolute path
     * @param failures what to do to the next requests
     * @return this server
     */
    public synchronized TestHttpServer failNext(String path, Failure... failures) {
        Deque<Failure> queue = next.computeIfAbsent(checked(path), p -> new ArrayDeque<>());
        for (Failure f : failures) {
            queue.add(Objects.requireNonNull(f));
        }
        return this;
    }

    /**
     * Answers every request of {@code path} badly, after those queued with {@link #failNext}.
     *
     * @param path    an absolute path
     * @param failure what to do to every request
     * @return this server
     */
    public synchronized TestHttpServer failAlways(String path, Failure failure) {
        always.put(checked(path), Objects.requireNonNull(failure));
        return this;
    }

    /**
     * The URL of a path on this server, e.g. {@code http://127.0.0.1:41234/app.tgz}.
     *
     * @param path an absolute path, optionally with a query
     * @return the URL, as a source spec can give it
     */
    public String url(String path) {
        return baseUri().resolve(checked(path)).toString();
    }

    /**
     * The server's root URL, {@code http://127.0.0.1:<port>/}.
     *
     * @return the root URL
     */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }

    /**
     * Every request received so far, in order.
     *
     * @return the requests
     */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * The requests of one path received so far, in order.
     *
     * @param path an absolute path, without a query
     * @return the requests of {@code path}
     */
    public synchronized List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Stops the server at once, dropping any request in progress. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String checked(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path on the server starts with /: " + path);
        }
        return path;
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(client);
            try {
                executor.execute(() -> {
                    try {
                        handle(client);
                    } catch (IOException e) {
                        // the client went away, or an answer was cut short on purpose
                    } finally {
                        open.remove(client);
                        closeQuietly(client);
                    }
                });
            } catch (RejectedExecutionException e) {
                open.remove(client);
                closeQuietly(client);
                return;
            }
        }
    }

    /** One request per connection: every answer says {@code Connection: close}, so clients never reuse it. */
    private void handle(Socket client) throws IOException {
        client.setSoTimeout(30_000);
        InputStream in = new BufferedInputStream(client.getInputStream());
        String requestLine = line(in);
        String[] parts = requestLine.split(" ");
        if (parts.length < 3) {
            return;
        }
        Map<String, String> headers = new TreeMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        in.skipNBytes(length);
        URI target = URI.create(parts[1]);
        String path = target.getPath() == null ? parts[1] : target.getPath();
        Content c;
        Optional<Failure> failure;
        synchronized (this) {
            requests.add(new Request(parts[0], path, Optional.ofNullable(target.getRawQuery()).orElse(""), headers));
            c = content.get(path);
            Deque<Failure> queue = next.get(path);
            failure = queue != null && !queue.isEmpty() ? Optional.of(queue.poll()) : Optional.ofNullable(always.get(path));
        }
        OutputStream out = client.getOutputStream();
        boolean head = parts[0].equalsIgnoreCase("HEAD");
        if (failure.isPresent()) {
            Failure f = failure.get();
            if (f instanceof Disconnect) {
                return;
            }
            if (f instanceof Status s) {
                answer(out, s.code(), "text/plain; charset=utf-8", ("status " + s.code() + " for " + path + "\n")
                        .getBytes(StandardCharsets.UTF_8), head);
                return;
            }
            if (f instanceof Delay d) {
                try {
                    Thread.sleep(d.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else if (f instanceof Endless) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] zeros = new byte[1 << 16];
                while (!Thread.currentThread().isInterrupted()) {
                    out.write(zeros); // until the client hangs up (an IOException here)
                }
                return;
            } else if (f instanceof Drip d && c != null) {
                out.write(headers(200, c.contentType(), c.body().length));
                out.flush();
                for (byte b : c.body()) {
                    try {
                        Thread.sleep(d.every().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    out.write(b);
                    out.flush();
                }
                return;
            } else if (f instanceof Overrun o && c != null) {
                // one write, so the extra bytes arrive with the body, as a lying server's do
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.write(headers(200, c.contentType(), c.body().length));
                all.write(c.body());
                all.write(new byte[o.extra()]);
                out.write(all.toByteArray());
                out.flush();
                return;
            } else if (f instanceof Truncated && c != null) {
                out.write(headers(200, c.contentType(), c.body().length));
                out.write(c.body(), 0, c.body().length / 2);
                out.flush();
                return;
            }
        }
        if (c == null) {
            answer(out, 404, "text/plain; charset=utf-8", ("nothing at " + path + "\n").getBytes(StandardCharsets.UTF_8), head);
        } else {
            answer(out, 200, c.contentType(), c.body(), head);
        }
    }

    private static void answer(OutputStream out, int status, String contentType, byte[] body, boolean head) throws IOException {
        out.write(headers(status, contentType, body.length));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    private static byte[] headers(int status, String contentType, long length) {
        return ("HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Status") + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"), Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(408, "Request Timeout"),
            Map.entry(410, "Gone"), Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    /** A header line, without its CRLF; empty at the end of the headers (or of the stream). */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
