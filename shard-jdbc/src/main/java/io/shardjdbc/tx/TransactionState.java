package io.shardjdbc.tx;

import io.shardjdbc.commit.CommitUnknownException;
import io.shardjdbc.commit.GlobalTransactionId;
import io.shardjdbc.commit.PartialCommitException;
import io.shardjdbc.physical.PhysicalConnections;
import io.shardjdbc.errors.ShardErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The transaction of one logical connection while auto-commit is off: which shards it has touched
 * (in order) and which of them wrote, its savepoints, and how it ends. Commit is best effort across
 * shards, one after the other, and reports exactly which shards committed when one fails; in
 * single-shard mode a second shard is refused before it runs anything; in atomic mode a transaction
 * that wrote on two or more shards commits by two-phase commit ({@link AtomicCommit}), and on
 * databases whose branches start early (XA) every shard after the first joins as an XA branch.
 */
public final class TransactionState {
    private final boolean singleShard;
    private final AtomicTransactions atomic;
    private int[] enlisted = new int[4];
    private boolean[] wrote = new boolean[4];
    private boolean[] started = new boolean[4];
    private String[] qualifiers = new String[4];
    private GlobalTransactionId id;
    private int size;
    private final List<ShardSavepoint> savepoints = new ArrayList<>();
    private int nextSavepointId = 1;
    // the shards enlisted by the latest statement are enlisted[sizeBeforeLastEnlist .. size)
    private int sizeBeforeLastEnlist;

    /** @param singleShard true for {@code transactions: single-shard} */
    public TransactionState(boolean singleShard) {
        this.singleShard = singleShard;
        this.atomic = null;
    }

    /** A transaction under {@code transactions: atomic}, sharing the runtime's atomic-commit state. */
    public TransactionState(AtomicTransactions atomic) {
        this.singleShard = false;
        this.atomic = atomic;
    }

    /** True when a statement has run on some shard since the transaction began. */
    public boolean isActive() { return size > 0; }

    /** The enlisted shard indexes, in the order they joined. */
    public int[] enlistedShards() { return Arrays.copyOf(enlisted, size); }

    public boolean isEnlisted(int shard) {
        return indexOf(shard) >= 0;
    }

    private int indexOf(int shard) {
        for (int i = 0; i < size; i++) if (enlisted[i] == shard) return i;
        return -1;
    }

    /**
     * Checks that a statement may run on these shards (single-shard mode allows one shard per
     * transaction) and enlists them. Nothing is enlisted when the check fails.
     */
    public void enlist(int[] shards, PhysicalConnections conns, String sql) throws SQLException {
        enlist(shards, conns, sql, true);
    }

    /**
     * As {@link #enlist(int[], PhysicalConnections, String)}, saying whether the statement may write
     * (participants that only read are not prepared by an atomic commit).
     */
    public void enlist(int[] shards, PhysicalConnections conns, String sql, boolean write) throws SQLException {
        if (singleShard) {
            int first = size > 0 ? enlisted[0] : shards.length > 0 ? shards[0] : -1;
            for (int s : shards) {
                if (s == first) continue;
                String where = size > 0 ? "the transaction is on shard " + conns.name(first)
                        : "it also needs shard " + conns.name(first);
                throw new SQLException("transactions: single-shard allows one shard per transaction, but this statement"
                        + " needs shard " + conns.name(s) + " while " + where + " [statement: " + ShardErrors.abbreviate(sql)
                        + "]. Commit or roll back first, narrow the statement to one shard, or configure"
                        + " transactions: best-effort.", "25001");
            }
        }
        for (int s : shards) {
            if (conns.isLostInTransaction(s)) throw conns.lostInTransaction(s, null);
        }
        sizeBeforeLastEnlist = size;
        for (int s : shards) {
            int at = indexOf(s);
            if (at < 0) {
                conns.bind(s);
                if (size == enlisted.length) grow();
                at = size;
                enlisted[at] = s;
                wrote[at] = false;
                started[at] = false;
                qualifiers[at] = null;
                if (atomic != null && at > 0 && atomic.protocol().startsEarly()) startBranch(at, conns);
                size++;
            }
            if (write) wrote[at] = true;
        }
    }

    // the first shard stays a local transaction: it holds the decision (see AtomicCommit)
    private void startBranch(int at, PhysicalConnections conns) throws SQLException {
        String name = conns.name(enlisted[at]);
        try {
            if (id == null) id = atomic.newId(conns.name(enlisted[0]));
            Connection c = conns.get(enlisted[at]);
            qualifiers[at] = atomic.protocol().qualifier(c, name);
            atomic.protocol().start(c, id, qualifiers[at]);
        } catch (SQLException e) {
            throw ShardErrors.fromShard(name, e);
        }
        started[at] = true;
    }

