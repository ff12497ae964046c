package io.shardjdbc.shardctl;

import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.TableSpec;
import io.shardjdbc.dircache.Directories;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.metadata.PlacementState.GroupState;
import io.shardjdbc.topology.Topology;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code shardctl status} reports: the topology version, the shards, and per sharded table the
 * rows each shard holds (counted on the shard itself) beside the units of placement the topology
 * gives it (hash and geo buckets, ranges, directory keys), with the skew of rows (max / mean over
 * the shards the table lives on).
 *
 * @param version   the store's topology version; 0 when nothing is published (the config's initial placement is shown)
 * @param published whether the placement shown is the store's (else the config's initial one)
 * @param store     where the metadata store is, or null without one
 * @param shards    the shards of the placement shown
 * @param tables    one entry per sharded table of the config
 */
record StatusReport(long version, boolean published, String store, List<Shard> shards, List<Table> tables)
        implements ReportCommand.Report {
    /** A shard of the placement. */
    record Shard(String name, String url) { }

    /**
     * A sharded table.
     *
     * @param units what the placement places: buckets, ranges or keys
     * @param skew  max / mean of rows over the shards with units or rows; null when there are no rows
     */
    record Table(String table, String group, String strategy, String units, List<ShardLoad> shards, Double skew) { }

    /** One shard's share of a table: rows (null when they could not be counted, then error says why) and units. */
    record ShardLoad(String shard, Long rows, long units, String error) { }

    /** Builds the report; counting failures are recorded per shard rather than thrown. */
    static StatusReport of(Deployment d) throws SQLException {
        ShardConfig config = d.config();
        MetadataStore store = d.hasStore() ? d.store() : null;
        long version = store == null ? 0 : store.version();
        PlacementState state = store == null ? null : store.placement();
        // the config's own placement for groups the store does not hold (and for every group before a publish)
        PlacementState initial = Topology.of(config, null, store == null ? null : new Directories(store, config.metadata()))
                .placementState();
        PlacementState shown = state != null ? state : initial;
        List<Shard> shards = shown.shards().stream().map(s -> new Shard(s.name(), s.url())).toList();

        List<TableSpec> sharded = config.tables().values().stream().filter(t -> !t.broadcast()).toList();
        // the placement's shards (those added with shard add among them), then any others the config names
        Set<String> counted = new LinkedHashSet<>();
        for (Shard s : shards) counted.add(s.name());
        counted.addAll(config.shards().keySet());
        Map<String, Map<String, Object>> counts = countRows(d.shards(), counted, sharded);
        List<Table> tables = new ArrayList<>();
        for (TableSpec t : sharded) {
            TableSpec root = d.root(t.name());
            String group = root.name().toLowerCase(Locale.ROOT);
            String strategy = root.strategy().name().toLowerCase(Locale.ROOT);
            Map<String, Long> units;
            if (root.strategy() == TableSpec.Strategy.DIRECTORY) {
                units = store.keysPerShard(group);
            } else {
                GroupState g = state != null && state.groups().containsKey(group) ? state.groups().get(group) : initial.groups().get(group);
                units = units(g);
            }
            List<ShardLoad> loads = new ArrayList<>();
            for (Shard s : shards) {
                Object c = counts.get(s.name()).get(t.name());
                loads.add(c instanceof Long rows ? new ShardLoad(s.name(), rows, units.getOrDefault(s.name(), 0L), null)
                        : new ShardLoad(s.name(), null, units.getOrDefault(s.name(), 0L), String.valueOf(c)));
            }
            String unitName = switch (root.strategy()) {
                case RANGE -> "ranges";
                case DIRECTORY -> "keys";
                default -> "buckets";
            };
            tables.add(new Table(t.name(), group, strategy, unitName, loads, skew(loads)));
        }
        return new StatusReport(version, state != null, d.storeDescription(), shards, tables);
    }

    private static Map<String, Long> units(GroupState g) {
        Map<String, Long> units = new HashMap<>();
        if (g == null) return units;
        for (String s : g.buckets()) units.merge(s, 1L, Long::sum);
        for (PlacementState.RangeEntry r : g.ranges()) units.merge(r.shard(), 1L, Long::sum);
        for (PlacementState.RegionEntry r : g.regions().values()) {
            for (String s : r.buckets()) units.merge(s, 1L, Long::sum);
        }
        return units;
    }

    /** max / mean of rows over the shards that hold units or rows of the table. */
    private static Double skew(List<ShardLoad> loads) {
        long max = 0;
        long sum = 0;
        int n = 0;
        for (ShardLoad l : loads) {
            if (l.rows() == null || (l.rows() == 0 && l.units() == 0)) continue;
            max = Math.max(max, l.rows());
            sum += l.rows();
            n++;
        }
        if (sum == 0) return null;
        return Math.round(max / ((double) sum / n) * 100) / 100.0;
    }

    /** Shard name → table → row count (Long) or the error (String), one connection per shard. */
    private static Map<String, Map<String, Object>> countRows(ShardConnections connections, Set<String> shards,
                                                              List<TableSpec> tables) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String name : shards) {
            Map<String, Object> perTable = new LinkedHashMap<>();
            out.put(name, perTable);
            try (Connection c = connections.open(name); Statement st = connections.boundedStatement(c)) {
                for (TableSpec t : tables) {
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.name())) {
                        rs.next();
                        perTable.put(t.name(), rs.getLong(1));
                    } catch (SQLException e) {
                        perTable.put(t.name(), "counting rows of " + t.name() + " on shard " + name + " failed: "
                                + connections.failure(name, e).getMessage());
                    }
                }
            } catch (SQLException e) {
                String why = e.getMessage().startsWith("shard " + name + " ") ? e.getMessage()
                        : "shard " + name + " is unreachable: " + e.getMessage();
                for (TableSpec t : tables) perTable.put(t.name(), why);
            }
        }
        return out;
    }

    /** True when every row count succeeded. */
    boolean complete() {
        return tables.stream().allMatch(t -> t.shards().stream().allMatch(l -> l.error() == null));
    }

    @Override
    public int exitCode(PrintWriter err) {
        if (complete()) return ShardCtl.OK;
        err.println("shardctl: some rows could not be counted (see the report)");
        return ShardCtl.ERROR;
    }

    /** The report for people. */
    @Override
    public void printText(PrintWriter out) {
        out.println(published ? "topology version " + version + " (published in the metadata store " + store + ")"
                : store == null ? "no metadata store: the placement of the config"
                : "topology version " + version + ": nothing published in the metadata store " + store + " yet; the placement of the config");
        out.println("shards:");
        for (Shard s : shards) out.printf("  %-12s %s%n", s.name(), s.url());
        for (Table t : tables) {
            out.println();
            out.printf("table %s (%s%s)%n", t.table(), t.strategy(), t.group().equals(t.table().toLowerCase(Locale.ROOT))
                    ? "" : ", placed with " + t.group());
            out.printf("  %-12s %12s %10s%n", "shard", "rows", t.units());
            for (ShardLoad l : t.shards()) {
                out.printf("  %-12s %12s %10d%n", l.shard(), l.rows() == null ? "-" : l.rows().toString(), l.units());
            }
            out.println("  skew " + (t.skew() == null ? "- (no rows)" : String.format(Locale.ROOT, "%.2f", t.skew())));
            for (ShardLoad l : t.shards()) if (l.error() != null) out.println("  ! " + l.error());
        }
    }
}
