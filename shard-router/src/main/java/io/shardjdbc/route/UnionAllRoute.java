package io.shardjdbc.route;

import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.strategy.Placement;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A chain of UNION ALL whose parts each read sharded tables: the statement runs unchanged on every
 * shard that some part's key conditions allow, and the shards' rows are concatenated.
 */
final class UnionAllRoute extends BoundRoute {
    /**
     * One part: its key filter over its placement, and the table whose {@code scatter: reject} forbids
     * running it unnarrowed (or null).
     */
    record Part(KeyFilter filter, Placement placement, String rejectingTable) { }

    private final List<Part> parts;

    UnionAllRoute(Topology topology, String sql, int parameterCount, List<Part> parts) {
        super(topology, sql, StatementKind.QUERY, parameterCount);
        this.parts = List.copyOf(parts);
    }

    @Override
    public RoutePlan route(Parameters params) throws SQLException {
        BitSet shards = new BitSet();
        for (Part p : parts) {
            BitSet b = p.filter().shards(params);
            if (b == null) {
                if (p.rejectingTable() != null) {
                    throw new SQLSyntaxErrorException(p.rejectingTable() + " is configured scatter: reject, and a part of "
                            + "this UNION ALL has no condition on its shard key that narrows it", "42000");
                }
                b = p.placement().allShards();
            }
            shards.or(b);
        }
        int count = shards.cardinality();
        if (count == 0) return onShard(parts.get(0).placement().allShards().nextSetBit(0));
        if (count == 1) return onShard(shards.nextSetBit(0));
        List<RouteUnit> units = new ArrayList<>(count);
        for (int s = shards.nextSetBit(0); s >= 0; s = shards.nextSetBit(s + 1)) {
            units.add(new RouteUnit(s, topology.shardName(s), sql, null));
        }
        return new RoutePlan(kind, units, RoutePlan.UpdateCount.SUM, null);
    }
}
