package io.shardjdbc.execute;

import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.topology.MoveFence;
import java.sql.BatchUpdateException;
import java.sql.SQLException;

/**
 * What a statement does when an online move got in its way: a write its fence refused waits for
 * the topology that moves its unit and runs again there, and a read that failed while a new
 * topology came in runs again on the unit's new shard, each only while that is safe (auto-commit,
 * one shard). Otherwise the statement fails once the new topology is in, so that the application's
 * own retry goes to the new shard; a transaction fails with 40001 and is rolled back.
 */
public final class MoveRetry {
    /** The statement being executed, as a move's retry needs it. */
    public interface Run {
        /** Runs a plan of the statement once; true when its result is rows. */
        boolean run(RoutePlan plan) throws SQLException;

        /** Routes the statement again on the current topology (after which {@link #plannedOn} is that one). */
        RoutePlan replan() throws SQLException;

        /** The topology snapshot the last run was routed on. */
        TopologySource.Snapshot plannedOn();

        /** False when the statement's parameters cannot be bound a second time (a stream was read). */
        boolean canRunAgain();

        /** True once {@code Statement.cancel()} was called during this execution. */
        boolean cancelled();

        /** The statement's query timeout in seconds (0 for none), which also bounds the wait. */
        int queryTimeout();
    }

    /** The logical connection, as a move's retry needs it. */
    public interface Session {
        boolean autoCommit() throws SQLException;

        /** Rolls the open transaction back on every shard and returns {@code failure} to throw. */
        SQLException failTransaction(SQLException failure);
    }

    private final ShardRuntime runtime;
    private final Session session;

    public MoveRetry(ShardRuntime runtime, Session session) {
        this.runtime = runtime;
        this.session = session;
    }

    /**
     * After a run of a plan failed: runs it again where the move put its unit when that is safe and
     * returns that run's answer; else throws the failure to report.
     */
    public boolean afterFailure(SQLException e, RoutePlan plan, String sql, Run run) throws SQLException {
        SQLException refusal = MoveFence.refusal(e);
        if (refusal != null) return afterFence(plan, sql, refusal, run);
        if (run.plannedOn() == runtime.snapshot()) throw e;
        return afterTopologyChange(plan, sql, e, run);
    }

    /**
     * A write refused by a move's fence: waits for the topology that moves its unit and runs it again
     * there, while that is safe (auto-commit, one shard). A transaction fails with 40001 instead, and
     * a statement that ran on several shards with a clear error, both once the new topology is in
     * (or the hold ran out), so that the application's retry goes to the new shard.
     */
    private boolean afterFence(RoutePlan refused, String sql, SQLException refusal, Run run) throws SQLException {
        MoveHold hold = runtime.moveHold();
        long deadline = hold.deadline(run.queryTimeout());
        if (!session.autoCommit()) {
            // roll back first, so the transaction's locks on other shards go at once, then wait for the new topology
            SQLException failed = session.failTransaction(hold.transactionFailed(refusal, sql));
            awaitQuietly(hold, run.plannedOn(), deadline, failed);
            throw failed;
        }
        while (true) {
            TopologySource.Snapshot next = hold.awaitChange(run.plannedOn(), deadline, run::cancelled);
            if (refused.units().size() != 1) {
                throw hold.notRerun(refusal, "the statement ran on several shards, and its parts on the others may have"
                        + " been applied", next != null);
            }
            if (!run.canRunAgain()) throw hold.notRerun(refusal, "the refused run read its stream parameters", next != null);
            if (next == null) throw hold.expired(refusal, sql, run.queryTimeout());
            RoutePlan again = run.replan();
            try {
                return run.run(again);
            } catch (SQLException e) {
                SQLException r = MoveFence.refusal(e);
                if (r == null) throw e;
                refusal = r;
                refused = again;
            }
        }
    }

    /**
     * A read failed while a new topology came in: if it now routes to another shard (its unit moved
     * while it ran), it runs there, when that is safe (auto-commit, one shard before and after). A write
     * is not run again: it may have been applied before the failure, and the fence refuses writes
     * that were not.
     */
    private boolean afterTopologyChange(RoutePlan failed, String sql, SQLException e, Run run) throws SQLException {
        if (!session.autoCommit() || failed.units().size() != 1 || failed.kind() != StatementKind.QUERY) throw e;
        RoutePlan again = run.replan();
        if (again.units().size() != 1 || again.units().get(0).shard() == failed.units().get(0).shard()) throw e;
        try {
            return run.run(again);
        } catch (SQLException next) {
            return afterFailure(next, again, sql, run);
        }
    }

    /**
     * A batch refused by a move's fence is not run again (entries before the refused one may have been
     * applied, and the update counts say which); it fails once the new topology is in, so that running
     * the failed entries again writes them to the unit's new shard. In a transaction: 40001.
     *
     * @param e        the batch's failure, carrying the update counts
     * @param refusal  the fence's refusal in it
     * @param routedOn the topology the batch was routed on
     */
    public SQLException batchRefused(SQLException e, SQLException refusal, TopologySource.Snapshot routedOn)
            throws SQLException {
        MoveHold hold = runtime.moveHold();
        if (!session.autoCommit()) {
            SQLException failed = session.failTransaction(hold.transactionFailed(refusal, "executeBatch"));
            awaitQuietly(hold, routedOn, hold.deadline(), failed);
            return failed;
        }
        TopologySource.Snapshot next = hold.awaitChange(routedOn, hold.deadline());
        SQLException err = hold.notRerun(refusal, "a batch is not run again, since entries before the refused one may have"
                + " been applied (the update counts say which)", next != null);
        long[] counts = e instanceof BatchUpdateException b && b.getLargeUpdateCounts() != null ? b.getLargeUpdateCounts() : new long[0];
        return new BatchUpdateException(err.getMessage(), err.getSQLState(), err.getErrorCode(), counts, e);
    }

    /** Waits for the new topology before a failure is thrown; a failed wait is added to the failure. */
    private static void awaitQuietly(MoveHold hold, TopologySource.Snapshot seen, long deadline, SQLException failure) {
        try {
            hold.awaitChange(seen, deadline);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
