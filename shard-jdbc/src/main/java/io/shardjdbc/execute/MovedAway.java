package io.shardjdbc.execute;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.topology.Fence;
import io.shardjdbc.topology.MoveFence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Whether a write went to a shard that a move had taken its unit from before the write was routed.
 * Once a move has deleted a unit's rows from its source, an UPDATE or DELETE of them there matches
 * no row, so the fence's row trigger never sees it and the write would be lost without a word. The
 * fence rows stay on the source with the topology version of the flip ({@link Fence}); a write
 * routed on an older version than one of them is treated as refused by the fence: it waits for the
 * new topology and runs on the unit's new shard ({@link MoveRetry}). Asked after writes that changed
 * no row, and after writes that ran on several shards: one query on a shard that has the fence table;
 * on one that has none, one query per {@link Fence#ABSENCE_RECHECK_MILLIS} at most. Thread-safe.
 */
public final class MovedAway {
    private static final long ABSENCE_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(Fence.ABSENCE_RECHECK_MILLIS);
    private final boolean fenceable;
    private final String hasTable;
    // per shard: 1 once the fence table with flip versions was seen there (it is never dropped)
    private final AtomicIntegerArray seen;
    // per shard: until when (System.nanoTime, 0 for never asked) the shard is taken to have no fence table. Safe,
    // because the table is created when a unit is fenced and the move engine deletes the unit's rows no sooner than
    // Fence.ABSENCE_RECHECK_MILLIS later; spares a deployment that never moved a query per write that changed no row
    private final AtomicLongArray absentUntil;

    MovedAway(Dialect dialect, int shardCapacity) {
        this.fenceable = dialect == Dialect.POSTGRESQL || dialect == Dialect.MYSQL;
        this.hasTable = fenceable ? Fence.hasMovedAwayTable(dialect) : null;
        this.seen = new AtomicIntegerArray(shardCapacity);
        this.absentUntil = new AtomicLongArray(shardCapacity);
    }

    /**
     * Asks a shard, on the connection the write ran on, whether a unit left it at a topology version
     * newer than {@code routedVersion}; returns the refusal to treat the write as (SQLState
     * {@value MoveFence#SQLSTATE}), or null when the write went where it belongs.
     */
    public SQLException refusal(Connection c, int shard, String shardName, long routedVersion) throws SQLException {
        if (!fenceable) return null;
        try {
            if (seen.get(shard) == 0) {
                long until = absentUntil.get(shard);
                if (until != 0 && System.nanoTime() - until < 0) return null;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(hasTable)) {
                    if (!rs.next() || rs.getLong(1) == 0) {
                        absentUntil.set(shard, (System.nanoTime() + ABSENCE_RECHECK_NANOS) | 1); // never 0
                        return null;
                    }
                }
                seen.set(shard, 1);
            }
            try (PreparedStatement ps = c.prepareStatement(Fence.movedAwayQuery())) {
                ps.setLong(1, routedVersion);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return null;
                    return new SQLException(MoveFence.MESSAGE_PREFIX + " table " + rs.getString(1) + ", unit " + rs.getString(2)
                            + " left shard " + shardName + " with move " + rs.getString(3) + " at topology version " + rs.getLong(4)
                            + ", newer than version " + routedVersion + " this write was routed by; retry on the new topology",
                            MoveFence.SQLSTATE);
                }
            }
        } catch (SQLException e) {
            throw ShardErrors.fromShard(shardName, Fence.movedAwayQuery(), e);
        }
    }
}
