package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Copies the rows of a unit from a MySQL/MariaDB source to a MySQL/MariaDB target: one SELECT on the
 * source in primary key order, streamed row by row (the driver's streaming result set: never the whole
 * table in memory), into batches of INSERTs on the target that the driver rewrites as multi-row
 * INSERTs, committed every {@code chunkRows} rows. Values pass through as the server's text (binary
 * columns as bytes), which the target parses back into the same value: no fractional second, time
 * zone or unsigned value lost on the way through Java types.
 */
final class MyCopy {
    private static final java.util.Set<Integer> BINARY = java.util.Set.of(java.sql.Types.BINARY, java.sql.Types.VARBINARY,
            java.sql.Types.LONGVARBINARY, java.sql.Types.BLOB, java.sql.Types.BIT);

    private MyCopy() { }

    /** See {@link ShardDatabase#copy}. */
    static void copy(Connection read, Connection target, MovedTable t, String unitCondition, List<String> after,
                     int chunkRows, Throttle throttle, ShardDatabase.ChunkDone done) throws SQLException {
        String where = unitCondition + (after == null ? "" : " AND " + t.keyAbove(Dialect.MYSQL, after));
        String select = "SELECT " + t.columnList() + " FROM " + t.name() + " WHERE " + where + " ORDER BY " + t.keyList();
        String insert = "INSERT INTO " + t.name() + " (" + t.columnList() + ") VALUES (" + ChangeApplier.marks(t.columns().size()) + ")";
        int n = t.columns().size();
        int keys = t.primaryKey().size();
        try (Statement st = read.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
             PreparedStatement ps = target.prepareStatement(insert)) {
            st.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream rows instead of reading the result whole
            try (ResultSet rs = st.executeQuery(select)) {
                boolean[] binary = new boolean[n + 1];
                for (int i = 1; i <= n; i++) binary[i] = BINARY.contains(rs.getMetaData().getColumnType(i));
                int rows = 0;
                String[] last = new String[keys]; // the primary key comes first among the columns
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        if (binary[i]) {
                            ps.setBytes(i, rs.getBytes(i));
                        } else {
                            String v = rs.getString(i);
                            ps.setString(i, v);
                            if (i <= keys) last[i - 1] = v;
                        }
                    }
                    ps.addBatch();
                    if (++rows == chunkRows) {
                        ps.executeBatch();
                        target.commit();
                        done.committed(rows, text(last));
                        throttle.paced(rows);
                        rows = 0;
                    }
                }
                if (rows > 0) {
                    ps.executeBatch();
                    target.commit();
                    done.committed(rows, text(last));
                }
            }
        }
    }

    /** Key values as text for the checkpoint (read back as SQL literals by {@link MovedTable#keyAbove}). */
    private static List<String> text(String[] key) {
        return java.util.Arrays.asList(key.clone());
    }
}
