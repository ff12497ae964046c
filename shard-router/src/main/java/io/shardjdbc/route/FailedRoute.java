package io.shardjdbc.route;

import io.shardjdbc.topology.Topology;
import java.sql.SQLException;

/**
 * A statement that cannot be routed (unparsable, or an unsupported shape). It still runs where a
 * shard hint sends it.
 */
final class FailedRoute extends BoundRoute {
    private final RouteFailure failure;

    FailedRoute(Topology topology, String sql, StatementKind kind, int parameterCount, SQLException failure) {
        super(topology, sql, kind, parameterCount);
        this.failure = new RouteFailure(failure);
    }

    @Override
    public RoutePlan route(Parameters params) throws SQLException {
        throw failure.raise();
    }
}
