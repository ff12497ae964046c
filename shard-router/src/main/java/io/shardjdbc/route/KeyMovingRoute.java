package io.shardjdbc.route;

import java.sql.SQLException;

/** An UPDATE that sets the shard key: routed where its WHERE finds rows now, its plans marked with the {@link KeyMove}. */
final class KeyMovingRoute implements PreparedRoute {
    private final PreparedRoute where;
    private final KeyMove move;

    KeyMovingRoute(PreparedRoute where, KeyMove move) {
        this.where = where;
        this.move = move;
    }

    @Override
    public String sql() { return where.sql(); }

    @Override
    public StatementKind kind() { return where.kind(); }

    @Override
    public int parameterCount() { return where.parameterCount(); }

    @Override
    public RoutePlan route(Parameters params) throws SQLException {
        return where.route(params).withKeyMove(move);
    }

    @Override
    public RoutePlan routeToShard(String shardName) throws SQLException {
        // the application chose the shard: the statement runs there unchanged, as every hinted statement does
        return where.routeToShard(shardName);
    }
}
