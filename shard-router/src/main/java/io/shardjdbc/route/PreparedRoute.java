package io.shardjdbc.route;

import io.shardjdbc.sql.StatementKind;
import java.sql.SQLException;

/**
 * The routing of one SQL text, analysed once and cached: per execution only the bound parameters
 * are evaluated. Analysis failures (unparsable SQL, unsupported shapes) are kept and reported by
 * {@link #route} so that a shard hint can still route a statement the parser cannot read.
 */
public interface PreparedRoute {
    /** The logical SQL text. */
    String sql();

    /** What the statement does (known even when the parser cannot read it). */
    StatementKind kind();

    /** Number of {@code ?} parameter markers in the SQL. */
    int parameterCount();

    /** Routes one execution with its bound parameters. */
    RoutePlan route(Parameters params) throws SQLException;

    /**
     * Routes one execution to a shard chosen by the application (the session hint API); the SQL
     * runs there unchanged. The checks that keep rows on their shards still apply: a statement that
     * changes a shard key, or an INSERT whose rows belong on another shard, is refused.
     */
    RoutePlan routeToShard(String shardName, Parameters params) throws SQLException;
}
