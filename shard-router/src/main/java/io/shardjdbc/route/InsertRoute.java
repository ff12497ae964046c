package io.shardjdbc.route;

import io.shardjdbc.dircache.Directory;
import io.shardjdbc.sql.InsertRows;
import io.shardjdbc.sql.Operand;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.strategy.DirectoryPlacement;
import io.shardjdbc.strategy.GeoPlacement;
import io.shardjdbc.strategy.Placement;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.List;

/**
 * An INSERT ... VALUES into a sharded table: each row goes to the shard of its key; a multi-row
 * INSERT whose rows belong to several shards is split into one INSERT per shard. A geo table's row
 * goes to its region's shards only (an unmapped or missing region fails the statement); a directory
 * table's new key is assigned a shard before the row is sent there.
 */
final class InsertRoute extends BoundRoute {
    private final Placement placement;
    private final Operand[] keys;
    private final int[] rowSpans;
    private final int[] paramOffsets;
    private final String table;
    private final String keyColumn;
    private final Operand[] regions; // geo: each row's region value, else null
    private final String regionColumn;

    InsertRoute(Topology topology, String sql, int[] paramOffsets, Placement placement, InsertRows rows, int keyIndex,
                String table, String keyColumn) {
        this(topology, sql, paramOffsets, placement, rows, keyIndex, table, keyColumn, -1, null);
    }

    /** An INSERT into a geo table: {@code regionIndex} is the region column's place in the column list. */
    InsertRoute(Topology topology, String sql, int[] paramOffsets, Placement placement, InsertRows rows, int keyIndex,
                String table, String keyColumn, int regionIndex, String regionColumn) {
        super(topology, sql, StatementKind.INSERT, paramOffsets.length);
        this.placement = placement;
        this.keys = new Operand[rows.rows().size()];
        for (int i = 0; i < keys.length; i++) keys[i] = rows.rows().get(i).get(keyIndex);
        this.rowSpans = rows.rowSpans();
        this.paramOffsets = paramOffsets;
        this.table = table;
        this.keyColumn = keyColumn;
        this.regionColumn = regionColumn;
        if (regionIndex < 0) {
            this.regions = null;
        } else {
            this.regions = new Operand[keys.length];
            for (int i = 0; i < keys.length; i++) regions[i] = rows.rows().get(i).get(regionIndex);
        }
    }

    @Override
    public RoutePlan route(Parameters params) throws SQLException {
        if (keys.length == 1) return onShard(shardOfRow(0, params));
        if (placement instanceof DirectoryPlacement d) { // the keys with entries in one round trip, before assigning the rest
            List<Object> values = new ArrayList<>(keys.length);
            for (Operand k : keys) values.add(KeyFilter.value(k, params));
            Directory.Batch batch = d.prefetch(values);
            try {
                return routeRows(params);
            } finally {
                if (batch != null) batch.close();
            }
        }
        return routeRows(params);
    }

    private RoutePlan routeRows(Parameters params) throws SQLException {
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

    @Override
    void requireRowsOn(int[] shards, Parameters params) throws SQLException {
        if (shards.length > 1) {
            // the hinted text runs unchanged on every hinted shard, so each row would be stored on each of them
            throw new SQLFeatureNotSupportedException("a shard hint sends this INSERT into " + table + " to " + names(shards)
                    + ", so each of its rows would be stored on every one of them, but a row of a sharded table lives on one "
                    + "shard; hint the one shard its rows belong on, or drop the hint", Refusals.SQL_STATE);
        }
        for (int row = 0; row < keys.length; row++) {
            int s = shardOfRow(row, params, false);
            if (s == shards[0]) continue;
            Object key = KeyFilter.value(keys[row], params);
            String where = keys.length > 1 ? " (row " + (row + 1) + ")" : "";
            if (s < 0) {
                throw new SQLFeatureNotSupportedException("a shard hint sends this INSERT into " + table + " to "
                        + names(shards) + ", but key " + keyColumn + " = " + key + where + " has no directory entry yet; "
                        + "insert it without a hint (the driver assigns its shard) or assign it first with shardctl "
                        + "directory assign", Refusals.SQL_STATE);
            }
            throw new SQLFeatureNotSupportedException("a shard hint sends this INSERT into " + table + " to " + names(shards)
                    + ", but the row with " + keyColumn + " = " + key + where + " belongs on " + topology.shardName(s)
                    + "; a hint chooses where a statement runs, not where a row lives — drop the hint", Refusals.SQL_STATE);
        }
    }

    private String names(int[] shards) {
        StringBuilder sb = new StringBuilder();
        for (int s : shards) sb.append(sb.length() == 0 ? "" : ", ").append(topology.shardName(s));
        return sb.toString();
    }

    private int shardOfRow(int row, Parameters params) throws SQLException {
        return shardOfRow(row, params, true);
    }

    /** @param assign whether a directory key without an entry is assigned one (else its shard is -1) */
    private int shardOfRow(int row, Parameters params, boolean assign) throws SQLException {
        Object v = KeyFilter.value(keys[row], params);
        if (v == null) {
            throw new SQLIntegrityConstraintViolationException("the shard key " + keyColumn + " of " + table + " is NULL"
                    + (keys.length > 1 ? " in row " + (row + 1) : "") + "; every row needs a key to find its shard", "23502");
        }
        try {
            if (regions != null) return shardInRegion(row, v, params);
            if (placement instanceof DirectoryPlacement d) return assign ? d.shardForWrite(v) : d.shardOf(v);
            return placement.shardOf(v);
        } catch (java.sql.SQLIntegrityConstraintViolationException e) {
            throw e;
        } catch (SQLException e) {
            throw new SQLException("cannot place a row of " + table + " by " + keyColumn + " = " + v + ": " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    /** Data residency: the row's region must be one of the table's, and its shard is one of that region's. */
    private int shardInRegion(int row, Object key, Parameters params) throws SQLException {
        GeoPlacement geo = (GeoPlacement) placement;
        Object region = KeyFilter.value(regions[row], params);
        String where = keys.length > 1 ? " in row " + (row + 1) : "";
        if (region == null) {
            throw new SQLIntegrityConstraintViolationException("INSERT into geo table " + table + ": the region column "
                    + regionColumn + " is NULL" + where + "; every row needs a region to keep it on its region's shards "
                    + "(known regions: " + regionsText(geo) + ")", "23502");
        }
        int r = geo.regionOf(region);
        if (r < 0) {
            throw new SQLIntegrityConstraintViolationException("INSERT into geo table " + table + ": " + regionColumn
                    + " = '" + region + "'" + where + " belongs to no region, so the row has no shard it may be stored on "
                    + "(known regions: " + regionsText(geo) + "); add the value to a region in the config", "23514");
        }
        return geo.shardOf(r, key);
    }

    static String regionsText(GeoPlacement geo) {
        StringBuilder sb = new StringBuilder();
        for (GeoPlacement.Region r : geo.regions()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(r.name()).append(' ').append(r.values());
        }
        return sb.toString();
    }
}
