package io.shardjdbc.strategy;

import java.sql.SQLException;
import java.util.BitSet;

/**
 * Where the rows of a sharded table (and every table co-located with it) live: key value to shard
 * index. Implementations are immutable and shared by all tables of one co-location group.
 */
public sealed interface Placement permits HashPlacement, RangePlacement, GeoPlacement, DirectoryPlacement {
    /** The shard index that holds rows with this key; the key is never null. */
    int shardOf(Object key) throws SQLException;

    /** Every shard index this table may have rows on. */
    BitSet allShards();

    /**
     * The shards holding keys in an interval; a null bound is open. Placements that cannot narrow
     * a range (hash) answer {@link #allShards()}.
     */
    BitSet shardsInRange(Object low, boolean lowInclusive, Object high, boolean highInclusive) throws SQLException;
}
