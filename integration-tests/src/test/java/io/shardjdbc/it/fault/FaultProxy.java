package io.shardjdbc.it.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process TCP proxy in front of one database server, so a test can do to one shard what a
 * network or a host does: cut every open connection, refuse new ones (the shard is down), stall the
 * traffic (the host is alive but silent), or hold only the answers (the server works, the client
 * never hears back). Listens on 127.0.0.1 on a free port; one thread per direction of a connection.
 */
final class FaultProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean down;
    private volatile boolean stallUp;
    private volatile boolean stallDown;
    private volatile boolean closed;

    FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fault-proxy-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** The port clients connect to. */
    int port() { return server.getLocalPort(); }

    /** Connections accepted so far. */
    int accepted() { return accepted.get(); }

    /** Closes every open connection (both sides); new ones are still accepted. */
    void cut() {
        for (Link l : links) l.close();
    }

    /** The shard is down: open connections are cut and new ones closed at once. */
    void down() {
        down = true;
        cut();
    }

    /** The shard is reachable again. */
    void up() {
        down = false;
    }

    /** No byte passes in either direction (open and new connections) until {@link #resume()}. */
    void stall() {
        stallUp = true;
        stallDown = true;
    }

    /** Requests reach the server, its answers are held until {@link #resume()}. */
    void holdAnswers() {
        stallDown = true;
    }

    /** Traffic flows again, held bytes first. */
    void resume() {
        synchronized (gate) {
            stallUp = false;
            stallDown = false;
            gate.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        cut();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (down) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Link link = new Link(client, upstream);
                links.add(link);
                link.start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private final class Link {
        private final Socket client;
        private final Socket upstream;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            pump(client, upstream, true);
            pump(upstream, client, false);
        }

        private void pump(Socket from, Socket to, boolean toServer) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16384];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        waitWhileStalled(toServer);
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // cut, or the other side closed
                } finally {
                    close();
                }
            }, "fault-proxy-" + (toServer ? "up" : "down"));
            t.setDaemon(true);
            t.start();
        }

        private void waitWhileStalled(boolean toServer) throws InterruptedException, SocketException {
            synchronized (gate) {
                while (!closed && (toServer ? stallUp : stallDown)) gate.wait();
            }
            if (client.isClosed()) throw new SocketException("cut");
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
