package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.TableSpec;
import io.shardjdbc.topology.Fence;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.metadata.PlacementState.RegionEntry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Buckets of one region of a geo group (the region's buckets on the move's source): the rows whose
 * region column holds one of the region's values and whose key falls in those buckets of the region's
 * bucket map. A row's region is told by its region column, the unit column of every table of the
 * group; at the flip the buckets move to the target in the region's map.
 *
 * @param region        the region's name
 * @param buckets       the region's buckets that move
 * @param regionOfValue region name by upper-case region-column value, for every region of the group
 *                      (the fence's trigger tells every region's rows apart)
 * @param bucketCount   how many buckets the region's map has
 * @param keyOf         the shard key column of each table of the group, by table name
 */
record RegionUnits(String region, Buckets buckets, Map<String, String> regionOfValue, int bucketCount, Map<String, String> keyOf)
        implements Units {
    RegionUnits {
        regionOfValue = Map.copyOf(regionOfValue);
        keyOf = Map.copyOf(keyOf);
    }

    /**
     * The buckets {@code buckets} of region {@code region} of a group placed as {@code group}, whose
     * tables and key columns are {@code keyOf}.
     */
    static RegionUnits of(String region, Buckets buckets, PlacementState.GroupState group, Map<String, String> keyOf) {
        Map<String, String> byValue = new HashMap<>();
        group.regions().forEach((name, e) -> e.countries().forEach(c -> byValue.put(normalised(c), name)));
        return new RegionUnits(region, buckets, byValue, group.regions().get(region).buckets().size(), keyOf);
    }

    /** The units of a move as the journal keeps them ({@code eu:3}, {@code eu:7}, ...). */
    static RegionUnits of(List<String> names, PlacementState.GroupState group, Map<String, String> keyOf) {
        String region = names.get(0).substring(0, names.get(0).lastIndexOf(':'));
        List<Integer> buckets = names.stream().map(n -> Integer.valueOf(n.substring(n.lastIndexOf(':') + 1))).toList();
        return of(region, Buckets.of(buckets), group, keyOf);
    }

    private static String normalised(Object value) {
        return value.toString().trim().toUpperCase(Locale.ROOT);
    }

    @Override
    public String kind() { return "region"; }

    @Override
    public List<String> names() {
        return buckets.names().stream().map(b -> Fence.regionUnit(region, Integer.parseInt(b))).toList();
    }

    /** The region column: what tells a row's region. */
    @Override
    public String column(TableSpec table, TableSpec root) {
        return (table.regionColumn() != null ? table.regionColumn() : root.regionColumn()).toLowerCase(Locale.ROOT);
    }

    @Override
    public String condition(Dialect dialect, MovedTable t) {
        List<String> values = new ArrayList<>();
        regionOfValue.forEach((value, r) -> {
            if (r.equals(region)) values.add(MovedTable.literal(dialect, value));
        });
        values.sort(null);
        return Fence.normalisedSql(dialect, t.key()) + " IN (" + String.join(", ", values) + ") AND "
                + Fence.bucketSql(dialect, keyOf.get(t.name()), false, bucketCount) + " IN (" + buckets.sqlList() + ")";
    }

    /**
     * Whether a captured row of the source is the region's: on the source, every row of the region is
     * in the region's buckets there, all of which move, so the region column tells.
     */
    @Override
    public boolean contains(Object value) {
        if (value == null) return false;
        Object v = value instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : value;
        return region.equals(regionOfValue.get(normalised(v)));
    }

    @Override
    public Fence.UnitFunction fenceFunction() { return new Fence.UnitFunction.Region(regionOfValue, keyOf, bucketCount); }

    @Override
    public boolean placedOn(MetadataStore store, String group, String shard) throws SQLException {
        PlacementState p = store.placement();
        PlacementState.GroupState g = p == null ? null : p.groups().get(group);
        RegionEntry e = g == null ? null : g.regions().get(region);
        if (e == null) return false;
        for (String b : buckets.names()) if (!e.buckets().get(Integer.parseInt(b)).equals(shard)) return false;
        return true;
    }

    @Override
    public PlacementState.GroupState moved(PlacementState current, String group, String source, String target) throws SQLException {
        PlacementState.GroupState g = current.groups().get(group);
        RegionEntry e = g.regions().get(region);
        if (e == null) {
            throw new SQLException("region " + region + " of " + group + " is not in topology version " + current.version()
                    + "; abort this move", "55000");
        }
        List<String> map = new ArrayList<>(e.buckets());
        for (String b : buckets.names()) {
            int i = Integer.parseInt(b);
            if (!map.get(i).equals(source) && !map.get(i).equals(target)) {
                throw new SQLException("bucket " + i + " of region " + region + " of " + group + " is on shard " + map.get(i)
                        + " in topology version " + current.version() + ", not on the move's source " + source
                        + "; it was moved by something else. Abort this move", "55000");
            }
            map.set(i, target);
        }
        Map<String, RegionEntry> regions = new HashMap<>(g.regions());
        regions.put(region, new RegionEntry(e.countries(), map));
        return new PlacementState.GroupState(null, null, regions);
    }

    @Override
    public void beforePublish(MetadataStore store, String group, String source, String target) { }

    @Override
    public String toString() { return "region " + region + " buckets " + buckets; }
}
