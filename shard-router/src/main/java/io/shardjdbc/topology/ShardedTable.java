package io.shardjdbc.topology;

import io.shardjdbc.config.TableSpec;
import io.shardjdbc.strategy.Placement;

/**
 * A table spread over shards by its key column.
 *
 * @param name      logical name
 * @param keyColumn shard key column, lower case
 * @param placement key to shard; the same instance for every table of one co-location group
 * @param group     the name of the table that owns the placement (itself, unless co-located)
 * @param scatter   whether statements that cannot be narrowed may run on every shard
 * @param regionColumn the region column, lower case, for geo tables and tables co-located with one; else null
 */
public record ShardedTable(String name, String keyColumn, Placement placement, String group,
                           TableSpec.ScatterPolicy scatter, String regionColumn) implements TableRule {
    /** A table without a region column. */
    public ShardedTable(String name, String keyColumn, Placement placement, String group, TableSpec.ScatterPolicy scatter) {
        this(name, keyColumn, placement, group, scatter, null);
    }
}
