package dev.jlite.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Headless Chromium (Debian's {@code /usr/bin/chromium}, or {@code $JLITE_CHROMIUM}) driven over the
 * DevTools protocol with the JDK's own HTTP client and WebSocket: no driver, no browser download. Every
 * request to a host other than loopback goes to the given proxy, which is how a test sees it.
 */
final class Chromium implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

    /** When the process was started ({@link System#nanoTime}). */
    private final long started;

    private Chromium(Process process, Path log, int port, long started) {
        this.started = started;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static Path binary() {
        Path binary = Path.of(System.getenv().getOrDefault("JLITE_CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is not there: install Debian's chromium (apt-get install chromium), "
                    + "or name another build of it in JLITE_CHROMIUM");
        }
        return binary;
    }

    /**
     * Starts Chromium with a fresh profile in {@code dir}, and every request that does not go to loopback sent
     * to {@code proxyPort} on loopback. The browser's own traffic (time queries, account and push-messaging
     * check-ins, search eligibility, predictions) is switched off, or its services pointed at a closed
     * loopback port, so that whatever reaches the proxy came from the pages.
     */
    static Chromium start(Path dir, int proxyPort) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Files.createDirectories(profile.resolve("Default"));
        Files.writeString(profile.resolve("Default/Preferences"), "{\"net\": {\"network_prediction_options\": 2}, "
                + "\"search\": {\"suggest_enabled\": false}, \"safebrowsing\": {\"enabled\": false}}");
        Path log = dir.resolve("chromium.log");
        String nowhere = "http://127.0.0.1:9/";
        List<String> command = List.of(binary().toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-default-browser-check", "--mute-audio",
                "--disable-breakpad", "--disable-client-side-phishing-detection", "--disable-component-extensions-with-background-pages",
                "--disable-field-trial-config", "--metrics-recording-only", "--disable-search-engine-choice-screen",
                "--password-store=basic", "--use-mock-keychain",
                "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,NetworkTimeServiceQuerying,"
                        + "AimEligibilityService,AimServerEligibilityEnabled,AimServerRequestOnStartupEnabled,AimEnabled,GCMProfileService,"
                        + "CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,PrivacySandboxSettings4,"
                        + "SafeBrowsingBetterTelemetryAcrossReports,DialMediaRouteProvider",
                "--gaia-url=" + nowhere, "--gcm-checkin-url=" + nowhere + "checkin", "--gcm-registration-url=" + nowhere + "register",
                "--gcm-mcs-endpoint=" + nowhere + "mcs",
                "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
                // what Chromium fetches on its own: safe-browsing lists, variations, reliability reports, pings
                "--safebrowsing-disable-auto-update", "--variations-server-url=" + nowhere, "--disable-domain-reliability",
                "--no-pings", "--dns-prefetch-disable", "--no-service-autorun",
                // --disable-component-update still asks the update service about its components once: send it nowhere
                "--component-updater=url-source=" + nowhere + "service/update2",
                "--proxy-server=http://127.0.0.1:" + proxyPort,
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank");
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("Chromium did not start; its output:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return new Chromium(p, log, Integer.parseInt(Files.readAllLines(portFile).get(0).trim()), started);
    }

    /** A new tab, driven over its own DevTools connection. */
    Page open() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
                .PUT(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode target = JSON.readTree(r.body());
        Page page = new Page(target.path("id").asString());
        page.socket = http.newWebSocketBuilder().buildAsync(URI.create(target.path("webSocketDebuggerUrl").asString()), page.listener)
                .get(30, TimeUnit.SECONDS);
        page.call("Page.enable", Map.of());
        page.call("Runtime.enable", Map.of());
        page.call("Network.enable", Map.of());
        return page;
    }

    /** How long ago the browser was started. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One tab: navigation, evaluation, and what it requested and logged. */
    final class Page implements AutoCloseable {
        private final String id;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        /** Every URL the page (not its workers) asked for, in order. */
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        /** Requests of the page under way (sent, neither finished nor failed), by id. */
        private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
        /** How many network events the page had: any change is activity. */
        private final AtomicInteger networkEvents = new AtomicInteger();
        /** Console messages and uncaught exceptions, for failure messages. */
        final List<String> console = Collections.synchronizedList(new ArrayList<>());
        private WebSocket socket;
        private final WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String message = partial.toString();
                    partial.setLength(0);
                    receive(message);
                }
                ws.request(1);
                return null;
            }
        };

        private Page(String id) {
            this.id = id;
        }

        private void receive(String message) {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.path("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
                return;
            }
            JsonNode params = m.path("params");
            String method = m.path("method").asString("");
            if (method.startsWith("Network.")) {
                networkEvents.incrementAndGet();
            }
            switch (method) {
                case "Network.requestWillBeSent" -> {
                    requests.add(params.path("request").path("url").asString());
                    inFlight.add(params.path("requestId").asString());
                }
                case "Network.loadingFinished", "Network.loadingFailed" -> inFlight.remove(params.path("requestId").asString());
                case "Runtime.consoleAPICalled" -> {
                    StringBuilder line = new StringBuilder(params.path("type").asString() + ":");
                    params.path("args").forEach(a -> line.append(' ').append(a.has("value") ? a.path("value").toString()
                            : a.path("description").asString("")));
                    console.add(line.toString());
                }
                case "Runtime.exceptionThrown" -> console.add("exception: " + params.path("exceptionDetails").path("exception")
                        .path("description").asString(params.path("exceptionDetails").path("text").asString("")));
                default -> {
                }
            }
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            ObjectNode message = JSON.createObjectNode();
            message.put("id", id);
            message.put("method", method);
            message.set("params", JSON.valueToTree(params));
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            synchronized (this) {
                socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
            }
            JsonNode reply = answer.get(120, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + ": " + reply.path("error"));
            }
            return reply.path("result");
        }

        void navigate(String url) throws Exception {
            JsonNode r = call("Page.navigate", Map.of("url", url));
            if (r.has("errorText")) {
                throw new IllegalStateException("cannot open " + url + ": " + r.path("errorText").asString());
            }
        }

        /** The value of a JavaScript expression (promises awaited), as JSON. */
        JsonNode evaluate(String expression) throws Exception {
            JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
            if (r.has("exceptionDetails")) {
                throw new IllegalStateException(expression + " threw " + r.path("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        /** Waits until {@code expression} is truthy; its value. */
        JsonNode await(String expression, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                JsonNode v;
                try {
                    v = evaluate(expression);
                } catch (IllegalStateException e) {
                    v = null; // e.g. the page is still navigating
                }
                if (v != null && !v.isMissingNode() && !v.isNull() && !(v.isBoolean() && !v.asBoolean())
                        && !(v.isString() && v.asString().isEmpty()) && !(v.isNumber() && v.asDouble() == 0)) {
                    return v;
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("still not true after " + timeout.toSeconds() + " s: " + expression
                            + "\nconsole:\n" + String.join("\n", console) + "\nrequests:\n" + String.join("\n", requests));
                }
                Thread.sleep(250);
            }
        }

        /**
         * Waits until the network is idle for {@code quiet}: neither the page's network events (requests,
         * responses, data received, ends) nor {@code elsewhere} (what servers and proxies saw, which includes
         * workers' requests) change in that time. Gives up after {@code timeout}.
         */
        void awaitQuiet(Duration quiet, Duration timeout, LongSupplier elsewhere) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            long last = -1;
            long since = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                // a request still under way with no event for the quiet period is a long poll, not traffic
                long activity = networkEvents.get() + elsewhere.getAsLong();
                if (activity != last) {
                    last = activity;
                    since = now;
                } else if (now - since >= quiet.toNanos()) {
                    return;
                }
                if (now > deadline) {
                    throw new TimeoutException("the network was still busy after " + timeout.toSeconds() + " s: "
                            + inFlight.size() + " requests under way\nrequests:\n" + String.join("\n", requests));
                }
                Thread.sleep(100);
            }
        }

        @Override
        public void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/close/" + id))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // the browser is going away anyway
            }
        }
    }
}
