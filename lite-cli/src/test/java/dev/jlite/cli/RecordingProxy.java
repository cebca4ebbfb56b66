package dev.jlite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A proxy on loopback that forwards nothing: it writes down the request line of every request a browser
 * sends it ({@code GET http://host/path HTTP/1.1}, {@code CONNECT host:443 HTTP/1.1}), and every
 * connection that sends none, and refuses it.
 * A browser told to use it for everything but loopback thus shows each request that would have left the
 * machine, without one leaving it.
 */
final class RecordingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> requests = new ArrayList<>();
    private final Thread acceptor;

    RecordingProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "recording-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The request lines recorded so far, in order. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many were recorded so far: a mark for {@link #since}. */
    synchronized int mark() {
        return requests.size();
    }

    /** The request lines recorded after {@code mark}. */
    synchronized List<String> since(int mark) {
        return List.copyOf(requests.subList(mark, requests.size()));
    }

    /**
     * The host a recorded line asks for, lower-cased: {@code cdn.example} of {@code GET http://cdn.example/x HTTP/1.1}
     * or {@code CONNECT cdn.example:443 HTTP/1.1}; the line itself when it names none.
     */
    static String host(String line) {
        String[] parts = line.split(" ");
        if (parts.length < 2) {
            return line;
        }
        String target = parts[1].replaceFirst("^[a-zA-Z]+://", "");
        target = target.split("/", 2)[0];
        target = target.startsWith("[") ? target.substring(0, target.indexOf(']') + 1) : target.split(":", 2)[0];
        return target.toLowerCase(Locale.ROOT);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> refuse(s), "recording-proxy-connection");
                t.setDaemon(true);
                t.start();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                // one failed accept; keep listening
            }
        }
    }

    private void refuse(Socket s) {
        try (s) {
            String line;
            try {
                s.setSoTimeout(10_000);
                line = requestLine(s.getInputStream());
            } catch (IOException e) {
                line = ""; // it hung up or went quiet before a whole line
            }
            synchronized (this) {
                // a connection that asks nothing is still an attempt to leave the machine
                requests.add(line.isEmpty() ? "(a connection that sent no request line)" : line);
            }
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the browser gave up first; the attempt is recorded
        }
    }

    private static String requestLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && b.length() < 8192) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
