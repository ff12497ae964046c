package io.shardjdbc.route;

import io.shardjdbc.sql.InsertRows;
import io.shardjdbc.sql.Operand;
import io.shardjdbc.strategy.Placement;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.List;

/**
 * An INSERT ... VALUES into a sharded table: each row goes to the shard of its key; a multi-row
 * INSERT whose rows belong to several shards is split into one INSERT per shard.
 */
final class InsertRoute extends BoundRoute {
    private final Placement placement;
    private final Operand[] keys;
    private final int[] rowSpans;
    private final int[] paramOffsets;
    private final String table;
    private final String keyColumn;

    InsertRoute(Topology topology, String sql, int[] paramOffsets, Placement placement, InsertRows rows, int keyIndex,
                String table, String keyColumn) {
        super(topology, sql, StatementKind.INSERT, paramOffsets.length);
        this.placement = placement;
        this.keys = new Operand[rows.rows().size()];
        for (int i = 0; i < keys.length; i++) keys[i] = rows.rows().get(i).get(keyIndex);
        this.rowSpans = rows.rowSpans();
        this.paramOffsets = paramOffsets;
        this.table = table;
        this.keyColumn = keyColumn;
    }

    @Override
    public RoutePlan route(Parameters params) throws SQLException {
        if (keys.length == 1) return onShard(shardOfRow(0, params));
        int[] shardOfRow = new int[keys.length];
        int first = -1;
        boolean split = false;
        for (int i = 0; i < keys.length; i++) {
            shardOfRow[i] = shardOfRow(i, params);
            if (first < 0) first = shardOfRow[i];
            else if (shardOfRow[i] != first) split = true;
        }
        if (!split) return onShard(first);
        List<RouteUnit> units = new ArrayList<>();
        boolean[] done = new boolean[topology.shardCount()];
        for (int i = 0; i < keys.length; i++) {
            int s = shardOfRow[i];
            if (done[s]) continue;
            done[s] = true;
            int[] keep = new int[keys.length];
            int k = 0;
            for (int j = i; j < keys.length; j++) if (shardOfRow[j] == s) keep[k++] = j;
            units.add(SqlEdits.apply(s, topology.shardName(s), sql, paramOffsets,
                    List.of(SqlEdits.keepParts(rowSpans, java.util.Arrays.copyOf(keep, k)))));
        }
        return new RoutePlan(kind, units, RoutePlan.UpdateCount.SUM, null);
    }

    private int shardOfRow(int row, Parameters params) throws SQLException {
        Object v = KeyFilter.value(keys[row], params);
        if (v == null) {
            throw new SQLIntegrityConstraintViolationException("the shard key " + keyColumn + " of " + table + " is NULL"
                    + (keys.length > 1 ? " in row " + (row + 1) : "") + "; every row needs a key to find its shard", "23502");
        }
        try {
            return placement.shardOf(v);
        } catch (SQLException e) {
            throw new SQLException("cannot place a row of " + table + " by " + keyColumn + " = " + v + ": " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }
}
