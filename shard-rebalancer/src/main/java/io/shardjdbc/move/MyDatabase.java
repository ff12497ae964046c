package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.topology.Fence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Moves between MySQL/MariaDB shards: the binary log ({@link MyCapture}), multi-row INSERTs
 * ({@link MyCopy}), the table's shape from {@code information_schema}.
 */
final class MyDatabase implements ShardDatabase {
    private static final Set<String> NUMERIC = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "decimal", "numeric", "float", "double", "year", "bit");

    @Override
    public Dialect dialect() { return Dialect.MYSQL; }

    /**
     * Batches become multi-row INSERTs; every session of the move runs in UTC, so that TIMESTAMP values
     * read from the binary log (instants) and compared in checksums are the same text on both sides.
     */
    @Override
    public Map<String, String> connectionProperties() {
        return Map.of("rewriteBatchedStatements", "true", "connectionTimeZone", "UTC", "forceConnectionTimeZoneToSession", "true");
    }

    @Override
    public MovedTable describe(Connection source, String table, String key, String shard) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT LOWER(column_name), LOWER(data_type) FROM information_schema.columns "
                + "WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                    types.add(rs.getString(2));
                }
            }
        }
        List<String> pk = new ArrayList<>();
        try (PreparedStatement ps = source.prepareStatement("SELECT LOWER(column_name) FROM information_schema.key_column_usage "
                + "WHERE table_schema = DATABASE() AND table_name = ? AND constraint_name = 'PRIMARY' ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) pk.add(rs.getString(1));
            }
        }
        List<Boolean> numeric = new ArrayList<>();
        for (String c : pk) numeric.add(NUMERIC.contains(types.get(columns.indexOf(c))));
        return MovedTable.of(table, key, columns, pk, numeric, shard);
    }

    @Override
    public long estimatedRows(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(table_rows, 0) FROM information_schema.tables "
                + "WHERE table_schema = DATABASE() AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public void ensureOnTarget(Connection source, Connection target, MovedTable t) throws SQLException {
        if (exists(target, t.name())) return;
        String ddl;
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + t.name())) {
            rs.next();
            ddl = rs.getString(2);
        }
        try (Statement st = target.createStatement()) {
            st.execute(ddl);
        }
    }

    @Override
    public boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name = ?")) {
            ps.setString(1, table.toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    @Override
    public Capture capture(ShardSpec source, String moveId, String position) {
        return new MyCapture(source, moveId, position);
    }

    @Override
    public void copy(Connection read, Connection target, MovedTable t, String unitCondition, List<String> after, int chunkRows,
                     Throttle throttle, ChunkDone done) throws SQLException {
        MyCopy.copy(read, target, t, unitCondition, after, chunkRows, throttle, done);
    }

    @Override
    public String checksum(Connection c, MovedTable t, String condition) throws SQLException {
        List<String> fields = new ArrayList<>();
        // NULL and the empty string differ in the hashed text: ISNULL flags each value
        for (String col : t.columns()) fields.add("ISNULL(" + col + "), COALESCE(CAST(" + col + " AS CHAR), '')");
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(CAST(CONV(SUBSTR(MD5(CONCAT_WS('|', " + String.join(", ", fields)
                     + ")), 1, 15), 16, 10) AS UNSIGNED)), 0) FROM " + t.name() + " WHERE " + condition)) {
            rs.next();
            return rs.getLong(1) + " rows, " + rs.getString(2);
        }
    }

    /** Bytes from the table's average row length (InnoDB statistics): MySQL has no size of one row. */
    @Override
    public long[] rowsAndBytes(Connection c, MovedTable t, String condition) throws SQLException {
        long rows;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.name() + " WHERE " + condition)) {
            rs.next();
            rows = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(avg_row_length, 0) FROM information_schema.tables "
                + "WHERE table_schema = DATABASE() AND table_name = ?")) {
            ps.setString(1, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                return new long[] {rows, rs.next() ? rows * rs.getLong(1) : 0};
            }
        }
    }

    @Override
    public boolean lockTimedOut(SQLException e) {
        return e.getErrorCode() == 1205; // ER_LOCK_WAIT_TIMEOUT, also for metadata locks
    }

    @Override
    public String upsert(MovedTable t, List<String> cols) {
        StringBuilder set = new StringBuilder();
        for (String c : cols) {
            if (t.primaryKey().contains(c)) continue;
            set.append(set.length() == 0 ? "" : ", ").append(c).append(" = VALUES(").append(c).append(')');
        }
        String first = t.primaryKey().get(0);
        return "INSERT INTO " + t.name() + " (" + String.join(", ", cols) + ") VALUES (" + ChangeApplier.marks(cols.size())
                + ") ON DUPLICATE KEY UPDATE " + (set.length() == 0 ? first + " = " + first : set);
    }

    @Override
    public void bind(PreparedStatement ps, int i, Object value) throws SQLException {
        if (value == null) ps.setNull(i, Types.NULL);
        else if (value instanceof byte[] b) ps.setBytes(i, b);
        else ps.setObject(i, value);
    }

    /**
     * Fence rows first (committed: every statement that starts later sees them), the triggers where
     * they are missing, then {@code LOCK TABLES ... WRITE} and {@code UNLOCK TABLES}: the lock waits for
     * every transaction that has used the tables to end, so a write accepted before the fence is
     * committed, and in the binary log, before the marker.
     */
    @Override
    public void fence(Connection admin, List<MovedTable> tables, Fence.UnitFunction unit, List<String> units, String moveId,
                      Capture capture, String marker) throws SQLException {
        admin.setAutoCommit(true);
        try (Statement st = admin.createStatement()) {
            // bounded: writers queue behind the lock's wait; a longer transaction makes this attempt give up
            st.execute("SET SESSION lock_wait_timeout = " + FENCE_WAIT_SECONDS);
            for (String sql : Fence.createTable(Dialect.MYSQL)) st.execute(sql);
            ShardDatabase.insertFenceRows(admin, "ON DUPLICATE KEY UPDATE move_id = VALUES(move_id), version = NULL", tables, units, moveId);
            installWhereMissing(admin, tables, unit);
            try {
                st.execute("LOCK TABLES " + String.join(", ", tables.stream().map(t -> t.name() + " WRITE").toList()));
            } catch (SQLException e) {
                // the wait gave up: lift this attempt's fence rows, so that writers are not refused until the next one
                try (PreparedStatement ps = admin.prepareStatement("DELETE FROM " + Fence.TABLE + " WHERE move_id = ?")) {
                    ps.setString(1, moveId);
                    ps.executeUpdate();
                }
                throw e;
            }
            st.execute("UNLOCK TABLES");
            capture.mark(admin, marker);
        }
    }

    /** The fence table, and the triggers on each table that lacks them (waiting at most {@link #FENCE_WAIT_SECONDS}). */
    @Override
    public void prepareFence(Connection admin, List<MovedTable> tables, Fence.UnitFunction unit) throws SQLException {
        admin.setAutoCommit(true);
        try (Statement st = admin.createStatement()) {
            st.execute("SET SESSION lock_wait_timeout = " + FENCE_WAIT_SECONDS);
            for (String sql : Fence.createTable(Dialect.MYSQL)) st.execute(sql);
            installWhereMissing(admin, tables, unit);
        } catch (SQLException e) {
            if (!lockTimedOut(e)) throw e; // the fence installs them
        }
    }

    private static void installWhereMissing(Connection admin, List<MovedTable> tables, Fence.UnitFunction unit) throws SQLException {
        try (Statement st = admin.createStatement()) {
            for (MovedTable t : tables) {
                // a trigger already there stays: replacing it would leave a moment without one for earlier moves' fence rows
                if (triggers(admin, t.name()) < 3) {
                    for (String sql : Fence.install(Dialect.MYSQL, t.name(), t.key(), unit)) st.execute(sql);
                }
            }
        }
    }

    private static int triggers(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() "
                + "AND event_object_table = ? AND trigger_name LIKE 'sjdbc\\_fence\\_%'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
