package dev.jlite.cli;

import dev.jlite.core.BuildResult;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.Command;
import dev.jlite.core.spi.LiteBuildConfig;
import dev.jlite.core.spi.Setting;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code jlite serve}: build, then serve the site on this machine until stopped. */
final class ServeCommand implements CliCommand {

    /** Where it listens: the loopback address, as the reference does. */
    private static final InetAddress LOOPBACK = loopback();

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String description() {
        return "Build the site, then serve it on this machine (127.0.0.1) until Ctrl-C.";
    }

    /**
     * {@code jlite serve}: builds, then serves the site on 127.0.0.1 until Ctrl-C (or SIGTERM), and ends with 0;
     * with {@code -v} every request is printed as it is answered ({@code GET /lab/index.html 200}).
     * An invalid port, base URL or header is a usage error found before anything is built.
     */
    @Override
    public int run(Invocation in) {
        PrintWriter out = in.out();
        PrintWriter err = in.err();
        boolean verbose = in.verbose();
        BuildResult result = in.build().run(Command.SERVE);
        int code = PhasesCommand.summary(out, err, result, in.millis());
        if (code != JliteTool.OK) {
            return code;
        }
        BuildOptions o = result.options().orElseThrow();
        Path site = result.outputDir().orElseThrow();
        Map<String, String> headers = new LinkedHashMap<>();
        if (o.config().get(LiteBuildConfig.CROSS_ORIGIN_ISOLATION)) {
            // what SharedArrayBuffer (and so some kernels) needs; configured headers may still change them
            header(headers, "Cross-Origin-Opener-Policy", "same-origin");
            header(headers, "Cross-Origin-Embedder-Policy", "require-corp");
        }
        for (Setting<JsonNode> setting : List.of(LiteBuildConfig.HTTP_HEADERS, LiteBuildConfig.EXTRA_HTTP_HEADERS)) {
            o.config().find(setting).ifPresent(h -> h.propertyNames().forEach(k -> {
                if (h.get(k).isString()) {
                    header(headers, k, h.get(k).asString());
                }
            }));
        }
        Map<String, String> types = new LinkedHashMap<>(SiteServer.DEFAULT_TYPES);
        types.putAll(siteTypes(site, err));
        int port = o.config().get(LiteBuildConfig.PORT).intValue();
        SiteServer.Options options = SiteServer.Options.defaults().withHost(LOOPBACK).withPort(port)
                .withBaseUrl(o.config().get(LiteBuildConfig.BASE_URL)).withHeaders(headers).withMimeTypes(types)
                .withShutdownUrl(true)
                .withLog(served -> {
                    if (verbose) {
                        synchronized (out) {
                            out.println(served.render());
                            out.flush();
                        }
                    }
                });
        SiteServer server;
        try {
            server = SiteServer.start(site, options);
        } catch (BindException e) {
            err.println("jlite serve: cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + "); another program "
                    + "may use that port: give another with --port (0 picks a free one)");
            return JliteTool.FAILED;
        } catch (IOException e) {
            err.println("jlite serve: cannot serve " + site + ": " + e.getMessage());
            return JliteTool.FAILED;
        }
        out.println("serving " + site + " at " + server.url() + " (Ctrl-C, or a visit to " + server.url() + "shutdown, stops it)");
        out.flush();
        StopSignals signals = StopSignals.install(server::close);
        try {
            in.serving().accept(server);
            server.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signals.close();
            server.close();
        }
        out.println("stopped " + server.url());
        return JliteTool.OK;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a header, replacing one of the same name in any case. */
    private static void header(Map<String, String> headers, String name, String value) {
        headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        headers.put(name, value);
    }

    /** The MIME types of the site's root jupyter-lite.json {@code fileTypes}; none (with a warning) if unreadable. */
    private static Map<String, String> siteTypes(Path site, PrintWriter err) {
        Path config = site.resolve("jupyter-lite.json");
        if (!Files.isRegularFile(config)) {
            return Map.of();
        }
        try {
            JsonNode root = JsonMapper.builder().build().readTree(config.toFile());
            return SiteServer.mimeTypes(root.at("/jupyter-config-data/fileTypes"));
        } catch (JacksonException e) {
            err.println("warning: " + config + " is not valid JSON (" + e.getOriginalMessage() + "); serving with the "
                    + "default MIME types (jlite check says more)");
            return Map.of();
        }
    }
}
