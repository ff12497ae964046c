package io.shardjdbc.execute;

import io.shardjdbc.config.MovesSpec;
import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.topology.MoveFence;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;

/**
 * How the driver hides an online move from the application. A write the move's fence refuses (see
 * {@link MoveFence}) was routed by a topology that still places its unit on the source: the
 * statement waits, up to {@code moves.hold}, for the topology version that points the unit at its
 * new shard (asking the store at once and then every {@code moves.poll-interval}) and is run again
 * there when that is safe. What is safe is decided by the caller; the errors for the other cases
 * are made here, so they read alike. Thread-safe.
 */
public final class MoveHold {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MoveHold.class);
    private final TopologySource source;
    private final Duration hold;
    private final long holdNanos;
    private final long pollNanos;
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder held = new java.util.concurrent.atomic.LongAdder();

    MoveHold(TopologySource source, MovesSpec spec) {
        this.source = source;
        this.hold = spec.hold();
        this.holdNanos = spec.hold().toNanos();
        this.pollNanos = spec.pollInterval().toNanos();
    }

    /** The deadline ({@link System#nanoTime}) of a hold that starts now. */
    public long deadline() {
        return System.nanoTime() + holdNanos;
    }

    /** The same, for a statement with a query timeout (seconds, 0 for none): whichever comes first. */
    public long deadline(int queryTimeoutSeconds) {
        long hold = holdNanos;
        if (queryTimeoutSeconds > 0) hold = Math.min(hold, java.util.concurrent.TimeUnit.SECONDS.toNanos(queryTimeoutSeconds));
        return System.nanoTime() + hold;
    }

    /**
     * Waits for a topology other than {@code seen}: the new snapshot, or null when the deadline passed
     * first (at once without a metadata store, whose topology never changes).
     */
    public TopologySource.Snapshot awaitChange(TopologySource.Snapshot seen, long deadline) throws SQLException {
        return awaitChange(seen, deadline, () -> false);
    }

    /** The same, ending early (SQLState 57014) once {@code cancelled} says so: {@code Statement.cancel()}. */
    public TopologySource.Snapshot awaitChange(TopologySource.Snapshot seen, long deadline, java.util.function.BooleanSupplier cancelled)
            throws SQLException {
        if (source.store() == null) return null;
        held.increment();
        waiting.incrementAndGet();
        try {
            while (true) {
                try {
                    return source.awaitChange(seen, deadline, pollNanos, cancelled);
                } catch (SQLException e) {
                    if ("57014".equals(e.getSQLState()) || System.nanoTime() - deadline >= 0) throw e; // interrupted, or out of time
                    // the store may be restarting: keep asking until the deadline, as a held write would be retried anyway
                    LOG.warn("reading the topology version for a write held by a move failed, trying again: {}", e.getMessage());
                    java.util.concurrent.locks.LockSupport.parkNanos(pollNanos);
                }
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Statements waiting for a new topology right now. */
    public int waiting() { return waiting.get(); }

    /** Times a statement waited for a new topology since the runtime started. */
    public long held() { return held.sum(); }

    /** A write still refused when the hold ran out (SQLState {@value MoveFence#SQLSTATE}). */
    public SQLException expired(SQLException refusal, String sql, int queryTimeoutSeconds) {
        boolean byTimeout = queryTimeoutSeconds > 0 && Duration.ofSeconds(queryTimeoutSeconds).compareTo(hold) < 0;
        return new SQLException("shard-jdbc: " + MoveFence.reason(refusal) + "; the write waited "
                + (byTimeout ? queryTimeoutSeconds + "s (its query timeout)" : seconds(hold) + " (moves.hold)") + " for the move to finish and the topology did not move the unit: run it again later, or"
                + " give moves.hold more time if moves take longer [statement: " + ShardErrors.abbreviate(sql) + "]",
                MoveFence.SQLSTATE, refusal.getErrorCode(), refusal);
    }

    /**
     * A transaction wrote to a unit that is moving: it fails as a serialization failure (40001), which
     * applications and frameworks already retry; by then the driver routes the unit to its new shard.
     */
    public SQLTransactionRollbackException transactionFailed(SQLException refusal, String sql) {
        return new SQLTransactionRollbackException("shard-jdbc: the transaction was rolled back because it wrote to a"
                + " unit that is moving to another shard (" + MoveFence.reason(refusal) + "); run the transaction again:"
                + " it will write to the unit's new shard [statement: " + ShardErrors.abbreviate(sql) + "]",
                "40001", refusal.getErrorCode(), refusal);
    }

    /**
     * A write refused by the fence that is not run again (it ran on several shards, it is a batch, ...).
     *
     * @param why   why it is not run again
     * @param moved whether the topology has moved the unit since (so running the refused part again places it)
     */
    public SQLException notRerun(SQLException refusal, String why, boolean moved) {
        return new SQLException("shard-jdbc: " + MoveFence.reason(refusal) + "; the write is not run again: " + why + "; "
                + (moved ? "the topology now places the unit on its new shard, so running the refused write again writes it there"
                        : "the move did not finish within " + seconds(hold) + " (moves.hold): run the refused write again later"),
                MoveFence.SQLSTATE, refusal.getErrorCode(), refusal);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
