package io.shardjdbc.route;

import java.util.Arrays;

/**
 * One physical statement of a route: the SQL to run on one shard and where its parameters come from.
 *
 * @param shard        shard index in the topology
 * @param shardName    shard name
 * @param sql          the physical SQL (the original text, or an edit of it)
 * @param parameterMap for physical parameter {@code i} (0-based), the logical parameter index
 *                     (1-based); null when the SQL and its parameters are the logical ones unchanged
 */
public record RouteUnit(int shard, String shardName, String sql, int[] parameterMap) {
    /** Number of physical parameters, given the logical statement's count. */
    public int parameterCount(int logicalCount) {
        return parameterMap == null ? logicalCount : parameterMap.length;
    }

    /** The logical (1-based) index feeding physical parameter {@code physical} (1-based). */
    public int logicalIndex(int physical) {
        return parameterMap == null ? physical : parameterMap[physical - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteUnit u && u.shard == shard && u.sql.equals(sql) && Arrays.equals(u.parameterMap, parameterMap);
    }

    @Override
    public int hashCode() { return shard * 31 + sql.hashCode(); }

    @Override
    public String toString() {
        return shardName + ": " + sql + (parameterMap == null ? "" : " " + Arrays.toString(parameterMap));
    }
}
