package io.shardjdbc.physical;

import io.shardjdbc.errors.ShardErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The physical connections of one logical connection: at most one per shard (and replica) at a
 * time. In auto-commit mode a connection is borrowed for a statement and goes back to its pool as
 * soon as nothing needs it: no statement's results are open on it ({@link #lease}). It is held
 * longer only while it carries the open transaction ({@link #bind}) or session state that its pool
 * cannot reset (session SQL such as {@code SET}, replayed on it): such a connection stays until
 * the logical connection closes, then is evicted. So an outer pool of logical connections does
 * not tie up shard connections between statements. JDBC session settings (read-only, isolation,
 * schema, ...) are applied to every connection borrowed and reset by the pool when it returns.
 *
 * <p>Connections are addressed by slot: slot {@code i < shardCount()} is shard {@code i}'s primary
 * ({@code shardCount()} is the runtime's shard capacity, so shards added later have slots too);
 * the slots after them are the shards' replicas ({@link #replicaSlot}). Replica connections stay in
 * auto-commit (they only serve reads outside read-write transactions).
 * Used by one thread at a time, like the logical connection.
 */
public final class PhysicalConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PhysicalConnections.class);

    /** Work on one physical connection. */
    @FunctionalInterface
    public interface ShardAction {
        void run(int shard, Connection c) throws SQLException;
    }

    private final PhysicalPools pools;
    private final IntFunction<String> shardNames;
    private final SessionState session;
    private final Connection[] open;
    // a connection changed by session SQL cannot be reset by the pool: it is evicted on close
    private final boolean[] sessionChanged;
    private final int shards;
    private final int[] firstReplicaSlot;
    private final ReplicaPool[] replicaOfSlot;
    // per primary: its connection carries the open transaction; the transaction lost that connection
    private final boolean[] bound;
    private final boolean[] lostInTransaction;
    // per slot: results of statements still open on its connection; bumped when the connection changes
    private final int[] leases;
    private final int[] generation;
    private IntConsumer onSlotReleased = slot -> { };

    /**
     * @param pools        the shards' pools
     * @param shardCapacity primary slots: the shards there are and room for shards added later
     * @param shardNames   a shard's name by index, as the current topology has it
     * @param replicas     a shard's replicas by index (none for a shard added while the runtime runs)
     * @param session      the session settings every connection borrowed is brought to
     */
    public PhysicalConnections(PhysicalPools pools, int shardCapacity, IntFunction<String> shardNames,
                               IntFunction<List<? extends ReplicaPool>> replicas, SessionState session) {
        this.pools = pools;
        this.shardNames = shardNames;
        this.session = session;
        int n = shardCapacity;
        this.shards = n;
        this.firstReplicaSlot = new int[n];
        int slots = n;
        for (int i = 0; i < n; i++) {
            firstReplicaSlot[i] = slots;
            slots += replicas.apply(i).size();
        }
        this.replicaOfSlot = new ReplicaPool[slots - n];
        for (int i = 0; i < n; i++) {
            List<? extends ReplicaPool> of = replicas.apply(i);
            for (int r = 0; r < of.size(); r++) replicaOfSlot[firstReplicaSlot[i] - n + r] = of.get(r);
        }
        this.open = new Connection[slots];
        this.sessionChanged = new boolean[slots];
        this.bound = new boolean[n];
        this.lostInTransaction = new boolean[n];
        this.leases = new int[slots];
        this.generation = new int[slots];
    }

    /** Primaries and replicas: the number of slots. */
    public int slotCount() { return open.length; }

    /** The slot of a shard's replica. */
    public int replicaSlot(int shard, int replica) { return firstReplicaSlot[shard] + replica; }

    /** The replica a slot holds, or null for a primary's slot. */
    public ReplicaPool replicaOf(int slot) { return slot < shards ? null : replicaOfSlot[slot - shards]; }

    /** Called with a slot just before its connection goes back or is dropped (statements drop theirs on it). */
    public void onSlotReleased(IntConsumer listener) { this.onSlotReleased = listener; }

    /**
     * The shard's (or slot's) connection, borrowed and brought to the session's state on first use.
     * A held connection found broken (its pool marked it after a connection error) is dropped and a
     * fresh one borrowed, unless it carried the open transaction: then the transaction has lost
     * its work on that shard and this fails with class 08 until the transaction ends.
     */
    public Connection get(int shard) throws SQLException {
        Connection c = open[shard];
        if (c != null) {
            if (!c.isClosed()) return c;
            if (dropIfBroken(shard) == Link.LOST_IN_TRANSACTION) throw lostInTransaction(shard, null);
        } else if (shard < shards && lostInTransaction[shard]) {
            throw lostInTransaction(shard, null);
        }
        if (shard >= shards) return openReplica(shard);
        // a pooled connection whose server session ended while it was idle fails at its first command:
        // that is before the statement ran, so another one is borrowed (as many times as the pool is large)
        for (int attempt = 0; ; attempt++) {
            c = pools.open(shard);
            try {
                session.applyTo(c);
                break;
            } catch (SQLException e) {
                // part of the session may have been applied: such a connection must not go back to the pool
                pools.evict(shard, c);
                if (!ShardErrors.isConnectionLoss(e) || attempt >= pools.maximumSize(shard)) {
                    throw ShardErrors.fromShard(name(shard), e);
                }
            }
        }
        open[shard] = c;
        sessionChanged[shard] = session.pinsConnections();
        return c;
    }

    /**
     * The slot's connection for a statement whose results will be read from it: it stays with this
     * logical connection until {@link #unlease} with the returned token.
     *
     * @return a token for {@link #unlease}: the slot and the connection's generation
     */
    public long lease(int slot) throws SQLException {
        get(slot);
        leases[slot]++;
        return ((long) generation[slot] << 32) | slot;
    }

    /** The connection of a lease's token (see {@link #lease}). */
    public static int slotOf(long token) {
        return (int) token;
    }

    /**
     * A statement's results on a slot are done: the connection goes back to its pool when nothing
     * else holds it. A token of a connection dropped since is ignored.
     */
    public void unlease(long token) {
        int slot = (int) token;
        if ((int) (token >>> 32) != generation[slot] || leases[slot] == 0) return;
        if (--leases[slot] == 0) releaseIfIdle(slot);
    }

    /** Returns every connection that nothing holds (after a transaction ended, or a statement finished). */
    public void releaseIdle() {
        for (int slot = 0; slot < open.length; slot++) {
            if (open[slot] != null && leases[slot] == 0) releaseIfIdle(slot);
        }
    }

    private void releaseIfIdle(int slot) {
        Connection c = open[slot];
        if (c == null || leases[slot] > 0 || sessionChanged[slot]) return;
        if (slot >= shards) {
            releaseReplica(slot, false);
            return;
        }
        if (bound[slot]) return;
        onSlotReleased.accept(slot);
        open[slot] = null;
        generation[slot]++;
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("shard {}: returning a connection to its pool failed, the pool discards it: {}", name(slot), e.toString());
        }
    }

    private Connection openReplica(int slot) throws SQLException {
        ReplicaPool node = replicaOf(slot);
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
        sessionChanged[slot] = session.pinsConnections();
        return c;
    }

    /** What became of a slot's connection, checked after a failure. */
    public enum Link {
        /** No connection held, or the one held still works. */
        INTACT,
        /** The connection held was broken and is dropped; the next use borrows a fresh one. */
        REPLACED,
        /** The connection held was broken and carried the open transaction, whose work there is lost. */
        LOST_IN_TRANSACTION
    }

    /**
     * Drops the slot's connection if it is broken: its pool marked it (a connection error passed
     * through it) or {@code cause} is a connection failure. A broken connection never goes back to
     * its pool and never serves another statement.
     */
    public Link dropIfBroken(int slot, SQLException cause) {
        Connection c = open[slot];
        if (c == null) return Link.INTACT;
        boolean broken = cause != null && ShardErrors.isConnectionLoss(cause);
        if (!broken) {
            try {
                broken = c.isClosed();
            } catch (SQLException e) {
                broken = true;
            }
        }
        if (!broken) return Link.INTACT;
        return dropIfBroken(slot);
    }

    private Link dropIfBroken(int slot) {
        boolean inTransaction = slot < shards && bound[slot];
        if (slot >= shards) {
            replicaOf(slot).failed(new SQLException("connection lost", "08006"));
            releaseReplica(slot, true);
        } else {
            Connection c = open[slot];
            onSlotReleased.accept(slot);
            open[slot] = null;
            leases[slot] = 0;
            generation[slot]++;
            sessionChanged[slot] = false;
            bound[slot] = false;
            pools.evict(slot, c);
            LOG.debug("shard {}: dropped a broken connection", name(slot));
        }
        if (!inTransaction) return Link.REPLACED;
        lostInTransaction[slot] = true;
        return Link.LOST_IN_TRANSACTION;
    }

    /** The class-08 error of a statement or commit that needs a shard whose transaction was lost. */
    public SQLException lostInTransaction(int shard, SQLException cause) {
        String msg = "shard " + name(shard) + ": the connection to this shard was lost during the transaction, so the"
                + " database rolls back the transaction's work there. Roll back the transaction and run it again"
                + (cause == null ? "" : "; cause: " + cause.getMessage());
        return new java.sql.SQLNonTransientConnectionException(msg, "08003", cause == null ? 0 : cause.getErrorCode(), cause);
    }

    /** Marks a primary's connection as carrying the open transaction (see {@link #get}). */
    public void bind(int shard) {
        bound[shard] = true;
    }

    /** A shard leaves the open transaction (lost before it did any work there), so it may be used again. */
    public void unbind(int shard) {
        bound[shard] = false;
        lostInTransaction[shard] = false;
    }

    /** The transaction ended: no connection carries it, and shards lost by it may be used again. */
    public void unbindAll() {
        java.util.Arrays.fill(bound, false);
        java.util.Arrays.fill(lostInTransaction, false);
    }

    /** True when the open transaction lost its connection to this shard. */
    public boolean isLostInTransaction(int shard) {
        return lostInTransaction[shard];
    }

    /**
     * Returns a replica slot's connection (evicting it when {@code broken} or changed by session SQL);
     * nothing happens when the slot holds none.
     */
    public void releaseReplica(int slot, boolean broken) {
        Connection c = open[slot];
        if (c == null) return;
        onSlotReleased.accept(slot);
        open[slot] = null;
        leases[slot] = 0;
        generation[slot]++;
        ReplicaPool node = replicaOf(slot);
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

    public String name(int shard) { return shard < shards ? shardNames.apply(shard) : replicaOf(shard).name(); }

    /**
     * Runs an action on every open primary connection, all of them even when some fail; the first failure
     * (attributed to its shard) is thrown at the end with the others suppressed. This changes the
     * session, so replica connections are returned first (and borrowed again in the new state).
     */
    public void forEachOpen(ShardAction action) throws SQLException {
        releaseReplicas();
        SQLException first = null;
        for (int i = 0; i < shards; i++) {
            // a broken connection is dropped: the session's state is replayed on the next one borrowed
            if (open[i] == null || dropIfBroken(i, null) != Link.INTACT) continue;
            try {
                action.run(i, open[i]);
            } catch (SQLException e) {
                if (dropIfBroken(i, e) != Link.INTACT) continue;
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
            leases[i] = 0;
            generation[i]++;
            try {
                // an evicted connection is closed by the pool at once; closing it again would return it
                if (sessionChanged[i]) pools.evict(i, c); else c.close();
            } catch (SQLException e) {
                LOG.warn("shard {}: returning a physical connection to its pool failed, the pool discards it: {}",
                        name(i), e.toString());
            }
            sessionChanged[i] = false;
        }
        unbindAll();
    }
}
