package dev.jlite.core.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte counts behind the overlong-body check, on a real loopback connection that answers twice. */
class CountingSocketsTests {

    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static byte[] answer(int bodyBytes) {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: " + bodyBytes + "\r\n\r\n";
        return (head + "x".repeat(bodyBytes)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads from {@code in} until {@code total} bytes came (or the stream ends); returns them. */
    private static byte[] readAtLeast(InputStream in, int total) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (got.size() < total) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            got.write(buffer, 0, n);
        }
        return got.toByteArray();
    }

    private static void skipRequest(InputStream in) throws IOException {
        int matched = 0;
        while (matched < END.length) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("request cut short");
            }
            matched = c == END[matched] ? matched + 1 : c == '\r' ? 1 : 0;
        }
    }

    @Test
    void aFinishedMessageKeepsItsOwnCountWhenTheConnectionIsReusedForALargerOne() throws Exception {
        byte[] first = answer(5);
        byte[] second = answer(100);
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket c = raw.accept()) {
                    for (byte[] a : new byte[][] {first, second}) {
                        skipRequest(c.getInputStream());
                        c.getOutputStream().write(a);
                        c.getOutputStream().flush();
                    }
                } catch (IOException e) {
                    // the client's assertions report what went wrong
                }
            });
            server.setDaemon(true);
            server.start();
            try (CountingSockets.Counted s = (CountingSockets.Counted) new CountingSockets()
                    .createSocket(InetAddress.getLoopbackAddress(), raw.getLocalPort())) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                CountingSockets.Message a = s.startMessage();
                out.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertEquals(first.length, readAtLeast(in, first.length).length);
                assertEquals(5, a.pastHeaders(), "the first body, as it stands");

                CountingSockets.Message b = s.startMessage();
                out.write("GET /b HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertEquals(second.length, readAtLeast(in, second.length).length);
                assertEquals(100, b.pastHeaders(), "the second body");
                assertEquals(5, a.pastHeaders(), "the first body is not charged with the second's bytes");
            }
        }
    }

    @Test
    void bytesBeyondTheBodyAreCountedWhileTheMessageIsCurrent() throws Exception {
        byte[] lying = ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA").getBytes(StandardCharsets.ISO_8859_1);
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket c = raw.accept()) {
                    skipRequest(c.getInputStream());
                    c.getOutputStream().write(lying);
                    c.getOutputStream().flush();
                    c.getInputStream().read(); // hold the connection open until the client closes it
                } catch (IOException e) {
                    // the client's assertions report what went wrong
                }
            });
            server.setDaemon(true);
            server.start();
            try (CountingSockets.Counted s = (CountingSockets.Counted) new CountingSockets()
                    .createSocket(InetAddress.getLoopbackAddress(), raw.getLocalPort())) {
                CountingSockets.Message m = s.startMessage();
                assertEquals(0, m.pastHeaders(), "nothing before the headers came");
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                readAtLeast(s.getInputStream(), lying.length);
                assertEquals(8, m.pastHeaders(), "the 3 announced bytes and the 5 beyond them");
            }
        }
    }
}
