package io.shardjdbc.strategy;

import java.sql.SQLException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Geographic placement: a row's region-column value (e.g. a country code) picks its region, and the
 * region's own hash bucket map spreads its rows by key over the region's shards. Residency is the
 * point: a row's shard is always one of its region's, so a write never needs, and never gets, a shard
 * outside the region. Region values match case-insensitively, trimmed ({@code "de"} is {@code DE}).
 */
public final class GeoPlacement implements Placement {
    /** One region: its name, the values it owns as written, and its bucket map over its shards. */
    public record Region(String name, List<String> values, HashPlacement buckets) {
        public Region {
            values = List.copyOf(values);
        }
    }

    private final List<Region> regions;
    private final Map<String, Integer> regionOfValue = new HashMap<>();
    private final BitSet all = new BitSet();

    public GeoPlacement(List<Region> regions) {
        this.regions = List.copyOf(regions);
        for (int i = 0; i < this.regions.size(); i++) {
            for (String v : this.regions.get(i).values()) regionOfValue.put(normalise(v), i);
            all.or(this.regions.get(i).buckets().allShards());
        }
    }

    private static String normalise(Object value) {
        return value.toString().trim().toUpperCase(Locale.ROOT);
    }

    public List<Region> regions() { return regions; }

    /** The region index of a region-column value, or -1 when no region owns it. */
    public int regionOf(Object value) {
        if (value == null) return -1;
        Integer r = regionOfValue.get(normalise(value));
        return r == null ? -1 : r;
    }

    /** The shard of a row in a region (index from {@link #regionOf}). */
    public int shardOf(int region, Object key) throws SQLException {
        return regions.get(region).buckets().shardOf(key);
    }

    /** The shards of the region owning a value; empty when none does (no row can have it). */
    public BitSet shardsOfRegion(Object value) {
        int r = regionOf(value);
        return r < 0 ? new BitSet() : regions.get(r).buckets().allShards();
    }

    /** The shards a key can be on without its region: its bucket's shard in each region. */
    public BitSet shardsOfKey(Object key) throws SQLException {
        BitSet out = new BitSet();
        for (Region r : regions) out.set(r.buckets().shardOf(key));
        return out;
    }

    /** The region names, for messages. */
    public List<String> regionNames() {
        return regions.stream().map(Region::name).toList();
    }

    /** Without its region a key has no single shard; routing uses {@link #shardOf(int, Object)} and {@link #shardsOfKey}. */
    @Override
    public int shardOf(Object key) {
        throw new IllegalStateException("a geo placement needs the row's region to place a key");
    }

    @Override
    public BitSet allShards() { return (BitSet) all.clone(); }

    @Override
    public BitSet shardsInRange(Object low, boolean lowInclusive, Object high, boolean highInclusive) {
        return allShards();
    }
}
