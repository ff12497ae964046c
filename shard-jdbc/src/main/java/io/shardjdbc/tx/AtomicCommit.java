package io.shardjdbc.tx;

import io.shardjdbc.commit.CommitUnknownException;
import io.shardjdbc.commit.GlobalTransactionId;
import io.shardjdbc.physical.PhysicalConnections;
import io.shardjdbc.errors.ShardErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-phase commit of a transaction that wrote on two or more shards under {@code transactions:
 * atomic}. The first shard the transaction touched is its decision shard and is never prepared:
 * <ol>
 * <li>the commit decision row goes into the decision shard's open transaction ({@link DecisionLog});</li>
 * <li>participants that only read commit at once; the other writers prepare (any failure: every shard
 * rolls back, and the application is told so);</li>
 * <li>the decision shard commits: that one local commit is the decision, durable with the data;</li>
 * <li>the prepared writers commit. One that cannot be reached now stays prepared and recovery commits
 * it later by the decision: the transaction is committed, so the application sees success.</li>
 * </ol>
 * Only when the decision shard's commit was sent and neither it nor a fresh connection can say
 * what became of it is the outcome unknown ({@link CommitUnknownException}).
 */
final class AtomicCommit {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicCommit.class);
    // a commit in flight on the lost connection may hold the decision's key for a moment
    private static final int SETTLE_ATTEMPTS = 5;

    private final AtomicTransactions atomic;
    private final BranchProtocol protocol;
    private final PhysicalConnections conns;
    private final Participants p;
    private final GlobalTransactionId id;
    private final String[] qualifiers;
    // per participant: 0 open, 1 finished (committed or rolled back), 2 prepared
    private final int[] state;

    AtomicCommit(AtomicTransactions atomic, PhysicalConnections conns, Participants p) {
        this.atomic = atomic;
        this.protocol = atomic.protocol();
        this.conns = conns;
        this.p = p;
        this.id = p.id != null ? p.id : atomic.newId(conns.name(p.shards[0]));
        this.qualifiers = p.qualifiers.clone();
        this.state = new int[p.size()];
    }

    void run() throws SQLException {
        String decisionShard = conns.name(p.shards[0]);
        List<String> writers = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) if (i == 0 || p.wrote[i]) writers.add(conns.name(p.shards[i]));
        Connection decision = conns.get(p.shards[0]);
        try {
            atomic.ensureDecisionTable(decisionShard);
            DecisionLog.recordCommit(decision, id, String.join(",", writers));
        } catch (SQLException e) {
            throw rollBackEverywhere("recording its commit decision failed on shard " + decisionShard,
                    ShardErrors.fromShard(decisionShard, e));
        }
        for (int i = 1; i < p.size(); i++) {
            if (p.wrote[i]) continue;
            try {
                finishOnePhase(i);
            } catch (SQLException e) {
                // it only read: its end changes no data, whatever happened to it
                LOG.debug("shard {}: ending the read-only part of {} failed: {}", conns.name(p.shards[i]), id, e.toString());
            }
            state[i] = 1;
        }
        prepareWriters();
        observe(CommitObserver.Step.PREPARED, decisionShard);
        decide(decision, writers);
        state[0] = 1;
        observe(CommitObserver.Step.DECIDED, decisionShard);
        for (int i = 1; i < p.size(); i++) {
            if (state[i] != 2) continue;
            try {
                protocol.commitPrepared(conns.get(p.shards[i]), id, qualifier(i));
            } catch (SQLException e) {
                if (!protocol.isUnknownBranch(e)) {
                    LOG.warn("shard {}: the second phase of committed transaction {} failed; the shard keeps its part prepared"
                            + " until recovery commits it: {}", conns.name(p.shards[i]), id, e.toString());
                    atomic.recoverSoon();
                }
            }
            state[i] = 1;
            observe(CommitObserver.Step.BRANCH_COMMITTED, conns.name(p.shards[i]));
        }
    }

    /**
     * Prepares every writer but the decision shard, all at once (each PREPARE is a durable write on its
     * own server): the calling thread prepares one, the runtime's pool the others. Any failure rolls
     * back every shard, the ones that prepared included.
     */
    private void prepareWriters() throws SQLException {
        List<Integer> writers = new ArrayList<>();
        for (int i = 1; i < p.size(); i++) if (p.wrote[i]) writers.add(i);
        Connection[] cs = new Connection[p.size()];
        for (int i : writers) {
            cs[i] = conns.get(p.shards[i]);
            qualifier(i);
        }
        List<java.util.concurrent.Future<?>> others = new ArrayList<>();
        SQLException[] failures = new SQLException[p.size()];
        for (int w = 1; w < writers.size(); w++) {
            int i = writers.get(w);
            others.add(atomic.phaseOne().submit(() -> prepare(i, cs[i], failures)));
        }
        if (!writers.isEmpty()) prepare(writers.get(0), cs[writers.get(0)], failures);
        for (java.util.concurrent.Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw rollBackEverywhere("interrupted while the shards prepared", new SQLException(e.toString(), "40000", e));
            } catch (java.util.concurrent.ExecutionException e) {
                throw rollBackEverywhere("PREPARE failed", new SQLException(e.getCause().toString(), "40000", e.getCause()));
            }
        }
        for (int i : writers) {
            if (failures[i] != null) {
                String shard = conns.name(p.shards[i]);
                throw rollBackEverywhere("PREPARE failed on shard " + shard, protocol.prepareFailure(shard, failures[i]));
            }
        }
    }

    // runs on the pool: the state array is read by the committing thread only after the task's Future completed
    private void prepare(int i, Connection c, SQLException[] failures) {
        try {
            protocol.prepare(c, id, qualifiers[i]);
            state[i] = 2;
        } catch (SQLException e) {
            failures[i] = e;
        }
    }

    /** Commits the decision shard; learns the outcome from a fresh connection when the answer was lost. */
    private void decide(Connection decision, List<String> writers) throws SQLException {
        String decisionShard = conns.name(p.shards[0]);
        try {
            decision.commit();
            return;
        } catch (SQLException e) {
            state[0] = 1;
            SQLException failure = ShardErrors.fromShard(decisionShard, e);
            if (!connectionLost(e, decision)) throw rollBackEverywhere("the commit of decision shard " + decisionShard + " failed", failure);
            Decision d = Decision.PENDING;
            SQLException asking = failure;
            for (int attempt = 0; attempt < SETTLE_ATTEMPTS && d == Decision.PENDING; attempt++) {
                try (Connection c = atomic.open(decisionShard)) {
                    d = DecisionLog.settle(c, protocol, id);
                } catch (SQLException again) {
                    asking.addSuppressed(again);
                    break;
                }
            }
            if (d == Decision.COMMIT) return;
            if (d == Decision.ROLLBACK) throw rollBackEverywhere("decision shard " + decisionShard + " lost its commit", failure);
            throw CommitUnknownException.inDoubt(id, writers, failure);
        }
    }

    /** Rolls back every participant not finished yet (prepared ones too) and says so; failures are left to recovery. */
    private SQLException rollBackEverywhere(String why, SQLException cause) {
        List<String> shards = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            shards.add(conns.name(p.shards[i]));
            if (state[i] == 1) continue;
            Connection c = conns.peek(p.shards[i]);
            try {
                if (c == null) continue;
                if (state[i] == 2) protocol.rollbackPrepared(c, id, qualifier(i));
                else if (p.started[i]) protocol.rollbackActive(c, id, qualifier(i));
                else c.rollback();
            } catch (SQLException e) {
                // a prepared part left behind has no commit decision: recovery rolls it back
                cause.addSuppressed(ShardErrors.fromShard(conns.name(p.shards[i]), e));
                if (state[i] == 2) atomic.recoverSoon();
            }
            state[i] = 1;
        }
        return new SQLException("atomic transaction " + id.text() + " was rolled back on every shard " + shards + ": "
                + why + ": " + cause.getMessage(), cause.getSQLState() != null ? cause.getSQLState() : "40000",
                cause.getErrorCode(), cause);
    }

    // an observer's failure must not stop the protocol half way
    private void observe(CommitObserver.Step step, String shard) {
        try {
            atomic.observer().reached(step, id, shard);
        } catch (RuntimeException | AssertionError e) {
            LOG.warn("the commit observer failed at {} of {}: {}", step, id, e.toString());
        }
    }

    private void finishOnePhase(int i) throws SQLException {
        Connection c = conns.get(p.shards[i]);
        if (p.started[i]) protocol.commitOnePhase(c, id, qualifier(i)); else c.commit();
    }

    private String qualifier(int i) throws SQLException {
        if (qualifiers[i] == null) qualifiers[i] = protocol.qualifier(conns.get(p.shards[i]), conns.name(p.shards[i]));
        return qualifiers[i];
    }

    static boolean connectionLost(SQLException e, Connection c) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) return true;
        }
        try {
            return c.isClosed();
        } catch (SQLException ignored) {
            return true;
        }
    }
}
