package io.shardjdbc.execute;

import io.shardjdbc.physical.PhysicalConnections;
import io.shardjdbc.replica.ReplicaPolicy;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.physical.SessionState;
import io.shardjdbc.tx.TransactionState;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the units of a plan for one logical connection: where its {@link ReplicaPolicy} places them,
 * and again when that is safe. A read a replica failed runs on another replica, then on the
 * primary; a read in auto-commit mode whose primary connection was lost runs once more on a fresh
 * connection, as does a transaction's first statement on a shard; a transaction that lost a shard
 * it had used fails with class 08. Ordinary statements and the shard reads of federated queries
 * both run through here.
 *
 * <p>Used by one thread at a time, like its logical connection.
 */
public final class UnitRunner {
    private static final Logger LOG = LoggerFactory.getLogger(UnitRunner.class);

    /** One try of every unit of a plan. */
    public interface Attempt<T> {
        /**
         * Runs every unit of the plan, each on its connection slot.
         *
         * @param slots the slot of each unit (a replica's, see {@link PhysicalConnections}), or null
         *              when each unit runs on its shard's primary
         */
        T run(int[] slots) throws SQLException;

        /** Forgets a failed try (its statements, results and connection leases) before the next. */
        void reset();
    }

    private final ReplicaPolicy reads;
    private final PhysicalConnections physical;
    private final SessionState session;
    private final TransactionState tx;

    public UnitRunner(ReplicaPolicy reads, PhysicalConnections physical, SessionState session, TransactionState tx) {
        this.reads = reads;
        this.physical = physical;
        this.session = session;
        this.tx = tx;
    }

    /** Where this connection's reads go, and its read-your-writes positions. */
    public ReplicaPolicy reads() { return reads; }

    /**
     * Runs a plan's units, placed by the replica policy (enlisting them in an open transaction),
     * trying again after a failure that running again repairs; else throws the failure.
     *
     * @param sql the logical statement, for messages
     */
    public <T> T run(RoutePlan plan, String sql, Attempt<T> attempt) throws SQLException {
        int[] slots = reads.place(plan, sql);
        if (slots == null) return onPrimaries(plan, sql, attempt);
        // a read on replicas: one that fails before returning rows because of a replica runs again elsewhere
        for (int tries = 1; ; tries++) {
            int[] again;
            try {
                return attempt.run(slots);
            } catch (SQLException e) {
                again = tries < ReplicaPolicy.MAX_READ_ATTEMPTS ? reads.retry(plan, slots, e) : null;
                if (again == null) throw afterFailure(e, null, false);
                attempt.reset();
            } finally {
                reads.done(slots);
            }
            slots = again;
        }
    }

    private <T> T onPrimaries(RoutePlan plan, String sql, Attempt<T> attempt) throws SQLException {
        try {
            return attempt.run(null);
        } catch (SQLException e) {
            SQLException out = afterFailure(e, plan, true);
            if (out != null) throw out;
        }
        attempt.reset();
        try {
            reads.placeOnPrimaries(plan, sql); // a transaction enlists the shards again
            return attempt.run(null);
        } catch (SQLException e) {
            throw afterFailure(e, plan, false);
        }
    }

    /**
     * After an execution failed: drops every primary connection that broke (the next statement takes
     * a fresh one). Returns null when the statement should run once more: a query in auto-commit
     * mode whose shard connection was lost (a read changes nothing, so running it again is safe);
     * otherwise the error to throw, of class 08 when the open transaction lost a shard.
     *
     * @param plan     the failed plan, or null when unknown (batches, federation)
     * @param mayRetry false when the statement already ran twice
     */
    public SQLException afterFailure(SQLException e, RoutePlan plan, boolean mayRetry) {
        // one unit: the error is that shard's, so a connection loss it reports counts even if the pool did not see it
        int single = plan != null && plan.units().size() == 1 ? plan.units().get(0).shard() : -1;
        boolean replaced = false;
        int lost = -1;
        for (int shard = 0; shard < physical.shardCount(); shard++) {
            PhysicalConnections.Link link = physical.dropIfBroken(shard, shard == single ? e : null);
            if (link == PhysicalConnections.Link.REPLACED) replaced = true;
            else if (link == PhysicalConnections.Link.LOST_IN_TRANSACTION) lost = shard;
        }
        if (lost >= 0) {
            // the statement was the transaction's first on that shard: nothing else of it is lost there
            if (mayRetry && single == lost && tx.withdrawNewlyLost(lost, physical)) {
                LOG.debug("shard {}: a transaction's first statement there lost its connection and runs again on a fresh one: {}",
                        physical.name(lost), e.toString());
                return null;
            }
            return physical.lostInTransaction(lost, e);
        }
        boolean read = plan != null && plan.kind() == StatementKind.QUERY;
        if (replaced && mayRetry && read && session.autoCommit()) {
            LOG.debug("a read lost its shard connection and runs again on a fresh one: {}", e.toString());
            return null;
        }
        return e;
    }
}
