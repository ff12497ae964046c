package io.shardjdbc.route;

import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;

/**
 * A SELECT whose shape cannot run whole on each shard nor be merged exactly (joins not on the shard
 * key, set operations, window functions, untied subqueries, ...): every execution is federated,
 * planned by the driver's federation engine over rows the shards return.
 */
final class FederatedRoute extends BoundRoute {
    private final RoutePlan plan;

    FederatedRoute(Topology topology, String sql, int parameterCount, String reason) {
        super(topology, sql, StatementKind.QUERY, parameterCount);
        this.plan = RoutePlan.federated(Federation.because(reason));
    }

    @Override
    public RoutePlan route(Parameters params) {
        return plan;
    }

    /**
     * The short reason of the refusal push-down and merge would give: its first clause, without the
     * advice after ';' or the words saying it is not supported (federation supports it).
     */
    static String reasonOf(SQLException refusal) {
        String m = refusal.getMessage();
        int cut = m.indexOf(';');
        if (cut > 0) m = m.substring(0, cut);
        return NOT_SUPPORTED.matcher(m.strip()).replaceFirst("");
    }

    private static final java.util.regex.Pattern NOT_SUPPORTED = java.util.regex.Pattern.compile(
            ",? *(which cross-shard execution does not support yet|(across shards )?is not supported yet|"
            + "that is not supported yet|— other joins are not supported yet)$");
}
