package io.shardjdbc.route;

import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;

/** A statement whose route does not depend on its parameters (DDL, unlisted tables, hints, ...). */
final class FixedRoute extends BoundRoute {
    private final RoutePlan plan;
    private final int[] shards;
    private final BoundRoute rows;

    FixedRoute(Topology topology, String sql, StatementKind kind, int parameterCount, int[] shards,
               RoutePlan.UpdateCount count) {
        this(topology, sql, kind, parameterCount, shards, count, null);
    }

    /**
     * @param rows the statement's own route when it writes rows of a sharded table (a hinted INSERT):
     *             each execution checks that its rows belong on the fixed shards; null when it writes none
     */
    FixedRoute(Topology topology, String sql, StatementKind kind, int parameterCount, int[] shards,
               RoutePlan.UpdateCount count, BoundRoute rows) {
        super(topology, sql, kind, parameterCount);
        this.plan = onShards(shards, count);
        this.shards = shards.clone();
        this.rows = rows;
    }

    @Override
    public RoutePlan route(Parameters params) throws SQLException {
        if (rows != null) rows.requireRowsOn(shards, params);
        return plan;
    }

    @Override
    void requireRowsOn(int[] on, Parameters params) throws SQLException {
        if (rows != null) rows.requireRowsOn(on, params);
    }
}
