package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.topology.Fence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What a move does differently on PostgreSQL and on MySQL/MariaDB shards: reading a table's shape,
 * copying rows, capturing changes, the SQL of upserts, checksums and batched deletes, and raising the
 * fence. The {@link MoveEngine} runs the same protocol over either.
 */
sealed interface ShardDatabase permits PgDatabase, MyDatabase {
    /**
     * How long the fence waits for transactions in flight on the moved tables: writers that arrive
     * meanwhile queue behind it, so the wait bounds their pause; a longer transaction makes the fence
     * give up, and the engine catches up and tries again.
     */
    int FENCE_WAIT_SECONDS = 1;

    /** The moves of shards of {@code dialect}, or a clear error for a database moves do not run on. */
    static ShardDatabase of(Dialect dialect) throws SQLException {
        return switch (dialect) {
            case POSTGRESQL -> new PgDatabase();
            case MYSQL -> new MyDatabase();
            default -> throw new SQLException("online moves run on PostgreSQL and MySQL/MariaDB shards, not on " + dialect, "0A000");
        };
    }

    Dialect dialect();

    /** Connection properties the move's own connections need (added to the shard's). */
    Map<String, String> connectionProperties();

    /**
     * The table as the source has it; fails when it is absent or has no primary key (a move must find
     * each row again on the target, by its key, to apply later changes).
     */
    MovedTable describe(Connection source, String table, String key, String shard) throws SQLException;

    /** The database's estimate of a table's rows (statistics, not a count). */
    long estimatedRows(Connection c, String table) throws SQLException;

    /** Creates the table on the target from the source's definition when the target has no such table. */
    void ensureOnTarget(Connection source, Connection target, MovedTable t) throws SQLException;

    boolean exists(Connection c, String table) throws SQLException;

    /** The change capture of a move from {@code source}, resuming from the position the journal kept (null: none yet). */
    Capture capture(ShardSpec source, String moveId, String position);

    /**
     * Copies the rows of {@code t} that satisfy {@code unitCondition} and whose key is above
     * {@code after} (null: from the first), in key order, committing on the target every
     * {@code chunkRows} rows. {@code read} reads in the transaction the capture began; {@code target}
     * is not in autocommit mode.
     */
    void copy(Connection read, Connection target, MovedTable t, String unitCondition, List<String> after, int chunkRows,
              Throttle throttle, ChunkDone done) throws SQLException;

    /** Told after each committed chunk: how many rows it had and the primary key of its last row (as text). */
    @FunctionalInterface
    interface ChunkDone {
        void committed(int rows, List<String> lastKey) throws SQLException;
    }

    /** Whether {@code e} is the fence giving up its wait for a lock ({@link #FENCE_WAIT_SECONDS}). */
    boolean lockTimedOut(SQLException e);

    /** Row count and checksum of the rows of {@code t} satisfying {@code condition}, as text to compare. */
    String checksum(Connection c, MovedTable t, String condition) throws SQLException;

    /** How many rows of {@code t} satisfy {@code condition}, and about how many bytes they take (the database's row sizes). */
    long[] rowsAndBytes(Connection c, MovedTable t, String condition) throws SQLException;

    /** An insert of a whole row ({@code columns}) that replaces the row with the same primary key. */
    String upsert(MovedTable t, List<String> columns);

    /** Binds a value as the capture delivered it. */
    void bind(PreparedStatement ps, int index, Object value) throws SQLException;

    /**
     * Puts the fence's table and triggers on the source ahead of the fence (without fence rows they refuse
     * nothing), so that the fence itself, which writers of the tables wait for, only adds its rows.
     */
    void prepareFence(Connection admin, List<MovedTable> tables, Fence.UnitFunction unit) throws SQLException;

    /**
     * Freezes {@code units} of {@code tables} on the source: fence rows and triggers in place, every
     * writer that was in flight on the tables finished, and the marker {@code marker} written into the
     * change stream after all of it, so that reading up to the marker drains every write the source
     * accepted.
     */
    void fence(Connection admin, List<MovedTable> tables, Fence.UnitFunction unit, List<String> units, String moveId,
               Capture capture, String marker) throws SQLException;

    /** Writes (or takes over) the fence rows of {@code units} of every table; {@code onConflict} is the dialect's upsert clause. */
    static void insertFenceRows(Connection c, String onConflict, List<MovedTable> tables, List<String> units, String moveId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Fence.TABLE + " (tbl, unit, move_id) VALUES (?, ?, ?) " + onConflict)) {
            for (MovedTable t : tables) {
                for (String u : units) {
                    ps.setString(1, t.name());
                    ps.setString(2, u);
                    ps.setString(3, moveId);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }
}
