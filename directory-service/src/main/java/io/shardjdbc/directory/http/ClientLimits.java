package io.shardjdbc.directory.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What one client may hold of the directory service: at most {@code perClient} open connections
 * from one address (more are closed as soon as they open), and the first request's header within
 * {@code headerTimeout} of connecting (a client that trickles a header byte by byte keeps an idle
 * timeout from firing, not this one). Together with the server's idle timeout and its bound on all
 * connections, slow or hoarding clients cannot take the service from the others: the server reads
 * without a thread per connection, so a waiting connection costs a socket, not a request thread.
 */
final class ClientLimits implements Connection.Listener {
    private final int perClient;
    private final Duration headerTimeout;
    private final Scheduler scheduler;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ClientLimits(int perClient, Duration headerTimeout, Scheduler scheduler) {
        this.perClient = perClient;
        this.headerTimeout = headerTimeout;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress client = address(connection);
        if (client != null) {
            int now = open.merge(client, 1, Integer::sum);
            if (now > perClient) {
                connection.getEndPoint().close();
                return;
            }
        }
        scheduler.schedule(() -> {
            if (connection.getMessagesIn() <= 0 && connection.getEndPoint().isOpen()) connection.getEndPoint().close();
        }, headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress client = address(connection);
        if (client == null) return;
        // the count leaves the map at zero, so addresses that come and go do not accumulate
        open.computeIfPresent(client, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Open connections from {@code client} now. */
    int openFrom(InetAddress client) {
        return open.getOrDefault(client, 0);
    }

    private static InetAddress address(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
