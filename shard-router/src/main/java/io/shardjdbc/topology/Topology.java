package io.shardjdbc.topology;

import io.shardjdbc.config.ConfigException;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.RangeBounds;
import io.shardjdbc.config.RangeSpec;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.TableSpec;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.strategy.KeyType;
import io.shardjdbc.strategy.Placement;
import io.shardjdbc.strategy.RangePlacement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable, versioned snapshot of where every table lives. Shards are addressed by index
 * (their order in the config); index 0 is the default shard that holds tables the config does not
 * list. A statement always routes on one snapshot.
 */
public final class Topology {
    private final long version;
    private final Dialect dialect;
    private final List<String> shards;
    private final Map<String, Integer> shardIndex;
    private final Map<String, TableRule> tables;
    private final boolean rejectUnknownTables;

    private Topology(long version, Dialect dialect, List<String> shards, Map<String, TableRule> tables,
                     boolean rejectUnknownTables) {
        this.version = version;
        this.dialect = dialect;
        this.shards = List.copyOf(shards);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < shards.size(); i++) idx.put(shards.get(i), i);
        this.shardIndex = Collections.unmodifiableMap(idx);
        this.tables = Collections.unmodifiableMap(tables);
        this.rejectUnknownTables = rejectUnknownTables;
    }

    /** The initial topology (version 1) of a config: even bucket maps, ranges as written. */
    public static Topology of(ShardConfig config) {
        List<String> shards = new ArrayList<>(config.shards().keySet());
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < shards.size(); i++) idx.put(shards.get(i), i);
        Map<String, Placement> placements = new HashMap<>();
        Map<String, TableRule> rules = new HashMap<>();
        for (TableSpec t : config.tables().values()) {
            String lower = t.name().toLowerCase(Locale.ROOT);
            if (t.broadcast()) {
                rules.put(lower, new BroadcastTable(t.name()));
                continue;
            }
            TableSpec root = root(config, t);
            String group = root.name().toLowerCase(Locale.ROOT);
            Placement p = placements.computeIfAbsent(group, g -> placement(config, root, idx));
            rules.put(lower, new ShardedTable(t.name(), t.key().toLowerCase(Locale.ROOT), p, group, t.scatter()));
        }
        return new Topology(1, config.dialect(), shards, rules,
                config.unknownTables() == ShardConfig.UnknownTables.REJECT);
    }

    private static TableSpec root(ShardConfig config, TableSpec t) {
        TableSpec cur = t;
        while (cur.colocate() != null) cur = config.tables().get(cur.colocate().toLowerCase(Locale.ROOT));
        return cur;
    }

    @SuppressWarnings("unchecked")
    private static Placement placement(ShardConfig config, TableSpec t, Map<String, Integer> idx) {
        switch (t.strategy()) {
            case HASH -> {
                List<String> names = t.shards().isEmpty() ? new ArrayList<>(config.shards().keySet()) : t.shards();
                int[] shardIdx = names.stream().mapToInt(idx::get).toArray();
                return HashPlacement.initial("mod".equals(t.function()), t.buckets(), KeyType.of(t.keyType()), shardIdx);
            }
            case RANGE -> {
                RangeBounds.Type type = RangeBounds.typeOf(t.keyType(), t.ranges());
                Comparable<Object>[] upper = new Comparable[t.ranges().size()];
                int[] shard = new int[upper.length];
                for (int i = 0; i < upper.length; i++) {
                    RangeSpec r = t.ranges().get(i);
                    upper[i] = r.below() == null ? null : RangeBounds.parse(type, r.below());
                    shard[i] = idx.get(r.shard());
                }
                return new RangePlacement(type, upper, shard);
            }
            default -> throw new ConfigException(config.source(), "tables." + t.name() + ".strategy",
                    "strategy " + t.strategy() + " is not supported yet");
        }
    }

    public long version() { return version; }

    public Dialect dialect() { return dialect; }

    /** Shard names in index order. */
    public List<String> shards() { return shards; }

    public int shardCount() { return shards.size(); }

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

    /** True when statements on unlisted tables must fail instead of going to the default shard. */
    public boolean rejectsUnknownTables() { return rejectUnknownTables; }
}
