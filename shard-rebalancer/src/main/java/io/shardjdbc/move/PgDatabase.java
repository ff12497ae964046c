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
import java.util.List;
import java.util.Map;

/** Moves between PostgreSQL shards: logical decoding ({@link PgCapture}), {@code COPY} ({@link PgCopy}), {@link PgTables}. */
final class PgDatabase implements ShardDatabase {
    @Override
    public Dialect dialect() { return Dialect.POSTGRESQL; }

    @Override
    public Map<String, String> connectionProperties() { return Map.of(); }

    @Override
    public MovedTable describe(Connection source, String table, String key, String shard) throws SQLException {
        return PgTables.describe(source, table, key, shard);
    }

    @Override
    public long estimatedRows(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public void ensureOnTarget(Connection source, Connection target, MovedTable t) throws SQLException {
        PgTables.ensureOnTarget(source, target, t);
    }

    @Override
    public boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public Capture capture(ShardSpec source, String moveId, String position) {
        return new PgCapture(source, moveId);
    }

    @Override
    public void copy(Connection read, Connection target, MovedTable t, String unitCondition, List<String> after, int chunkRows,
                     Throttle throttle, ChunkDone done) throws SQLException {
        PgCopy.copy(read, target, t, unitCondition, after, chunkRows, throttle, done);
    }

    @Override
    public String checksum(Connection c, MovedTable t, String condition) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), COALESCE(sum(('x' || substr(md5(ROW(" + t.columnList()
                     + ")::text), 1, 15))::bit(60)::bigint), 0) FROM " + t.name() + " WHERE " + condition)) {
            rs.next();
            return rs.getLong(1) + " rows, " + rs.getString(2);
        }
    }

    @Override
    public long[] rowsAndBytes(Connection c, MovedTable t, String condition) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), COALESCE(sum(pg_column_size(" + t.name() + ".*)), 0) FROM " + t.name()
                     + " WHERE " + condition)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    @Override
    public boolean lockTimedOut(SQLException e) {
        return "55P03".equals(e.getSQLState()); // lock_not_available
    }

    @Override
    public String upsert(MovedTable t, List<String> cols) {
        StringBuilder set = new StringBuilder();
        for (String c : cols) {
            if (t.primaryKey().contains(c)) continue;
            set.append(set.length() == 0 ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
        }
        return "INSERT INTO " + t.name() + " (" + String.join(", ", cols) + ") VALUES (" + ChangeApplier.marks(cols.size()) + ") ON CONFLICT ("
                + t.keyList() + ") " + (set.length() == 0 ? "DO NOTHING" : "DO UPDATE SET " + set);
    }

    @Override
    public void bind(PreparedStatement ps, int i, Object text) throws SQLException {
        // untyped: the target casts the source's text to the column's type
        if (text == null) ps.setNull(i, Types.OTHER);
        else ps.setObject(i, text, Types.OTHER);
    }

    /**
     * The trigger on each table where it is missing, in a short transaction of its own (its lock waits at
     * most {@link #FENCE_WAIT_SECONDS} for writers in flight; when it gives up, the fence installs it).
     */
    @Override
    public void prepareFence(Connection admin, List<MovedTable> tables, Fence.UnitFunction unit) throws SQLException {
        admin.setAutoCommit(false);
        try (Statement st = admin.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + FENCE_WAIT_SECONDS + "s'");
            installWhereMissing(admin, tables, unit);
            admin.commit();
        } catch (SQLException e) {
            admin.rollback();
            if (!lockTimedOut(e)) throw e;
        } finally {
            admin.setAutoCommit(true);
        }
    }

    /** Installs the fence (table, epoch, function, trigger) on each table that has no fence trigger. */
    private static void installWhereMissing(Connection admin, List<MovedTable> tables, Fence.UnitFunction unit) throws SQLException {
        try (Statement st = admin.createStatement();
             PreparedStatement has = admin.prepareStatement("SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname = 'sjdbc_fence'")) {
            for (MovedTable t : tables) {
                has.setString(1, t.name());
                boolean present;
                try (ResultSet rs = has.executeQuery()) {
                    present = rs.next();
                }
                if (!present) {
                    for (String sql : Fence.install(Dialect.POSTGRESQL, t.name(), t.key(), unit)) st.execute(sql);
                }
            }
        }
    }

    @Override
    public void fence(Connection admin, List<MovedTable> tables, Fence.UnitFunction unit, List<String> units, String moveId,
                      Capture capture, String marker) throws SQLException {
        admin.setAutoCommit(false);
        try (Statement st = admin.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + FENCE_WAIT_SECONDS + "s'");
            // waits for writers in flight on these tables and holds new ones until the fence is in
            st.execute("LOCK TABLE " + String.join(", ", tables.stream().map(MovedTable::name).toList())
                    + " IN SHARE ROW EXCLUSIVE MODE");
            installWhereMissing(admin, tables, unit); // done ahead by prepareFence, unless that gave up its wait
            st.execute(Fence.advanceEpoch());
            ShardDatabase.insertFenceRows(admin, "ON CONFLICT (tbl, unit) DO UPDATE SET move_id = EXCLUDED.move_id, version = NULL", tables, units, moveId);
            capture.mark(admin, marker);
            admin.commit();
        } catch (SQLException | RuntimeException e) {
            admin.rollback();
            throw e;
        } finally {
            admin.setAutoCommit(true);
        }
    }
}
