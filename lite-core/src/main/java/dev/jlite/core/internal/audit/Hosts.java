package dev.jlite.core.internal.audit;

import java.net.IDN;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** Whether a URL leads to a host other than the machine's own. */
public final class Hosts {

    private static final Pattern SCHEME = Pattern.compile("(?:https?|wss?|ftp)");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private Hosts() {
    }

    /**
     * Whether {@code url} reaches another host: absolute with a network scheme (any case), or
     * scheme-relative ({@code //host/...}), naming a host that is not loopback. A scheme-relative string
     * must name a host with a dot in it, so comments and paths that start with two slashes are not hosts.
     */
    public static boolean outside(String url) {
        return host(url) != null;
    }

    /**
     * The other host {@code url} reaches, lower-cased, or null when it reaches none. The URL is read as a
     * browser reads it: tabs and newlines dropped, a backslash taken for a slash, any number of slashes
     * after a network scheme, the host percent-decoded and, when international, in its ASCII form.
     */
    public static String host(String url) {
        String u = url.strip();
        if (u.indexOf('\t') >= 0 || u.indexOf('\n') >= 0 || u.indexOf('\r') >= 0) {
            u = u.replace("\t", "").replace("\n", "").replace("\r", "");
        }
        u = u.replace('\\', '/').toLowerCase(Locale.ROOT);
        String rest;
        boolean relative = u.startsWith("//");
        if (relative) {
            rest = u.substring(2);
        } else {
            int colon = u.indexOf(':');
            if (colon <= 0 || !SCHEME.matcher(u.substring(0, colon)).matches()) {
                return null;
            }
            rest = u.substring(colon + 1);
        }
        int slashes = 0;
        while (slashes < rest.length() && rest.charAt(slashes) == '/') {
            slashes++;
        }
        if (!relative && slashes == 0 && rest.startsWith(".")) {
            return null; // "http:./x" is a path
        }
        rest = rest.substring(slashes);
        String host = rest.split("[/?#]", 2)[0];
        host = host.contains("@") ? host.substring(host.lastIndexOf('@') + 1) : host;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                return null;
            }
            host = host.substring(0, end + 1);
            return host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]") ? null : host;
        }
        host = decode(host.split(":", 2)[0]);
        host = host != null && host.endsWith(".") ? host.substring(0, host.length() - 1) : host; // a rooted name
        if (host == null || host.isEmpty() || host.length() > 253 || relative && !host.contains(".")) {
            return null;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        boolean loopback = host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                && host.matches("127\\.\\d+\\.\\d+\\.\\d+");
        return loopback ? null : host;
    }

    /** A host as the browser resolves it: percent-escapes decoded, international names in ASCII; null if it cannot be one. */
    private static String decode(String host) {
        try {
            String decoded = host.indexOf('%') >= 0 ? URLDecoder.decode(host.replace("+", "%2B"), StandardCharsets.UTF_8) : host;
            boolean ascii = decoded.chars().allMatch(c -> c < 0x80);
            return ascii ? decoded : IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
