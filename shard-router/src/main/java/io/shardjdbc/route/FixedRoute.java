package io.shardjdbc.route;

import io.shardjdbc.topology.Topology;
import java.sql.SQLException;

/** A statement whose route does not depend on its parameters (DDL, unlisted tables, hints, ...). */
final class FixedRoute extends BoundRoute {
    private final RoutePlan plan;

    FixedRoute(Topology topology, String sql, StatementKind kind, int parameterCount, int[] shards,
               RoutePlan.UpdateCount count) {
        super(topology, sql, kind, parameterCount);
        this.plan = onShards(shards, count);
    }

    @Override
    public RoutePlan route(Parameters params) {
        return plan;
    }
}
