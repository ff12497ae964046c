package io.shardjdbc.route;

import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.sql.TransactionCommand;
import io.shardjdbc.topology.Topology;
import java.util.List;

/** BEGIN, COMMIT, ROLLBACK, SAVEPOINT...: carried out by the logical connection, on no shard directly. */
final class TransactionRoute extends BoundRoute {
    private final RoutePlan plan;

    TransactionRoute(Topology topology, String sql, TransactionCommand command) {
        super(topology, sql, StatementKind.TRANSACTION, 0);
        this.plan = new RoutePlan(StatementKind.TRANSACTION, List.of(), RoutePlan.UpdateCount.SUM, command);
    }

    @Override
    public RoutePlan route(Parameters params) { return plan; }

    @Override
    public RoutePlan routeToShard(String shardName, Parameters params) { return plan; }
}
