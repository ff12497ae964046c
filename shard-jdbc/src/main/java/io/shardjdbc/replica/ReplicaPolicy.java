package io.shardjdbc.replica;

import io.shardjdbc.physical.PhysicalConnections;
import io.shardjdbc.physical.ReplicaPool;
import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.topology.Topology;
import io.shardjdbc.physical.SessionState;
import io.shardjdbc.tx.TransactionState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the units of one logical connection's plans run, and what a failed replica read does next.
 * Reads (queries without row locks or a primary hint) go to a replica outside read-write
 * transactions, unless {@link #primaryOnly}; a read-only transaction reads each shard on one node
 * (monotonic reads); with session consistency a read waits for a replica that has replayed this
 * connection's own writes, else goes to the primary. Inside a transaction the primaries a plan uses
 * are enlisted (or the plan is refused). Everything here is unused when no shard has replicas.
 *
 * <p>Used by one thread at a time, like its logical connection.
 */
public final class ReplicaPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaPolicy.class);

    /** Attempts of one read over replicas: the first, then after a replica failed (a second replica, then the primary). */
    public static final int MAX_READ_ATTEMPTS = 3;

    private final ReplicaSet replicas;
    private final PhysicalConnections physical;
    private final SessionState session;
    private final TransactionState tx;
    private final boolean readYourWrites;
    private boolean primaryOnly;
    // per shard: a write ran whose position is not captured yet; the primary's position after this
    // connection's last write; for databases that give no position, reads stay on the primary until then
    private final boolean[] uncaptured;
    private final String[] writtenAt;
    private final long[] primaryUntilNanos;
    // per shard: the slot a read-only transaction reads (one node for the whole transaction, so its reads
    // never go back in time), or -1 before its first read
    private final int[] txSlot;

    /**
     * @param replicas the runtime's replicas, or null when no shard has any
     */
    public ReplicaPolicy(ReplicaSet replicas, PhysicalConnections physical, SessionState session, TransactionState tx) {
        this.replicas = replicas;
        this.physical = physical;
        this.session = session;
        this.tx = tx;
        this.readYourWrites = replicas != null && replicas.reads().sessionConsistency();
        int n = physical.shardCount();
        this.uncaptured = new boolean[n];
        this.writtenAt = new String[n];
        this.primaryUntilNanos = new long[n];
        this.txSlot = new int[n];
        Arrays.fill(txSlot, -1);
    }

    /** With {@code true}, every unit runs on its shard's primary, reads included. */
    public void primaryOnly(boolean primaryOnly) { this.primaryOnly = primaryOnly; }

    /** True when {@link #primaryOnly} sent every unit to primaries. */
    public boolean isPrimaryOnly() { return primaryOnly; }

    // ---- placing a plan's units

    /**
     * Before the units of a plan run: chooses where each runs and, inside a transaction, enlists the
     * primaries it uses (or refuses). Returns the connection slot of each unit, or null when every
     * unit runs on its shard's primary; slots that are returned are given back with {@link #done}.
     */
    public int[] place(RoutePlan plan, String sql) throws SQLException {
        List<RouteUnit> units = plan.units();
        boolean write = plan.kind() != StatementKind.QUERY;
        if (replicas == null) {
            if (!session.autoCommit()) enlist(units, null, sql, write);
            return null;
        }
        if (write && readYourWrites) for (RouteUnit u : units) uncaptured[u.shard()] = true;
        boolean replicaOk = !write && !plan.primaryRead() && !primaryOnly && (session.autoCommit() || readOnly());
        if (!replicaOk) {
            if (!session.autoCommit()) enlist(units, null, sql, write);
            return null;
        }
        boolean inTx = !session.autoCommit();
        if (inTx && session.isolation() != null && session.isolation() > Connection.TRANSACTION_READ_COMMITTED) {
            enlist(units, null, sql, false); // one snapshot over several statements: the primary's transaction gives it
            return null;
        }
        int[] slots = new int[units.size()];
        boolean onReplica = false;
        for (int i = 0; i < slots.length; i++) {
            slots[i] = inTx ? txReadSlot(units.get(i).shard()) : readSlot(units.get(i).shard());
            onReplica |= slots[i] >= physical.shardCount();
        }
        if (inTx) { // a read-only transaction: the primaries it reads join it
            try {
                enlist(units, slots, sql, false);
            } catch (SQLException e) {
                done(slots);
                throw e;
            }
        }
        return onReplica ? slots : null;
    }

    /**
     * Before a plan runs on its shards' primaries whatever it is (a batch, or a plan run again after
     * a lost primary connection): its writes are remembered for read-your-writes and, inside a
     * transaction, its shards are enlisted.
     */
    public void placeOnPrimaries(RoutePlan plan, String sql) throws SQLException {
        boolean write = plan.kind() != StatementKind.QUERY;
        if (write && readYourWrites) for (RouteUnit u : plan.units()) uncaptured[u.shard()] = true;
        if (!session.autoCommit()) enlist(plan.units(), null, sql, write);
    }

    /** The reads placed by {@link #place} ran (or failed): replicas count them off. */
    public void done(int[] slots) {
        if (slots == null) return;
        for (int slot : slots) {
            ReplicaNode n = nodeAt(slot);
            if (n != null) replicas.done(n);
        }
    }

    /**
     * A read that used replicas failed before returning rows: when a replica is to blame (its
     * connection is lost, or it refused the statement as read-only, e.g. a function that writes),
     * returns new slots to run it again (failed replicas are out of rotation now); else null and
     * the failure is the application's.
     */
    public int[] retry(RoutePlan plan, int[] slots, SQLException e) throws SQLException {
        boolean refused = false;
        boolean lost = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) lost = true;
            if (t instanceof SQLException se) {
                String st = se.getSQLState();
                // 25006 read-only transaction, 40001 canceled by a recovery conflict (PostgreSQL standby), MySQL 1290 --read-only
                if ("25006".equals(st) || "40001".equals(st) || se.getErrorCode() == 1290) refused = true;
                if (st != null && (st.startsWith("08") || st.startsWith("57P"))) lost = true;
            }
            if (t.getCause() == t) break;
        }
        if (!refused && !lost) return null;
        boolean blamed = refused;
        for (int slot : slots) {
            ReplicaNode node = nodeAt(slot);
            if (node == null || !lost) continue;
            if (!alive(physical.peek(slot))) {
                node.failed(e);
                physical.releaseReplica(slot, true);
                blamed = true;
            }
        }
        if (!blamed) return null;
        List<RouteUnit> units = plan.units();
        boolean inTx = !session.autoCommit();
        int[] again = new int[slots.length];
        for (int i = 0; i < again.length; i++) {
            int shard = units.get(i).shard();
            again[i] = refused || slots[i] < physical.shardCount() || inTx ? shard : readSlot(shard);
            if (inTx) txSlot[shard] = shard;
        }
        if (inTx) enlist(units, again, units.get(0).sql(), false); // a read-only transaction
        return again;
    }

    /** The replica a connection slot holds, or null for a primary's slot. */
    private ReplicaNode nodeAt(int slot) {
        ReplicaPool pool = physical.replicaOf(slot);
        return pool == null ? null : replicas.node(pool.shard(), pool.index());
    }

    private static boolean alive(Connection c) {
        try {
            return c != null && c.isValid(1);
        } catch (SQLException notValid) {
            return false;
        }
    }

    private void enlist(List<RouteUnit> units, int[] slots, String sql, boolean write) throws SQLException {
        int n = 0;
        int[] shards = new int[units.size()];
        for (int i = 0; i < shards.length; i++) {
            if (slots == null || slots[i] < physical.shardCount()) shards[n++] = units.get(i).shard();
        }
        if (n > 0) tx.enlist(n == shards.length ? shards : Arrays.copyOf(shards, n), physical, sql, write);
    }

    private boolean readOnly() {
        return session.readOnly() != null && session.readOnly();
    }

    /**
     * The slot that serves a read of a shard in a read-only transaction: the node of its first read
     * (monotonic reads); if that replica failed since, the primary, which has everything it had.
     */
    private int txReadSlot(int shard) throws SQLException {
        int pinned = txSlot[shard];
        if (pinned < 0) return txSlot[shard] = readSlot(shard);
        ReplicaNode n = nodeAt(pinned);
        if (n == null) return pinned;
        if (!n.isDown()) {
            replicas.begin(n);
            return pinned;
        }
        return txSlot[shard] = shard;
    }

    /** The slot that serves a read of a shard: a replica chosen by the balancer, or the primary. */
    private int readSlot(int shard) throws SQLException {
        String need = null;
        if (readYourWrites) {
            if (uncaptured[shard]) {
                if (!session.autoCommit()) return shard; // a write of this transaction, or one not captured yet
                capture(shard);
            }
            if (primaryUntilNanos[shard] != 0) {
                if (System.nanoTime() - primaryUntilNanos[shard] < 0) return shard;
                primaryUntilNanos[shard] = 0;
            }
            need = writtenAt[shard];
        }
        ReplicaNode n = replicas.choose(shard, need);
        if (n == null && need != null) n = checkReplica(shard, need);
        return n == null ? shard : physical.replicaSlot(shard, n.index());
    }

    /**
     * No replica is known to have replayed this connection's last write on the shard, but one may
     * have since it was last measured: ask one (a single cheap query) before falling back to the primary.
     */
    private ReplicaNode checkReplica(int shard, String need) {
        ReplicaNode n = replicas.chooseToCheck(shard);
        if (n == null) return null;
        int slot = physical.replicaSlot(shard, n.index());
        try {
            String pos = replicas.dialect().replicaPosition(physical.get(slot));
            replicas.sawPosition(n, pos);
            if (pos == null || !replicas.dialect().reached(pos, need)) return null;
            replicas.begin(n);
            return n;
        } catch (SQLException e) {
            n.failed(e);
            physical.releaseReplica(slot, true);
            return null;
        }
    }

    // ---- read-your-writes positions

    /**
     * The write position this connection's reads must see, as {@code shard=position;...}; empty when
     * the connection wrote nothing the replicas could be missing.
     */
    public String readPosition() throws SQLException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < writtenAt.length; i++) {
            if (uncaptured[i] && session.autoCommit()) capture(i);
            if (writtenAt[i] == null) continue;
            if (sb.length() > 0) sb.append(';');
            sb.append(physical.name(i)).append('=').append(writtenAt[i]);
        }
        return sb.toString();
    }

    /** Makes this connection's reads see everything up to a token of {@link #readPosition}. */
    public void awaitPosition(String token, Topology topology) throws SQLException {
        if (token == null || token.isBlank()) return;
        for (String part : token.split(";")) {
            int eq = part.indexOf('=');
            int shard = eq < 1 ? -1 : topology.shardIndex(part.substring(0, eq));
            if (shard < 0) {
                throw new SQLException("not a read position of this configuration: '" + part + "' (expected shard=position;"
                        + " known shards: " + topology.shards() + ")", "22023");
            }
            String pos = part.substring(eq + 1);
            String mine = writtenAt[shard];
            if (replicas == null) continue;
            if (mine == null || !replicas.dialect().reached(mine, pos)) writtenAt[shard] = pos;
        }
    }

    /** Remembers where the primary's WAL/binlog is after this connection's write on a shard (auto-commit on). */
    private void capture(int shard) throws SQLException {
        uncaptured[shard] = false;
        String pos;
        try {
            pos = replicas.dialect().primaryPosition(physical.get(shard));
        } catch (SQLException e) {
            throw ShardErrors.fromShard(physical.name(shard), e);
        }
        if (pos != null) writtenAt[shard] = pos;
        else stayOnPrimary(shard);
    }

    // no positions: a replica within max-lag has the write once max-lag (and a measurement) passed
    private void stayOnPrimary(int shard) {
        long window = replicas.reads().maxLag().toNanos() + replicas.reads().lagCheckInterval().toNanos();
        primaryUntilNanos[shard] = System.nanoTime() + Math.max(1, window);
    }

    /**
     * After a commit (or before a transaction starts): remembers the primaries' positions of the
     * writes not captured yet, so that reads stay consistent with them from now on. The commit has
     * happened, so a failure here does not fail it: those shards' reads use the time window instead.
     */
    public void captureWrites() {
        if (!readYourWrites) return;
        for (int shard = 0; shard < uncaptured.length; shard++) {
            if (!uncaptured[shard]) continue;
            try {
                capture(shard);
                if (!session.autoCommit()) physical.get(shard).commit(); // end the transaction the query began
            } catch (SQLException e) {
                LOG.debug("shard {}: reading the primary's position after a commit failed: {}", physical.name(shard), e.toString());
                stayOnPrimary(shard);
            }
        }
    }

    /** A transaction ended: the next read-only transaction picks its nodes afresh. */
    public void transactionEnded() {
        Arrays.fill(txSlot, -1);
    }
}
