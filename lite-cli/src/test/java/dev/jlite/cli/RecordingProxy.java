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

/**
 * A proxy on loopback that forwards nothing: it writes down the request line of every request a browser
 * sends it ({@code GET http://host/path HTTP/1.1}, {@code CONNECT host:443 HTTP/1.1}) and refuses it.
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
            s.setSoTimeout(10_000);
            String line = requestLine(s.getInputStream());
            if (!line.isEmpty()) {
                synchronized (this) {
                    requests.add(line);
                }
            }
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the browser gave up first; what it asked for (if anything) is recorded
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
