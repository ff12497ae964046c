package io.shardjdbc.config;

import java.util.List;
import java.util.Map;

/**
 * How one logical table is placed, as written in the {@code tables:} section of the config.
 *
 * @param name       logical table name (matched case-insensitively)
 * @param key        shard key column; null for broadcast tables
 * @param strategy   hash, range, geo or directory; null for broadcast and co-located tables
 * @param function   hash function: {@code hash} (default) or {@code mod}
 * @param buckets    number of virtual buckets for hash tables (default 1024)
 * @param keyType    how key values are compared: auto (default), integer, decimal, string, uuid, date
 * @param colocate   the table whose placement this one shares, or null
 * @param broadcast  true for a full copy on every shard
 * @param shards     the shards a hash table spreads over (default all)
 * @param ranges     ranges of a range table, ascending
 * @param regionColumn the region column of a geo table (or of a table co-located with one), lower case as written
 * @param regions    the regions of a geo table, in the order written
 * @param scatter    what to do with a statement that cannot be narrowed by the key
 * @param placementPolicy how a directory table places a new key: {@code least-rows} (default) or {@code round-robin}
 */
public record TableSpec(String name, String key, Strategy strategy, String function, int buckets,
                        String keyType, String colocate, boolean broadcast, List<String> shards,
                        List<RangeSpec> ranges, String regionColumn, Map<String, RegionSpec> regions,
                        ScatterPolicy scatter, String placementPolicy) {
    public static final int DEFAULT_BUCKETS = 1024;

    public TableSpec {
        shards = shards == null ? List.of() : List.copyOf(shards);
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
        regions = regions == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(regions));
    }

    /** A table spec without a directory placement policy (every strategy but directory). */
    public TableSpec(String name, String key, Strategy strategy, String function, int buckets, String keyType,
                     String colocate, boolean broadcast, List<String> shards, List<RangeSpec> ranges,
                     String regionColumn, Map<String, RegionSpec> regions, ScatterPolicy scatter) {
        this(name, key, strategy, function, buckets, keyType, colocate, broadcast, shards, ranges, regionColumn, regions,
                scatter, null);
    }

    /** The placement strategies of the config contract. */
    public enum Strategy { HASH, RANGE, GEO, DIRECTORY }

    /** Whether a statement that cannot be narrowed to some shards may run on all of them. */
    public enum ScatterPolicy { ALLOW, REJECT }
}
