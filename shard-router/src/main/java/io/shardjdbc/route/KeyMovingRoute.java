package io.shardjdbc.route;

import io.shardjdbc.sql.Refusals;
import io.shardjdbc.sql.StatementKind;
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
    public RoutePlan routeToShard(String shardName, Parameters params) throws SQLException {
        // a hinted statement runs unchanged, which would leave the rows under their new key on this shard
        throw new java.sql.SQLFeatureNotSupportedException("UPDATE of " + move.table() + " changes its shard key "
                + move.keyColumn() + ", which a shard hint cannot run (the rows would stay on " + shardName
                + " under a key that belongs elsewhere); clear the hint, or DELETE the rows and INSERT them with the new key", Refusals.SQL_STATE);
    }
}
