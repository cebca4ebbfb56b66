package dev.jlite.core.internal.net;

import dev.jlite.core.spi.LiteException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Proxies as command-line tools take them from the environment: {@code HTTPS_PROXY}/{@code https_proxy}
 * for https, {@code HTTP_PROXY}/{@code http_proxy} for http, {@code ALL_PROXY} for both, and
 * {@code NO_PROXY}/{@code no_proxy} (comma-separated hosts, {@code .domain} or {@code domain} suffixes,
 * {@code *} for all) for the hosts to reach directly.
 */
public final class EnvProxySelector extends ProxySelector {

    private final Optional<URI> https;
    private final Optional<URI> http;
    private final List<String> noProxy;

    public EnvProxySelector(Map<String, String> env) {
        Optional<URI> all = proxy(env, "ALL_PROXY");
        this.https = proxy(env, "HTTPS_PROXY").or(() -> all);
        this.http = proxy(env, "HTTP_PROXY").or(() -> all);
        String list = first(env, "NO_PROXY");
        this.noProxy = list == null ? List.of() : Arrays.stream(list.split(","))
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toList();
    }

    /** The proxy URI for a URL's scheme, when one applies (for its credentials). */
    public Optional<URI> proxyFor(URI uri) {
        if (bypass(uri.getHost())) {
            return Optional.empty();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
    }

    @Override
    public List<Proxy> select(URI uri) {
        return proxyFor(uri).<List<Proxy>>map(p -> List.of(new Proxy(Proxy.Type.HTTP,
                InetSocketAddress.createUnresolved(p.getHost(), p.getPort() > 0 ? p.getPort() : defaultPort(p)))))
                .orElse(List.of(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // OkHttp reports and retries by itself; nothing to remember here.
    }

    boolean bypass(String host) {
        if (host == null) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String rule : noProxy) {
            if (rule.equals("*")) {
                return true;
            }
            String bare = rule.startsWith(".") ? rule.substring(1) : rule;
            int colon = bare.lastIndexOf(':');
            if (colon > 0 && bare.indexOf(':') == colon) {
                bare = bare.substring(0, colon); // host:port entries match the host
            }
            if (h.equals(bare) || h.endsWith("." + bare)) {
                return true;
            }
        }
        return false;
    }

    private static int defaultPort(URI proxy) {
        return "https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 80;
    }

    private static Optional<URI> proxy(Map<String, String> env, String name) {
        String value = first(env, name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.contains("://") ? value : "http://" + value;
        try {
            return Optional.of(URI.create(v));
        } catch (IllegalArgumentException e) {
            throw new LiteException("the " + name + " environment variable is not a URL: " + value,
                    name, e);
        }
    }

    private static String first(Map<String, String> env, String name) {
        String upper = env.get(name);
        return upper != null ? upper : env.get(name.toLowerCase(Locale.ROOT));
    }
}