    private void grow() {
        enlisted = Arrays.copyOf(enlisted, size * 2);
        wrote = Arrays.copyOf(wrote, size * 2);
        started = Arrays.copyOf(started, size * 2);
        qualifiers = Arrays.copyOf(qualifiers, size * 2);
    }

    private Participants snapshot() {
        return new Participants(Arrays.copyOf(enlisted, size), Arrays.copyOf(wrote, size), Arrays.copyOf(started, size),
                Arrays.copyOf(qualifiers, size), id);
    }

    /**
     * Takes back a shard the latest statement enlisted and whose connection it then lost: the
     * database rolled back that session, whose only work was this statement, so the statement may
     * run again on a fresh connection. False when the shard had joined earlier (or joined as a
     * branch of an atomic transaction).
     */
    public boolean withdrawNewlyLost(int shard, PhysicalConnections conns) {
        for (int i = sizeBeforeLastEnlist; i < size; i++) {
            if (enlisted[i] != shard || started[i]) continue;
            int tail = size - i - 1;
            System.arraycopy(enlisted, i + 1, enlisted, i, tail);
            System.arraycopy(wrote, i + 1, wrote, i, tail);
            System.arraycopy(started, i + 1, started, i, tail);
            System.arraycopy(qualifiers, i + 1, qualifiers, i, tail);
            size--;
            conns.unbind(shard);
            return true;
        }
        return false;
    }

    /**
     * Commits every enlisted shard in order. If one fails, the rest are rolled back, and the
     * exception says what each shard did: the shard's own error when it answered the commit with one
     * and nothing had committed (rolled back everywhere); a {@link PartialCommitException} when it
     * answered after others had committed; a {@link CommitUnknownException} (08007) when its
     * connection failed after COMMIT was sent, so that its outcome is unknown. A transaction that
     * lost a shard's connection before the commit commits nothing and fails with class 08.
     */
    public void commit(PhysicalConnections conns) throws SQLException {
        Participants p = snapshot();
        reset();
        try {
            commit(conns, p);
        } finally {
            conns.unbindAll();
        }
    }

