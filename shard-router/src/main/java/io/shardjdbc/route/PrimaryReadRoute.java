package io.shardjdbc.route;

import io.shardjdbc.sql.StatementKind;
import java.sql.SQLException;

/**
 * A query that must read the primary (row locks, a {@code /* primary *}{@code /} hint): every plan
 * it routes is marked {@link RoutePlan#primaryRead()}.
 */
final class PrimaryReadRoute implements PreparedRoute {
    private final PreparedRoute inner;

    private PrimaryReadRoute(PreparedRoute inner) {
        this.inner = inner;
    }

    static PreparedRoute when(boolean primary, PreparedRoute route) {
        return primary ? new PrimaryReadRoute(route) : route;
    }

    @Override
    public String sql() { return inner.sql(); }

    @Override
    public StatementKind kind() { return inner.kind(); }

    @Override
    public int parameterCount() { return inner.parameterCount(); }

    @Override
    public RoutePlan route(Parameters params) throws SQLException {
        return inner.route(params).onPrimary();
    }

    @Override
    public RoutePlan routeToShard(String shardName, Parameters params) throws SQLException {
        return inner.routeToShard(shardName, params).onPrimary();
    }
}
