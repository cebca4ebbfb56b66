package dev.jlite.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jlite.core.spi.LiteException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvProxySelectorTests {

    @Test
    void httpsAndHttpProxiesComeFromTheirVariables() {
        EnvProxySelector s = new EnvProxySelector(Map.of("HTTPS_PROXY", "http://secure:3128", "http_proxy", "plain:8080"));
        assertEquals(List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("secure", 3128))),
                s.select(URI.create("https://files.example/x")));
        assertEquals(List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("plain", 8080))),
                s.select(URI.create("http://files.example/x")));
    }

    @Test
    void allProxyIsTheFallback() {
        EnvProxySelector s = new EnvProxySelector(Map.of("ALL_PROXY", "http://all:1"));
        assertEquals("all", ((InetSocketAddress) s.select(URI.create("https://x/")).get(0).address()).getHostString());
    }

    @Test
    void noProxyListsHostsAndDomains() {
        EnvProxySelector s = new EnvProxySelector(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "localhost, .internal.example,corp.example:8443"));
        assertTrue(s.bypass("localhost"));
        assertTrue(s.bypass("mirror.internal.example"));
        assertTrue(s.bypass("internal.example"));
        assertTrue(s.bypass("files.corp.example"));
        assertFalse(s.bypass("example"));
        assertFalse(s.bypass("notinternal.example"));
        assertEquals(List.of(Proxy.NO_PROXY), s.select(URI.create("https://mirror.internal.example/x")));
        assertTrue(new EnvProxySelector(Map.of("no_proxy", "*")).bypass("anything"));
    }

    @Test
    void withoutVariablesEverythingIsDirect() {
        assertEquals(List.of(Proxy.NO_PROXY), new EnvProxySelector(Map.of()).select(URI.create("https://x/")));
    }

    @Test
    void aBadProxyValueIsNamed() {
        LiteException e = assertThrows(LiteException.class, () -> new EnvProxySelector(Map.of("HTTPS_PROXY", "http://bad host")));
        assertEquals("the HTTPS_PROXY environment variable is not a URL: http://bad host", e.getMessage());
    }
}
