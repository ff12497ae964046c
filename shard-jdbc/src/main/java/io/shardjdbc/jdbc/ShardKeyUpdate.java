package io.shardjdbc.jdbc;

import io.shardjdbc.engine.ExecMode;
import io.shardjdbc.route.KeyMove;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import io.shardjdbc.sql.StatementKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An UPDATE that sets a table's shard key, under {@code transactions: atomic}: on each shard where its
 * WHERE finds rows, the UPDATE runs as written (the database evaluates every assignment, defaults and
 * triggers as usual); rows that now carry a key belonging to another shard are read whole, inserted
 * there and deleted here. All of it runs in the connection's transaction (one of its own in
 * auto-commit), so the two-phase commit moves each row exactly once or not at all. The update count
 * is the rows the UPDATE changed. Rows of co-located tables are not moved: the statement updates the
 * table it names. Outside {@code atomic} the statement is refused ({@link io.shardjdbc.sql.Refusals#SQL_STATE}).
 */
final class ShardKeyUpdate {
    private ShardKeyUpdate() { }

    static long run(ShardConnection conn, RoutePlan plan, String sql, Parameters params) throws SQLException {
        KeyMove move = plan.keyMove();
        move.requireAtomic(conn.runtime().config().transactions());
        int target = move.newShard(params);
        Object newKey = move.newKey(params);
        return OwnTransaction.run(conn, () -> {
            long count = 0;
            for (RouteUnit u : plan.units()) {
                long changed;
                // the UPDATE runs as planned on this one shard: a hint would be refused, since a hinted
                // statement may not change a shard key
                RoutePlan one = new RoutePlan(StatementKind.UPDATE, List.of(u), RoutePlan.UpdateCount.SUM, null);
                try (ShardPreparedStatement update = conn.prepareStatement(sql).unwrap(ShardPreparedStatement.class)) {
                    if (params instanceof ParameterSet p) update.bindAll(p);
                    update.executePlan(one, ExecMode.UPDATE, sql, params);
                    changed = update.getLargeUpdateCount();
                }
                count += changed;
                if (changed > 0 && u.shard() != target) moveRows(conn, move, newKey, u.shardName(), conn.shardName(target));
            }
            return count;
        });
    }

    /** Moves the rows of {@code from} that carry the new key to {@code to}: read whole, insert there, delete here. */
    private static void moveRows(ShardConnection conn, KeyMove move, Object newKey, String from, String to) throws SQLException {
        String where = " WHERE " + move.keyColumn() + " = ?";
        List<Object[]> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        try (PreparedStatement select = conn.prepareStatement(hint(from) + "SELECT * FROM " + move.table() + where)) {
            select.setObject(1, newKey);
            try (ResultSet rs = select.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) columns.add(md.getColumnLabel(i));
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) row[i] = rs.getObject(i + 1);
                    rows.add(row);
                }
            }
        }
        String insertSql = hint(to) + "INSERT INTO " + move.table() + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        try (PreparedStatement insert = conn.prepareStatement(insertSql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) insert.setObject(i + 1, row[i]);
                insert.executeUpdate();
            }
        }
        try (PreparedStatement delete = conn.prepareStatement(hint(from) + "DELETE FROM " + move.table() + where)) {
            delete.setObject(1, newKey);
            delete.executeUpdate();
        }
    }

    private static String hint(String shard) {
        return "/* shard: " + shard + " */ ";
    }
}
