package dev.jlite.core.internal.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets that count the bytes read from them and find where each HTTP response's headers end,
 * so that {@link HttpFetcher} can tell a body longer than its {@code Content-Length}.
 */
final class CountingSockets extends SocketFactory {

    /**
     * One response as read from a {@link Counted} socket. While it is the socket's current message its count
     * is live; once the next request starts on the same (pooled) connection, it is frozen at what it was then,
     * so a finished download is never charged with the bytes of the next one.
     */
    static final class Message {
        private final Counted socket;
        /** Where this message's headers end (the byte after the blank line), or -1 before that. */
        private long headersEnd = -1;
        private int matched;
        /** The count once the socket moved on to the next message, or -1 while this one is current. */
        private long frozen = -1;

        private Message(Counted socket) {
            this.socket = socket;
        }

        /**
         * How many bytes past this message's headers have been read (into the client's buffer), plus what is
         * waiting on the socket; 0 before the headers ended.
         */
        long pastHeaders() {
            synchronized (socket.lock) {
                return frozen >= 0 ? frozen : live();
            }
        }

        private long live() {
            if (headersEnd < 0) {
                return 0;
            }
            long waiting;
            try {
                waiting = socket.rawInput().available();
            } catch (IOException e) {
                waiting = 0;
            }
            return socket.read - headersEnd + waiting;
        }
    }

    /** A socket that counts. */
    static final class Counted extends Socket {
        private final Object lock = new Object();
        private InputStream in;
        private long read;
        private Message current;

        /**
         * Starts counting a new response (called before its request is written). What the previous one on
         * this connection read, or has waiting, is all its own: HTTP/1.1 answers one request at a time.
         */
        Message startMessage() {
            synchronized (lock) {
                if (current != null) {
                    current.frozen = current.live();
                }
                current = new Message(this);
                return current;
            }
        }

        private InputStream rawInput() throws IOException {
            return super.getInputStream();
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
                Message m = current;
                for (int i = 0; m != null && i < n && m.headersEnd < 0; i++) {
                    byte c = b[off + i];
                    // CR LF CR LF: matched counts how much of it the last bytes were
                    m.matched = c == (m.matched % 2 == 0 ? '\r' : '\n') ? m.matched + 1 : c == '\r' ? 1 : 0;
                    if (m.matched == 4) {
                        m.headersEnd = read + i + 1;
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
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }
}
