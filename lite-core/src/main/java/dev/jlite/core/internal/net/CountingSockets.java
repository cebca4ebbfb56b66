package dev.jlite.core.internal.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets that count the bytes read from them and find where each HTTP response's headers end,
 * so that {@link HttpFetcher} can tell a body longer than its {@code Content-Length}.
 */
final class CountingSockets extends SocketFactory {

    /** A socket that counts. */
    static final class Counted extends Socket {
        private final Object lock = new Object();
        private InputStream in;
        private long read;
        /** Where the headers of the current message end (the byte after the blank line), or -1. */
        private long headersEnd = -1;
        private int matched;

        /** Marks the start of a response; returns the position. */
        long startMessage() {
            synchronized (lock) {
                headersEnd = -1;
                matched = 0;
                return read;
            }
        }

        /**
         * How many bytes past the current message's headers have been read (into the client's buffer), plus
         * what is waiting on the socket; 0 before the headers ended.
         */
        long pastHeaders(long mark) {
            synchronized (lock) {
                if (headersEnd < mark) {
                    return 0;
                }
                long waiting;
                try {
                    waiting = super.getInputStream().available();
                } catch (IOException e) {
                    waiting = 0;
                }
                return read - headersEnd + waiting;
            }
        }

        @Override
        public InputStream getInputStream() throws IOException {
            synchronized (lock) {
                if (in == null) {
                    in = new FilterInputStream(super.getInputStream()) {
                        @Override
                        public int read() throws IOException {
                            byte[] one = new byte[1];
                            int n = read(one, 0, 1);
                            return n < 0 ? -1 : one[0] & 0xff;
                        }

                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            int n = super.read(b, off, len);
                            if (n > 0) {
                                counted(b, off, n);
                            }
                            return n;
                        }
                    };
                }
                return in;
            }
        }

        private void counted(byte[] b, int off, int n) {
            synchronized (lock) {
                for (int i = 0; i < n && headersEnd < 0; i++) {
                    byte c = b[off + i];
                    // CR LF CR LF: matched counts how much of it the last bytes were
                    matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : c == '\r' ? 1 : 0;
                    if (matched == 4) {
                        headersEnd = read + i + 1;
                    }
                }
                read += n;
            }
        }
    }

    @Override
    public Socket createSocket() {
        return new Counted();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new java.net.InetSocketAddress(localHost, localPort));
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new java.net.InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new java.net.InetSocketAddress(localAddress, localPort));
        s.connect(new java.net.InetSocketAddress(address, port));
        return s;
    }
}
