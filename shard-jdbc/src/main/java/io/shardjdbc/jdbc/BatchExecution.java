package io.shardjdbc.jdbc;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.execute.TopologySource;
import io.shardjdbc.observe.ExecutionObserver;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.topology.MoveFence;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code executeBatch} of a logical statement: routing every entry, adding its units to physical
 * batches ({@link BatchRun}), running them, and what a failure means (connections dropped, a
 * move's fence refusal reported once the new topology is in).
 */
final class BatchExecution {
    private BatchExecution() { }

    /** How one kind of statement routes a batch entry and adds it to a physical batch. */
    interface BatchEntries<E> {
        /** The route of one entry (its SQL and parameters). */
        RoutePlan plan(E entry) throws SQLException;

        /** The SQL text of an entry, for messages. */
        String sql(E entry);

        /** Adds an entry's unit to the physical batch of its shard and statement; returns that statement. */
        Statement add(E entry, RouteUnit unit) throws SQLException;
    }

    /**
     * Runs a batch: every entry is routed first (so a bad entry fails before anything runs), then
     * its units are added to physical batches per (shard, statement), and the counts come back in
     * entry order.
     */
    static <E> long[] run(AbstractShardStatement st, List<E> entries, BatchEntries<E> kind) throws SQLException {
        ShardConnection connection = st.connection;
        st.beginExecution();
        TopologySource.Snapshot routedOn = connection.runtime().snapshot();
        BatchRun run = new BatchRun(entries.size());
        List<RoutePlan> plans = new ArrayList<>(entries.size());
        try {
            for (E entry : entries) {
                RoutePlan plan = kind.plan(entry);
                if (plan.kind() == StatementKind.TRANSACTION || plan.kind() == StatementKind.SESSION) {
                    throw new BatchUpdateException(plan.kind() + " statements cannot be batched [statement: "
                            + ShardErrors.abbreviate(kind.sql(entry)) + "]", Refusals.SQL_STATE, 0, new long[0], null);
                }
                if (plan.readFirst() != null) {
                    throw new BatchUpdateException("a write whose subqueries read other shards' rows runs as a read and then "
                            + "a write, which cannot be batched; execute it on its own [statement: "
                            + ShardErrors.abbreviate(kind.sql(entry)) + "]", Refusals.SQL_STATE, 0, new long[0], null);
                }
                connection.units().reads().placeOnPrimaries(plan, kind.sql(entry));
                plans.add(plan);
            }
            for (int e = 0; e < entries.size(); e++) {
                RoutePlan plan = plans.get(e);
                if (plan.units().isEmpty()) run.none(e);
                for (RouteUnit u : plan.units()) {
                    Statement s;
                    try {
                        st.lease(u.shard());
                        s = kind.add(entries.get(e), u);
                    } catch (SQLException ex) {
                        throw ShardErrors.fromShard(u.shardName(), u.sql(), ex);
                    }
                    connection.runtime().countPrimaryStatement(u.shard());
                    run.add(e, run.group(s, u), plan);
                }
            }
        } catch (SQLException ex) {
            run.clear();
            st.releaseLeases();
            connection.statementDone();
            throw connection.units().afterFailure(ex, null, false);
        }
        st.ran.addAll(run.statements());
        st.ranShards.addAll(run.shards());
        ExecutionObserver.Execution execution = entries.isEmpty() ? ExecutionObserver.Execution.IGNORED
                : connection.runtime().observers().started(run.plan(), "executeBatch of " + entries.size() + ": "
                        + kind.sql(entries.get(0)));
        try {
            long[] counts = run.execute(execution);
            execution.finished(null);
            if (!st.wantsGeneratedKeys()) st.releaseLeases();
            for (int e = 0; e < counts.length; e++) {
                // an entry that changed no row may have gone to a shard a move took its unit from
                SQLException refusal = counts[e] == 0 ? st.movedAwayRefusal(plans.get(e), routedOn.storeVersion()) : null;
                if (refusal != null) {
                    throw connection.moves().batchRefused(new BatchUpdateException(refusal.getMessage(), refusal.getSQLState(), 0, counts,
                            refusal), refusal, routedOn);
                }
            }
            return counts;
        } catch (SQLException e) {
            execution.finished(e);
            st.releaseLeases();
            SQLException refusal = MoveFence.refusal(e);
            if (refusal == null) throw connection.units().afterFailure(e, null, false);
            throw connection.moves().batchRefused(e, refusal, routedOn);
        } finally {
            connection.statementDone();
        }
    }
}
