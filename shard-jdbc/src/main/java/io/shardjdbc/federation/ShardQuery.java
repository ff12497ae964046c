package io.shardjdbc.federation;

import java.util.List;

/**
 * One physical query federation sends to a shard.
 *
 * @param shard     shard index in the topology
 * @param shardName shard name
 * @param sql       the SQL, in the shard's dialect, with {@code ?} markers
 * @param values    the values bound to the markers, in order
 */
public record ShardQuery(int shard, String shardName, String sql, List<Object> values) {
    public ShardQuery {
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    @Override
    public String toString() {
        return shardName + ": " + sql + (values.isEmpty() ? "" : " " + values);
    }
}
