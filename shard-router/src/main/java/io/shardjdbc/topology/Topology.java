package io.shardjdbc.topology;

import io.shardjdbc.config.ConfigException;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.RangeBounds;
import io.shardjdbc.config.RangeSpec;
import io.shardjdbc.config.RegionSpec;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.config.TableSpec;
import io.shardjdbc.dircache.Directories;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.strategy.AutoKey;
import io.shardjdbc.strategy.DirectoryPlacement;
import io.shardjdbc.strategy.GeoPlacement;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.strategy.KeyColumnTypes;
import io.shardjdbc.strategy.KeyType;
import io.shardjdbc.strategy.Placement;
import io.shardjdbc.strategy.RangePlacement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable, versioned snapshot of where every table lives. Shards are addressed by index
 * (their order in the config); index 0 is the default shard that holds tables the config does not
 * list. A statement always routes on one snapshot.
 *
 * <p>How tables are sharded (key, strategy, co-location, region column) comes from the config; where
 * their units are (bucket maps, ranges, regions) comes from the config's initial placement or from a
 * {@link PlacementState} published in the metadata store ({@link #of(ShardConfig, PlacementState, Directories)}).
 */
public final class Topology {
    private final long version;
    private final Dialect dialect;
    private final List<String> shards;
    private final List<String> shardUrls;
    private final Map<String, Integer> shardIndex;
    private final int[] live;
    private final Map<String, TableRule> tables;
    private final Map<String, Placement> groups;
    private final boolean rejectUnknownTables;

    private Topology(long version, Dialect dialect, List<String> shards, List<String> shardUrls, Set<String> retired,
                     Map<String, TableRule> tables, Map<String, Placement> groups, boolean rejectUnknownTables) {
        this.version = version;
        this.dialect = dialect;
        this.shards = List.copyOf(shards);
        this.shardUrls = List.copyOf(shardUrls);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < shards.size(); i++) idx.put(shards.get(i), i);
        this.shardIndex = Collections.unmodifiableMap(idx);
        this.live = java.util.stream.IntStream.range(0, shards.size()).filter(i -> !retired.contains(shards.get(i))).toArray();
        this.tables = Collections.unmodifiableMap(tables);
        this.groups = Collections.unmodifiableMap(groups);
        this.rejectUnknownTables = rejectUnknownTables;
    }

    /**
     * The initial topology (version 1) of a config: even bucket maps, ranges and regions as written.
     * A config with directory tables needs a metadata store: use {@link #of(ShardConfig, PlacementState, Directories)}.
     */
    public static Topology of(ShardConfig config) {
        return of(config, null, null);
    }

    /** {@link #of(ShardConfig, PlacementState, Directories)} for configs without directory tables. */
    public static Topology of(ShardConfig config, PlacementState state) {
        return of(config, state, null);
    }

    /**
     * The placement a config starts with, as the metadata store keeps it (version 0): even bucket maps,
     * ranges and regions as written; directory groups have no units here (their entries live in the
     * store's directory). What a driver publishes first, and what tools compare a store with.
     */
    public static PlacementState initialPlacement(ShardConfig config) {
        // directory placements are built but never asked for a key here, so they need no store
        Directories unused = config.metadata() == null ? null : new Directories(null, config.metadata());
        return of(config, null, unused).placementState();
    }

    /**
     * The topology of a config with its placement taken from a published state where the state has the
     * table's group (the config's initial placement otherwise). The config's shards must include every
     * shard the state names, in the state's order (the driver builds such a config from the store's shard
     * list); directory tables resolve keys through {@code directories}.
     *
     * @param state       the published placement, or null to use the config's initial placement (version 1)
     * @param directories the directories of the metadata store, or null when there is none
     * @throws ConfigException when a directory table has no store, or the state names an unknown shard
     */
    public static Topology of(ShardConfig config, PlacementState state, Directories directories) {
        return of(config, state, directories, Set.of());
    }

    /**
     * The same, with shards that keep their index but that the store no longer names ({@code retired}:
     * a running driver's shards never change index): statements for every shard (DDL, broadcast
     * writes, session SQL) leave them out, and so does {@link #placementState()}.
     */
    public static Topology of(ShardConfig config, PlacementState state, Directories directories, Set<String> retired) {
        return of(config, state, directories, retired, KeyColumnTypes.NONE);
    }

    /**
     * The same, with hash tables of {@code key-type: auto} reading string keys as their key column
     * stores them, once {@code keyTypes} learned the column's type.
     */
    public static Topology of(ShardConfig config, PlacementState state, Directories directories, Set<String> retired,
                              KeyColumnTypes keyTypes) {
        List<String> shards = new ArrayList<>(config.shards().keySet());
        List<String> urls = new ArrayList<>();
        for (ShardSpec s : config.shards().values()) urls.add(s.url());
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < shards.size(); i++) idx.put(shards.get(i), i);
        Map<String, Placement> placements = new LinkedHashMap<>();
        Map<String, TableRule> rules = new HashMap<>();
        for (TableSpec t : config.tables().values()) {
            String lower = t.name().toLowerCase(Locale.ROOT);
            if (t.broadcast()) {
                rules.put(lower, new BroadcastTable(t.name()));
                continue;
            }
            TableSpec root = root(config, t);
            String group = root.name().toLowerCase(Locale.ROOT);
            PlacementState.GroupState published = state == null ? null : state.groups().get(group);
            Placement p = placements.computeIfAbsent(group, g -> placement(config, root, idx, published, directories, retired, keyTypes));
            String region = null;
            if (root.strategy() == TableSpec.Strategy.GEO) {
                region = (t.regionColumn() != null ? t.regionColumn() : root.regionColumn()).toLowerCase(Locale.ROOT);
            }
            rules.put(lower, new ShardedTable(t.name(), t.key().toLowerCase(Locale.ROOT), p, group, t.scatter(), region));
        }
        return new Topology(state == null ? 1 : state.version(), config.dialect(), shards, urls, retired, rules, placements,
                config.unknownTables() == ShardConfig.UnknownTables.REJECT);
    }

    private static TableSpec root(ShardConfig config, TableSpec t) {
        TableSpec cur = t;
        while (cur.colocate() != null) cur = config.tables().get(cur.colocate().toLowerCase(Locale.ROOT));
        return cur;
    }

    private static Placement placement(ShardConfig config, TableSpec t, Map<String, Integer> idx,
                                       PlacementState.GroupState published, Directories directories, Set<String> retired,
                                       KeyColumnTypes keyTypes) {
        String key = "tables." + t.name();
        KeyType keyType = KeyType.of(t.keyType());
        AutoKey autoKey = new AutoKey(t.name(), t.key(), keyTypes);
        switch (t.strategy()) {
            case HASH -> {
                if (published != null && !published.buckets().isEmpty()) {
                    return new HashPlacement("mod".equals(t.function()), published.buckets().size(), keyType,
                            indexes(config, key, published.buckets(), idx)).learningKeyType(autoKey);
                }
                List<String> names = t.shards().isEmpty() ? new ArrayList<>(config.shards().keySet()) : t.shards();
                int[] shardIdx = names.stream().mapToInt(idx::get).toArray();
                return HashPlacement.initial("mod".equals(t.function()), t.buckets(), keyType, shardIdx).learningKeyType(autoKey);
            }
            case RANGE -> {
                List<RangeSpec> ranges = t.ranges();
                if (published != null && !published.ranges().isEmpty()) {
                    ranges = published.ranges().stream().map(r -> new RangeSpec(r.below(), r.shard())).toList();
                }
                RangeBounds.Type type = RangeBounds.typeOf(t.keyType(), ranges);
                @SuppressWarnings("unchecked")
                Comparable<Object>[] upper = new Comparable[ranges.size()];
                int[] shard = new int[upper.length];
                for (int i = 0; i < upper.length; i++) {
                    RangeSpec r = ranges.get(i);
                    upper[i] = r.below() == null ? null : RangeBounds.parse(type, r.below());
                    shard[i] = indexes(config, key, List.of(r.shard()), idx)[0];
                }
                return new RangePlacement(type, upper, shard);
            }
            case GEO -> {
                List<GeoPlacement.Region> regions = new ArrayList<>();
                if (published != null && !published.regions().isEmpty()) {
                    // the config's order first (it is the order of messages), then regions only the store knows
                    Map<String, PlacementState.RegionEntry> rest = new TreeMap<>(published.regions());
                    List<String> order = new ArrayList<>();
                    for (String r : t.regions().keySet()) if (rest.containsKey(r)) order.add(r);
                    for (String r : rest.keySet()) if (!order.contains(r)) order.add(r);
                    for (String r : order) {
                        PlacementState.RegionEntry e = rest.get(r);
                        regions.add(new GeoPlacement.Region(r, e.countries(), new HashPlacement(false, e.buckets().size(),
                                keyType, indexes(config, key + ".regions." + r, e.buckets(), idx)).learningKeyType(autoKey)));
                    }
                } else {
                    for (RegionSpec r : t.regions().values()) {
                        int[] shardIdx = r.shards().stream().mapToInt(idx::get).toArray();
                        regions.add(new GeoPlacement.Region(r.name(), r.countries(),
                                HashPlacement.initial(false, r.buckets(), keyType, shardIdx).learningKeyType(autoKey)));
                    }
                }
                return new GeoPlacement(regions);
            }
            case DIRECTORY -> {
                if (directories == null) {
                    throw new ConfigException(config.source(), key + ".strategy", "a directory table needs the metadata "
                            + "store (metadata: { url: ... }) to look its keys up");
                }
                Map<String, Integer> byName = new HashMap<>(idx);
                List<String> candidates = new ArrayList<>(t.shards().isEmpty() ? config.shards().keySet() : t.shards());
                candidates.removeAll(retired); // new keys never go to a shard the store no longer names
                return new DirectoryPlacement(directories.get(t.name().toLowerCase(Locale.ROOT), t.placementPolicy()),
                        keyType, byName, candidates);
            }
            default -> throw new IllegalStateException("strategy " + t.strategy());
        }
    }

    private static int[] indexes(ShardConfig config, String key, List<String> names, Map<String, Integer> idx) {
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            Integer s = idx.get(names.get(i));
            if (s == null) {
                throw new ConfigException(config.source(), key, "the published placement names shard '" + names.get(i)
                        + "', which is not among the shards " + idx.keySet());
            }
            out[i] = s;
        }
        return out;
    }

    /**
     * This topology's placement as the metadata store keeps it (version 0, i.e. not published yet):
     * what a driver publishes when the store holds no placement, and what a resharding tool edits.
     */
    public PlacementState placementState() {
        List<PlacementState.ShardEntry> entries = new ArrayList<>();
        for (int i : live) entries.add(new PlacementState.ShardEntry(shards.get(i), shardUrls.get(i)));
        Map<String, PlacementState.GroupState> out = new HashMap<>();
        groups.forEach((group, p) -> out.put(group, groupState(p)));
        return new PlacementState(0, entries, out);
    }

    private PlacementState.GroupState groupState(Placement p) {
        if (p instanceof HashPlacement h) return new PlacementState.GroupState(bucketNames(h), null, null);
        if (p instanceof RangePlacement r) {
            List<PlacementState.RangeEntry> ranges = new ArrayList<>();
            for (int i = 0; i < r.rangeCount(); i++) {
                ranges.add(new PlacementState.RangeEntry(r.boundText(i), shards.get(r.shardOfRange(i))));
            }
            return new PlacementState.GroupState(null, ranges, null);
        }
        if (p instanceof GeoPlacement g) {
            Map<String, PlacementState.RegionEntry> regions = new LinkedHashMap<>();
            for (GeoPlacement.Region r : g.regions()) {
                regions.put(r.name(), new PlacementState.RegionEntry(r.values(), bucketNames(r.buckets())));
            }
            return new PlacementState.GroupState(null, null, regions);
        }
        return new PlacementState.GroupState(null, null, null); // directory: entries live in the store's directory
    }

    private List<String> bucketNames(HashPlacement h) {
        List<String> names = new ArrayList<>(h.buckets());
        for (int b = 0; b < h.buckets(); b++) names.add(shards.get(h.shardOfBucket(b)));
        return names;
    }

    public long version() { return version; }

    public Dialect dialect() { return dialect; }

    /** Shard names in index order. */
    public List<String> shards() { return shards; }

    public int shardCount() { return shards.size(); }

    /**
     * The indexes of the shards statements for every shard run on: all but those the metadata store no
     * longer names (a new array, in index order).
     */
    public int[] liveShards() { return live.clone(); }

    public String shardName(int index) { return shards.get(index); }

    /** The index of a shard name, or -1. */
    public int shardIndex(String name) {
        Integer i = shardIndex.get(name);
        return i == null ? -1 : i;
    }

    /** The rule of a logical table (name matched case-insensitively), or null for an unlisted table. */
    public TableRule table(String name) {
        TableRule r = tables.get(name);
        return r != null ? r : tables.get(name.toLowerCase(Locale.ROOT));
    }

    /** The placement of a co-location group (its root table's name, lower case), or null. */
    public Placement group(String name) {
        return groups.get(name.toLowerCase(Locale.ROOT));
    }

    /** The names of the listed (sharded and broadcast) tables, lower case. */
    public java.util.Set<String> tableNames() { return tables.keySet(); }

    /** True when statements on unlisted tables must fail instead of going to the default shard. */
    public boolean rejectsUnknownTables() { return rejectUnknownTables; }

    @Override
    public String toString() {
        return "Topology[version " + version + ", shards " + shards + "]";
    }
}
