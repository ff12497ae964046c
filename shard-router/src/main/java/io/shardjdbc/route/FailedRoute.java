package io.shardjdbc.route;

import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;

/**
 * A statement that cannot be routed (unparsable, or an unsupported shape). It still runs where a
 * shard hint sends it, unless the refusal is binding: a statement that would put rows on the wrong
 * shard, or text that is not one readable statement, is refused with or without a hint.
 */
final class FailedRoute extends BoundRoute {
    private final RouteFailure failure;
    private final boolean binding;

    FailedRoute(Topology topology, String sql, StatementKind kind, int parameterCount, SQLException failure) {
        this(topology, sql, kind, parameterCount, failure, false);
    }

    /** @param binding true when no hint may run the statement anyway */
    FailedRoute(Topology topology, String sql, StatementKind kind, int parameterCount, SQLException failure,
                boolean binding) {
        super(topology, sql, kind, parameterCount);
        this.failure = new RouteFailure(failure);
        this.binding = binding;
    }

    /** Why the statement cannot be routed. */
    SQLException failure() {
        return failure.original();
    }

    @Override
    public RoutePlan route(Parameters params) throws SQLException {
        throw failure.raise();
    }

    @Override
    public RoutePlan routeToShard(String shardName, Parameters params) throws SQLException {
        if (binding) throw failure.raise();
        return super.routeToShard(shardName, params);
    }
}
