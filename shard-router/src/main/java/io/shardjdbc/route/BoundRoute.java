package io.shardjdbc.route;

import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every routed statement shares: its text, kind and parameter count on one topology, plus
 * the cached single-shard plans that run the text unchanged (the common case costs no allocation).
 */
abstract class BoundRoute implements PreparedRoute {
    final Topology topology;
    final String sql;
    final StatementKind kind;
    final int parameterCount;
    private final RoutePlan[] unchanged;

    BoundRoute(Topology topology, String sql, StatementKind kind, int parameterCount) {
        this.topology = topology;
        this.sql = sql;
        this.kind = kind;
        this.parameterCount = parameterCount;
        this.unchanged = new RoutePlan[topology.shardCount()];
    }

    @Override
    public String sql() { return sql; }

    @Override
    public StatementKind kind() { return kind; }

    @Override
    public int parameterCount() { return parameterCount; }

    /** The plan that runs this statement unchanged on one shard. */
    final RoutePlan onShard(int shard) {
        RoutePlan p = unchanged[shard];
        if (p == null) { // benign race: equal plans
            p = new RoutePlan(kind, List.of(new RouteUnit(shard, topology.shardName(shard), sql, null)),
                    RoutePlan.UpdateCount.SUM, null);
            unchanged[shard] = p;
        }
        return p;
    }

    /** The plan that runs this statement unchanged on several shards. */
    final RoutePlan onShards(int[] shards, RoutePlan.UpdateCount count) {
        if (shards.length == 1 && count == RoutePlan.UpdateCount.SUM) return onShard(shards[0]);
        List<RouteUnit> units = new ArrayList<>(shards.length);
        for (int s : shards) units.add(new RouteUnit(s, topology.shardName(s), sql, null));
        return new RoutePlan(kind, units, count, null);
    }

    @Override
    public RoutePlan routeToShard(String shardName, Parameters params) throws SQLException {
        int shard = requireShard(topology, shardName);
        requireRowsOn(new int[] {shard}, params);
        return onShard(shard);
    }

    /**
     * Fails unless every row this statement writes belongs on one of {@code shards}: a hint chooses
     * where a statement runs, never where a row lives. Statements that write no new rows pass.
     */
    void requireRowsOn(int[] shards, Parameters params) throws SQLException { }

    static int requireShard(Topology topology, String name) throws SQLException {
        int i = topology.shardIndex(name);
        if (i < 0) {
            throw new SQLSyntaxErrorException("shard hint names unknown shard '" + name + "'; known shards are "
                    + topology.shards(), "42000");
        }
        return i;
    }
}
