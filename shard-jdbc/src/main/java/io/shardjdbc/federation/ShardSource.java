package io.shardjdbc.federation;

import io.shardjdbc.merge.TextOrder;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * What federation needs from the logical connection it runs on: shard queries run on that
 * connection's physical connections (so transactions, pinning and replica routing apply as for any
 * statement), and statement descriptions. One per federated execution; not thread-safe.
 */
public interface ShardSource {
    /**
     * Runs the queries at once (in parallel) and returns their open results in the same order. The
     * results stay open until this source is closed or the caller closes them.
     */
    List<ResultSet> query(List<ShardQuery> queries) throws SQLException;

    /**
     * The result columns (labels, types, Java classes) the shard database gives a statement, asked of
     * one shard without reading rows.
     *
     * @param values the logical statement's parameter values (1-based as in the SQL), or empty
     */
    ResultSetMetaData describe(int shard, String sql, List<Object> values) throws SQLException;

    /**
     * Whether the driver may order text values itself (by code point), or must have the database rank
     * them (a linguistic collation, every shard the same), or may not order them at all.
     */
    TextOrder textOrder() throws SQLException;

    /** Counts one row a scan fetched from a shard (for the driver's metrics). */
    void rowFetched(int shard);

    /** Closes every result and physical statement of this execution. */
    void close();
}
