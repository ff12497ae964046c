package io.shardjdbc.execute;

import io.shardjdbc.tx.SessionState;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physical connections of one logical connection: at most one per shard, borrowed on first use
 * and held until the logical connection closes. Holding them keeps session state and transactions
 * on one server session and lets drivers reuse server-side prepared statements.
 * Used by one thread at a time, like the logical connection.
 */
public final class PhysicalConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PhysicalConnections.class);

    /** Work on one physical connection. */
    @FunctionalInterface
    public interface ShardAction {
        void run(int shard, Connection c) throws SQLException;
    }

    private final ShardRuntime runtime;
    private final SessionState session;
    private final Connection[] open;
    // a connection changed by session SQL cannot be reset by the pool: it is evicted on close
    private final boolean[] sessionChanged;

    public PhysicalConnections(ShardRuntime runtime, SessionState session) {
        this.runtime = runtime;
        this.session = session;
        int n = runtime.topology().shardCount();
        this.open = new Connection[n];
        this.sessionChanged = new boolean[n];
    }

    /** The shard's connection, borrowed and brought to the session's state on first use. */
    public Connection get(int shard) throws SQLException {
        Connection c = open[shard];
        if (c != null) return c;
        c = runtime.pools().open(shard);
        try {
            session.applyTo(c);
        } catch (SQLException e) {
            // part of the session may have been applied: such a connection must not go back to the pool
            if (session.statements().isEmpty()) closeQuietly(c); else runtime.pools().evict(shard, c);
            throw ShardErrors.fromShard(name(shard), e);
        }
        open[shard] = c;
        sessionChanged[shard] = !session.statements().isEmpty();
        return c;
    }

    /** The shard's connection if it is open, else null. */
    public Connection peek(int shard) {
        return open[shard];
    }

    /** Marks a shard's connection as changed by session SQL. */
    public void markSessionChanged(int shard) {
        sessionChanged[shard] = true;
    }

    public int shardCount() { return open.length; }

    public String name(int shard) { return runtime.topology().shardName(shard); }

    /**
     * Runs an action on every open connection, all of them even when some fail; the first failure
     * (attributed to its shard) is thrown at the end with the others suppressed.
     */
    public void forEachOpen(ShardAction action) throws SQLException {
        SQLException first = null;
        for (int i = 0; i < open.length; i++) {
            if (open[i] == null) continue;
            try {
                action.run(i, open[i]);
            } catch (SQLException e) {
                SQLException wrapped = ShardErrors.fromShard(name(i), e);
                if (first == null) first = wrapped; else first.addSuppressed(wrapped);
            }
        }
        if (first != null) throw first;
    }

    /**
     * Returns every connection to its pool (or evicts it, see above). A connection that fails to go
     * back is broken; the pool discards it, so the failure is logged rather than thrown: the caller
     * cannot do anything about it and every other connection must still be returned.
     */
    @Override
    public void close() {
        for (int i = 0; i < open.length; i++) {
            Connection c = open[i];
            if (c == null) continue;
            open[i] = null;
            try {
                // an evicted connection is closed by the pool at once; closing it again would return it
                if (sessionChanged[i]) runtime.pools().evict(i, c); else c.close();
            } catch (SQLException e) {
                LOG.warn("shard {}: returning a physical connection to its pool failed, the pool discards it: {}",
                        name(i), e.toString());
            }
            sessionChanged[i] = false;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the connection is broken already; the original failure is what the user needs
        }
    }
}