    private void commit(PhysicalConnections conns, Participants p) throws SQLException {
        int[] order = p.shards;
        for (int s : order) {
            if (conns.isLostInTransaction(s) || conns.dropIfBroken(s, null) == PhysicalConnections.Link.LOST_IN_TRANSACTION) {
                SQLException lost = conns.lostInTransaction(s, null);
                SQLException rollbackFailure = null;
                for (int i = 0; i < p.size(); i++) rollbackFailure = rollbackQuietly(conns, p, i, rollbackFailure);
                List<String> names = new ArrayList<>();
                for (int x : order) names.add(conns.name(x));
                SQLException failed = new java.sql.SQLNonTransientConnectionException("commit failed, nothing was committed:"
                        + " the transaction was rolled back on every shard " + names + " because " + lost.getMessage(),
                        lost.getSQLState(), 0, lost);
                if (rollbackFailure != null) failed.addSuppressed(rollbackFailure);
                throw failed;
            }
        }
        if (atomic != null && p.writers() >= 2) {
            new AtomicCommit(atomic, conns, p).run();
            return;
        }
        List<String> committed = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            String name = conns.name(order[i]);
            try {
                if (p.started[i]) atomic.protocol().commitOnePhase(conns.get(order[i]), p.id, p.qualifiers[i]);
                else conns.get(order[i]).commit();
                committed.add(name);
            } catch (SQLException e) {
                // COMMIT was sent and the connection failed before the answer: only the shard knows
                boolean unknown = ShardErrors.isConnectionLoss(e);
                if (unknown) conns.dropIfBroken(order[i], e);
                List<String> rolledBack = new ArrayList<>();
                if (!unknown) rolledBack.add(name);
                SQLException rollbackFailure = unknown ? null : rollbackQuietly(conns, p, i, null);
                for (int j = i + 1; j < order.length; j++) {
                    rolledBack.add(conns.name(order[j]));
                    rollbackFailure = rollbackQuietly(conns, p, j, rollbackFailure);
                }
                SQLException out;
                if (unknown) {
                    out = new CommitUnknownException(committed, rolledBack, List.of(name), name, e);
                } else if (committed.isEmpty()) {
                    out = ShardErrors.fromShard(name, e);
                    if (order.length > 1) {
                        out = new SQLException("commit failed on the first shard, the transaction was rolled back on every"
                                + " shard " + rolledBack + ": " + out.getMessage(), e.getSQLState(), e.getErrorCode(), e);
                    }
                } else {
                    out = new PartialCommitException(committed, rolledBack, name, e);
                }
                if (rollbackFailure != null) out.addSuppressed(rollbackFailure);
                throw out;
            }
        }
    }

    /**
     * Rolls back every enlisted shard; all are attempted, the first failure is thrown. A shard whose
     * connection is lost needs nothing: its database rolls back the work of a session that ended.
     */
    public void rollback(PhysicalConnections conns) throws SQLException {
        Participants p = snapshot();
        reset();
        SQLException failure = null;
        try {
            for (int i = 0; i < p.size(); i++) failure = rollbackQuietly(conns, p, i, failure);
        } finally {
            conns.unbindAll();
        }
        if (failure != null) throw failure;
    }

    /** Sets a savepoint on every enlisted shard. */
    public ShardSavepoint setSavepoint(String name, PhysicalConnections conns) throws SQLException {
        Savepoint[] physical = new Savepoint[size];
        for (int i = 0; i < size; i++) {
            Connection c = conns.get(enlisted[i]);
            try {
                physical[i] = name == null ? c.setSavepoint() : c.setSavepoint(name);
            } catch (SQLException e) {
                throw ShardErrors.fromShard(conns.name(enlisted[i]), e);
            }
        }
        ShardSavepoint sp = new ShardSavepoint(nextSavepointId++, name, size, physical);
        savepoints.add(sp);
        return sp;
    }

    /** The latest savepoint with this name, for {@code ROLLBACK TO name} and {@code RELEASE name} sent as SQL. */
    public ShardSavepoint savepoint(String name) throws SQLException {
        for (int i = savepoints.size() - 1; i >= 0; i--) {
            if (name.equalsIgnoreCase(savepoints.get(i).name())) return savepoints.get(i);
        }
        throw new SQLException("no savepoint named '" + name + "' in the current transaction", "3B001");
    }

    /**
     * Rolls back to a savepoint: shards enlisted before it roll back to their physical savepoint,
     * shards enlisted after it roll back entirely and leave the transaction. Later savepoints are gone.
     */
    public void rollback(ShardSavepoint sp, PhysicalConnections conns) throws SQLException {
        int at = indexOf(sp);
        for (int i = 0; i < size; i++) {
            Connection c = conns.get(enlisted[i]);
            try {
                if (i < sp.mark()) c.rollback(sp.physical(i));
                else if (started[i]) atomic.protocol().rollbackActive(c, id, qualifiers[i]);
                else c.rollback();
            } catch (SQLException e) {
                throw ShardErrors.fromShard(conns.name(enlisted[i]), e);
            }
        }
        size = sp.mark();
        if (size == 0) id = null;
        savepoints.subList(at + 1, savepoints.size()).clear();
    }

    /** Releases a savepoint (and the ones set after it) on every shard that has it. */
    public void release(ShardSavepoint sp, PhysicalConnections conns) throws SQLException {
        int at = indexOf(sp);
        for (int i = 0; i < sp.mark(); i++) {
            try {
                conns.get(enlisted[i]).releaseSavepoint(sp.physical(i));
            } catch (SQLException e) {
                throw ShardErrors.fromShard(conns.name(enlisted[i]), e);
            }
        }
        savepoints.subList(at, savepoints.size()).clear();
    }

    /** Forgets the transaction without touching any shard (after it ended). */
    public void reset() {
        size = 0;
        sizeBeforeLastEnlist = 0;
        id = null;
        savepoints.clear();
    }

    /** The same, and no shard connection carries a transaction any more (lost shards may be used again). */
    public void reset(PhysicalConnections conns) {
        reset();
        conns.unbindAll();
    }

    private int indexOf(ShardSavepoint sp) throws SQLException {
        int at = savepoints.indexOf(sp);
        if (at < 0) throw new SQLException(sp + " is not a savepoint of the current transaction (released, rolled back"
                + " past, or the transaction ended)", "3B001");
        return at;
    }

    private SQLException rollbackQuietly(PhysicalConnections conns, Participants p, int i, SQLException first) {
        int shard = p.shards[i];
        try {
            if (conns.dropIfBroken(shard, null) != PhysicalConnections.Link.INTACT) return first;
            Connection c = conns.peek(shard);
            if (c != null && p.started[i]) atomic.protocol().rollbackActive(c, p.id, p.qualifiers[i]);
            else if (c != null) c.rollback();
            return first;
        } catch (SQLException e) {
            if (conns.dropIfBroken(shard, e) != PhysicalConnections.Link.INTACT) return first;
            SQLException wrapped = ShardErrors.fromShard(conns.name(shard), e);
            if (first == null) return wrapped;
            first.addSuppressed(wrapped);
            return first;
        }
    }
}
