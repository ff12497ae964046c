package io.shardjdbc.metadata;

import java.util.List;
import java.util.Map;

/**
 * The part of the topology that resharding changes, as the metadata store keeps it: which shards
 * exist and, per co-location group (named by its root table, lower case), where each unit of
 * placement lives. How tables are sharded (key column, strategy, co-location) stays in the config;
 * where their units are now comes from here. Immutable.
 *
 * @param version the topology version this state was published as (0 before the first publish)
 * @param shards  every shard in index order; index 0 is the default shard
 * @param groups  placement per co-location group, by lower-case root table name
 */
public record PlacementState(long version, List<ShardEntry> shards, Map<String, GroupState> groups) {
    public PlacementState {
        shards = List.copyOf(shards);
        groups = Map.copyOf(groups);
    }

    /** A shard and the JDBC URL of its primary (credentials stay in each driver's own config). */
    public record ShardEntry(String name, String url) { }

    /**
     * Where one group's units live; exactly one of the three is non-empty, by strategy. Directory
     * groups keep their entries in the store's directory, not here, so all three are empty.
     *
     * @param buckets hash: bucket {@code i} is on shard {@code buckets.get(i)}
     * @param ranges  range: ascending, the last one has a null {@code below}
     * @param regions geo: region name to its countries and its own bucket map over its shards
     */
    public record GroupState(List<String> buckets, List<RangeEntry> ranges, Map<String, RegionEntry> regions) {
        public GroupState {
            buckets = buckets == null ? List.of() : List.copyOf(buckets);
            ranges = ranges == null ? List.of() : List.copyOf(ranges);
            regions = regions == null ? Map.of() : Map.copyOf(regions);
        }
    }

    /** Keys below {@code below} (in the key's type, as text; null = no upper bound) live on {@code shard}. */
    public record RangeEntry(String below, String shard) { }

    /** A region: the region-column values (e.g. country codes) it owns, and bucket {@code i} on shard {@code buckets.get(i)}. */
    public record RegionEntry(List<String> countries, List<String> buckets) {
        public RegionEntry {
            countries = List.copyOf(countries);
            buckets = List.copyOf(buckets);
        }
    }
}
