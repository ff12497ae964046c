package io.shardjdbc.execute;

import io.shardjdbc.replica.ReplicaNode;
import io.shardjdbc.replica.ReplicaSet;
import io.shardjdbc.tx.SessionState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physical connections of one logical connection: at most one per shard, borrowed on first use
 * and held until the logical connection closes. Holding them keeps session state and transactions
 * on one server session and lets drivers reuse server-side prepared statements.
 *
 * <p>Connections are addressed by slot: slot {@code i < shardCount()} is shard {@code i}'s primary
 * ({@code shardCount()} is the runtime's shard capacity, so shards added later have slots too);
 * the slots after them are the shards' replicas ({@link #replicaSlot}). Replica connections are
 * held the same way but stay in auto-commit (they only serve reads outside read-write
 * transactions) and are returned whenever the session changes, to be borrowed again with the new
 * session state.
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
    private final int shards;
    private final int[] firstReplicaSlot;
    private final ReplicaNode[] replicaOfSlot;
    private IntConsumer onReplicaReleased = slot -> { };

    public PhysicalConnections(ShardRuntime runtime, SessionState session) {
        this.runtime = runtime;
        this.session = session;
        int n = runtime.shardCapacity(); // shards added while the runtime runs take the free primary slots
        this.shards = n;
        this.firstReplicaSlot = new int[n];
        ReplicaSet rs = runtime.replicas();
        int slots = n;
        for (int i = 0; i < n; i++) {
            firstReplicaSlot[i] = slots;
            slots += rs == null ? 0 : rs.replicaCount(i);
        }
        this.replicaOfSlot = new ReplicaNode[slots - n];
        for (int i = 0; i < n && rs != null; i++) {
            for (int r = 0; r < rs.replicaCount(i); r++) replicaOfSlot[firstReplicaSlot[i] - n + r] = rs.node(i, r);
        }
        this.open = new Connection[slots];
        this.sessionChanged = new boolean[slots];
    }

    /** Primaries and replicas: the number of slots. */
    public int slotCount() { return open.length; }

    /** The slot of a shard's replica. */
    public int replicaSlot(int shard, int replica) { return firstReplicaSlot[shard] + replica; }

    /** The replica a slot holds, or null for a primary's slot. */
    public ReplicaNode replicaOf(int slot) { return slot < shards ? null : replicaOfSlot[slot - shards]; }

    /** Called with a replica slot just before its connection goes back (statements drop theirs on it). */
    public void onReplicaReleased(IntConsumer listener) { this.onReplicaReleased = listener; }

    /** The shard's (or slot's) connection, borrowed and brought to the session's state on first use. */
    public Connection get(int shard) throws SQLException {
        Connection c = open[shard];
        if (c != null) return c;
        if (shard >= shards) return openReplica(shard);
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

    private Connection openReplica(int slot) throws SQLException {
        ReplicaNode node = replicaOf(slot);
        Connection c;
        try {
            c = node.open();
        } catch (SQLException e) {
            node.failed(e);
            throw e;
        }
        try {
            session.applyTo(c);
            if (!c.getAutoCommit()) c.setAutoCommit(true);
        } catch (SQLException e) {
            node.evict(c);
            throw new SQLException(node.name() + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
        open[slot] = c;
        sessionChanged[slot] = !session.statements().isEmpty();
        return c;
    }

    /**
     * Returns a replica slot's connection (evicting it when {@code broken} or changed by session SQL);
     * nothing happens when the slot holds none.
     */
    public void releaseReplica(int slot, boolean broken) {
        Connection c = open[slot];
        if (c == null) return;
        onReplicaReleased.accept(slot);
        open[slot] = null;
        ReplicaNode node = replicaOf(slot);
        try {
            if (broken || sessionChanged[slot]) node.evict(c); else c.close();
        } catch (SQLException e) {
            LOG.debug("{}: returning a connection to its pool failed, the pool discards it: {}", node.name(), e.toString());
        }
        sessionChanged[slot] = false;
    }

    /** Returns every replica connection held. */
    public void releaseReplicas() {
        for (int i = shards; i < open.length; i++) releaseReplica(i, false);
    }

    /** The shard's connection if it is open, else null. */
    public Connection peek(int shard) {
        return open[shard];
    }

    /** Marks a shard's connection as changed by session SQL. */
    public void markSessionChanged(int shard) {
        sessionChanged[shard] = true;
    }

    public int shardCount() { return shards; }

    public String name(int shard) { return shard < shards ? runtime.topology().shardName(shard) : replicaOf(shard).name(); }

    /**
     * Runs an action on every open primary connection, all of them even when some fail; the first failure
     * (attributed to its shard) is thrown at the end with the others suppressed. This changes the
     * session, so replica connections are returned first (and borrowed again in the new state).
     */
    public void forEachOpen(ShardAction action) throws SQLException {
        releaseReplicas();
        SQLException first = null;
        for (int i = 0; i < shards; i++) {
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
        releaseReplicas();
        for (int i = 0; i < shards; i++) {
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
