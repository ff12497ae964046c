package io.shardjdbc.shardctl;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.config.TableSpec;
import io.shardjdbc.dircache.Directories;
import io.shardjdbc.dircache.Directory;
import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.execute.TopologySource;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.move.MoveEngine;
import io.shardjdbc.strategy.DirectoryPlacement;
import io.shardjdbc.strategy.GeoPlacement;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.strategy.Placement;
import io.shardjdbc.strategy.RangePlacement;
import io.shardjdbc.topology.Fence;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code shardctl verify} finds: for every sharded table, the rows each shard holds whose key
 * places them on another shard (or on none), read from the shard itself and placed with the same
 * code the driver routes with; for every broadcast table, whether every shard holds as many rows.
 * A misplaced row is invisible to statements routed by its key, so this is the check to run after
 * loading data around the driver or after a move.
 *
 * @param version   the store's topology version; 0 when the config's placement was used
 * @param published whether the placement checked is the store's
 * @param tables    one entry per table of the config
 */
record PlacementCheck(long version, boolean published, List<TableCheck> tables) implements ReportCommand.Report {
    /** Where rows without a shard are counted in {@link ShardCheck#belongsOn}. */
    static final String NO_SHARD = "(no shard)";
    /** Where rows with a NULL key are counted in {@link ShardCheck#belongsOn}. */
    static final String NULL_KEY = "(null key)";
    private static final int SAMPLES = 5;
    private static final int DIRECTORY_BATCH = 500;

    /**
     * A table's check.
     *
     * @param problem for a broadcast table whose shards hold different rows (counted, then digested), what differs; else null
     */
    record TableCheck(String table, String strategy, List<ShardCheck> shards, String problem) { }

    /**
     * One shard's rows of a table.
     *
     * @param rows      rows read (null when the shard could not be read; then error says why)
     * @param misplaced rows whose key places them elsewhere, on no shard, or with a NULL key
     * @param belongsOn misplaced rows per shard they belong on ({@value #NO_SHARD}, {@value #NULL_KEY})
     * @param samples   a few misplaced keys, as "key → shard"
     * @param checksum  for a broadcast table, a digest of its rows in any order (equal copies, equal digests); else null
     * @param awaitingCleanup rows placed elsewhere that a move kept here ({@code --keep-source}): not misplaced
     */
    record ShardCheck(String shard, Long rows, long misplaced, Map<String, Long> belongsOn, List<String> samples,
                      String checksum, String error, long awaitingCleanup) { }

    /**
     * Reads every shard; failures to read are recorded per shard rather than thrown.
     *
     * @param only the tables to check (as the config names them, any case); null or empty for all
     */
    static PlacementCheck of(Deployment d, List<String> only) throws SQLException {
        ShardConfig config = d.config();
        java.util.Set<String> wanted = new java.util.HashSet<>();
        if (only != null) {
            for (String name : only) {
                String key = name.toLowerCase(Locale.ROOT);
                if (!config.tables().containsKey(key)) {
                    throw new SQLException("table " + name + " is not in " + config.source() + " (its tables: "
                            + config.tables().keySet() + ")", "42P01");
                }
                wanted.add(key);
            }
        }
        MetadataStore store = d.hasStore() ? d.store() : null;
        PlacementState state = store == null ? null : store.placement();
        // shards the store lists beyond the config's (shardctl shard add) are placed and read like the driver does
        ShardConfig placed = state == null ? config : config.withShards(TopologySource.shardsOf(config, state));
        Topology topology = Topology.of(placed, state, store == null ? null : new Directories(store, config.metadata()));
        List<MoveJournal.Move> kept = new ArrayList<>();
        if (store instanceof JdbcMetadataStore jdbc) {
            for (MoveJournal.Move m : jdbc.moves().list()) if (m.state().equals(MoveEngine.KEPT)) kept.add(m);
        }
        List<TableCheck> tables = new ArrayList<>();
        for (TableSpec t : config.tables().values()) {
            if (!wanted.isEmpty() && !wanted.contains(t.name().toLowerCase(Locale.ROOT))) continue;
            if (t.broadcast()) {
                tables.add(broadcast(d.shards(), config, topology, t.name()));
                continue;
            }
            ShardedTable rule = (ShardedTable) topology.table(t.name());
            String strategy = d.root(t.name()).strategy().name().toLowerCase(Locale.ROOT);
            List<ShardCheck> shards = new ArrayList<>();
            String group = d.root(t.name()).name().toLowerCase(Locale.ROOT);
            for (int s = 0; s < topology.shardCount(); s++) {
                String shard = topology.shardName(s);
                // unit -> the shard a kept move sent it to, for the units kept on this shard
                Map<String, String> keptHere = new java.util.HashMap<>();
                for (MoveJournal.Move m : kept) {
                    if (m.group().equalsIgnoreCase(group) && m.source().equals(shard)) m.units().forEach(u -> keptHere.put(u, m.target()));
                }
                shards.add(sharded(d.shards(), config, topology, rule, s, keptHere));
            }
            tables.add(new TableCheck(t.name(), strategy, shards, null));
        }
        return new PlacementCheck(store == null ? 0 : store.version(), state != null, tables);
    }

    /** What a check does with the rows a shard streams. */
    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Streams a query's rows from one shard into {@code reader}; returns why the shard could not be
     * read, or null when every row was read.
     */
    private static String read(ShardConnections connections, ShardConfig config, String shard, String table, String sql,
                               RowReader reader) {
        try (Connection c = connections.open(shard); Statement st = streaming(c, connections.spec(shard))) {
            try (ResultSet rs = st.executeQuery(sql)) {
                reader.read(rs);
            }
            if (!c.getAutoCommit()) c.rollback();
            return null;
        } catch (SQLException e) {
            return "reading " + table + " on shard " + shard + " failed (" + sql + "): " + connections.failure(shard, e).getMessage();
        }
    }

    private static ShardCheck unreadable(String shard, String why) {
        return new ShardCheck(shard, null, 0, Map.of(), List.of(), null, why, 0);
    }

    /** Streams the key (and region) column of a table on one shard and places every row. */
    private static ShardCheck sharded(ShardConnections connections, ShardConfig config, Topology topology, ShardedTable table, int shard,
                                      Map<String, String> kept) {
        String name = topology.shardName(shard);
        String columns = table.keyColumn() + (table.regionColumn() != null ? ", " + table.regionColumn() : "");
        Counter counter = new Counter(topology, table.placement(), shard, kept);
        String error = read(connections, config, name, table.name(), "SELECT " + columns + " FROM " + table.name(), rs -> {
            while (rs.next()) counter.add(rs.getObject(1), table.regionColumn() != null ? rs.getObject(2) : null);
            counter.flush();
        });
        if (error != null) return unreadable(name, error);
        return new ShardCheck(name, counter.rows, counter.misplaced, counter.belongsOn, counter.samples, null, null, counter.awaitingCleanup);
    }

    /** A statement that streams its rows instead of buffering the whole table in the client. */
    private static Statement streaming(Connection c, ShardSpec spec) throws SQLException {
        if (Dialect.ofUrl(spec.url()) == Dialect.MYSQL) {
            Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            st.setFetchSize(Integer.MIN_VALUE); // Connector/J: row by row
            return st;
        }
        c.setAutoCommit(false); // PostgreSQL uses a cursor for the fetch size only inside a transaction
        Statement st = c.createStatement();
        st.setFetchSize(5_000);
        return st;
    }

    /** Places the rows of one shard; directory keys are looked up in batches. */
    private static final class Counter {
        final Topology topology;
        final Placement placement;
        final int shard;
        final Map<String, String> kept;
        long rows;
        long misplaced;
        long awaitingCleanup;
        final Map<String, Long> belongsOn = new LinkedHashMap<>();
        final List<String> samples = new ArrayList<>();
        private final List<Object> pending = new ArrayList<>();

        Counter(Topology topology, Placement placement, int shard, Map<String, String> kept) {
            this.topology = topology;
            this.placement = placement;
            this.shard = shard;
            this.kept = kept;
        }

        void add(Object key, Object region) throws SQLException {
            rows++;
            if (key == null) {
                misplaced(NULL_KEY, "NULL");
                return;
            }
            if (placement instanceof DirectoryPlacement) {
                pending.add(key);
                if (pending.size() >= DIRECTORY_BATCH) flush();
                return;
            }
            place(key, region, shardOf(key, region));
        }

        /** Places the directory keys read since the last batch, in one store round trip. */
        void flush() throws SQLException {
            if (pending.isEmpty()) return;
            DirectoryPlacement d = (DirectoryPlacement) placement;
            Directory.Batch batch = d.prefetch(pending);
            try {
                for (Object key : pending) place(key, null, d.shardOf(key));
            } finally {
                if (batch != null) batch.close();
            }
            pending.clear();
        }

        /** The shard of a row, or -1 when the placement has none for it. */
        private int shardOf(Object key, Object region) throws SQLException {
            if (placement instanceof GeoPlacement geo) {
                int r = geo.regionOf(region);
                return r < 0 ? -1 : geo.shardOf(r, key);
            }
            try {
                return placement.shardOf(key);
            } catch (java.sql.SQLDataException noShard) { // e.g. a range key above the last bound
                return -1;
            }
        }

        private void place(Object key, Object region, int s) throws SQLException {
            if (s == shard) return;
            if (s >= 0 && !kept.isEmpty() && topology.shardName(s).equals(kept.get(unitOf(key, region)))) {
                awaitingCleanup++;
                return;
            }
            misplaced(s < 0 ? NO_SHARD : topology.shardName(s), String.valueOf(key));
        }

        /** The name of the unit a row is in, as a move names it (a bucket, a region's bucket, a key; for a range, a kept one holding it). */
        private String unitOf(Object key, Object region) throws SQLException {
            if (placement instanceof HashPlacement h) return String.valueOf(h.bucketOf(key));
            if (placement instanceof GeoPlacement g) {
                GeoPlacement.Region r = g.regions().get(g.regionOf(region));
                return Fence.regionUnit(r.name(), r.buckets().bucketOf(key));
            }
            if (placement instanceof RangePlacement r) {
                for (String unit : kept.keySet()) if (r.holds(unit, key)) return unit;
                return null;
            }
            return String.valueOf(key);
        }

        private void misplaced(String where, String key) {
            misplaced++;
            belongsOn.merge(where, 1L, Long::sum);
            if (samples.size() < SAMPLES) samples.add(key + " → " + where);
        }
    }

    /** A broadcast table: every shard of the placement must hold the same rows (counted and digested). */
    private static TableCheck broadcast(ShardConnections connections, ShardConfig config, Topology topology, String table) {
        List<ShardCheck> shards = new ArrayList<>();
        Map<Long, List<String>> byCount = new LinkedHashMap<>();
        Map<String, List<String>> byDigest = new LinkedHashMap<>();
        for (int s = 0; s < topology.shardCount(); s++) {
            String name = topology.shardName(s);
            RowDigest digest = new RowDigest();
            String error = read(connections, config, name, table, "SELECT * FROM " + table, rs -> {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) digest.add(rs, columns);
            });
            if (error != null) {
                shards.add(unreadable(name, error));
                continue;
            }
            byCount.computeIfAbsent(digest.rows, k -> new ArrayList<>()).add(name);
            byDigest.computeIfAbsent(digest.hex(), k -> new ArrayList<>()).add(name);
            shards.add(new ShardCheck(name, digest.rows, 0, Map.of(), List.of(), digest.hex(), null, 0));
        }
        String problem = null;
        if (byCount.size() > 1) {
            StringBuilder sb = new StringBuilder("the shards hold different numbers of rows (");
            byCount.forEach((n, names) -> sb.append(n).append(" on ").append(String.join(", ", names)).append("; "));
            sb.setLength(sb.length() - 2);
            problem = sb.append("): a write reached some shards only; copy the missing rows from a complete shard").toString();
        } else if (byDigest.size() > 1) {
            problem = "the shards hold as many rows but different contents (shards with equal contents: "
                    + byDigest.values().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "))
                    + "): an update reached some shards only; rewrite the rows from a correct shard";
        }
        return new TableCheck(table, "broadcast", shards, problem);
    }

    /**
     * An order-free digest of rows: the sum, modulo 2^64, of each row's MD5 (first 8 bytes) over its
     * columns' text. Equal multisets of rows give equal digests whatever order the shard returns them in.
     */
    private static final class RowDigest {
        private final java.security.MessageDigest md5;
        private final java.nio.ByteBuffer length = java.nio.ByteBuffer.allocate(4);
        long rows;
        private long sum;

        RowDigest() {
            try {
                md5 = java.security.MessageDigest.getInstance("MD5");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void add(ResultSet rs, int columns) throws SQLException {
            for (int i = 1; i <= columns; i++) {
                String v = rs.getString(i);
                // a length prefix keeps ("ab", "c") and ("a", "bc") apart; -1 marks NULL
                md5.update(length.putInt(0, v == null ? -1 : v.length()).array());
                if (v != null) md5.update(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            sum += java.nio.ByteBuffer.wrap(md5.digest()).getLong();
            rows++;
        }

        String hex() {
            return String.format("%016x", sum);
        }
    }

    /** Rows misplaced over all tables. */
    long misplaced() {
        return tables.stream().flatMap(t -> t.shards().stream()).mapToLong(ShardCheck::misplaced).sum();
    }

    /** True when every shard could be read. */
    boolean complete() {
        return tables.stream().allMatch(t -> t.shards().stream().allMatch(s -> s.error() == null));
    }

    /** True when every row is where its key places it and every broadcast table agrees. */
    boolean consistent() {
        return misplaced() == 0 && tables.stream().allMatch(t -> t.problem() == null);
    }

    @Override
    public int exitCode(PrintWriter err) {
        if (!consistent()) return ShardCtl.MISPLACED;
        if (complete()) return ShardCtl.OK;
        err.println("shardctl: some shards could not be read (see the report)");
        return ShardCtl.ERROR;
    }

    /** The report for people. */
    @Override
    public void printText(PrintWriter out) {
        out.println(published ? "checked against topology version " + version + " (published in the metadata store)"
                : "checked against the placement of the config");
        for (TableCheck t : tables) {
            out.println();
            out.printf("table %s (%s)%n", t.table(), t.strategy());
            if (t.strategy().equals("broadcast")) out.printf("  %-12s %12s  %s%n", "shard", "rows", "checksum");
            else out.printf("  %-12s %12s %10s%n", "shard", "rows", "misplaced");
            for (ShardCheck s : t.shards()) {
                String rows = s.rows() == null ? "-" : s.rows().toString();
                if (t.strategy().equals("broadcast")) {
                    out.printf("  %-12s %12s  %s%n", s.shard(), rows, s.checksum() == null ? "-" : s.checksum());
                    continue;
                }
                out.printf("  %-12s %12s %10d", s.shard(), rows, s.misplaced());
                if (s.awaitingCleanup() > 0) out.printf("   %d kept by a move, awaiting cleanup", s.awaitingCleanup());
                if (s.misplaced() > 0) {
                    List<String> where = new ArrayList<>();
                    s.belongsOn().forEach((to, n) -> where.add(n + (to.startsWith("(") ? " " + to : " belong on " + to)));
                    out.printf("   %s; e.g. %s", String.join(", ", where), String.join(", ", s.samples()));
                }
                out.println();
            }
            if (t.problem() != null) out.println("  ! " + t.problem());
            for (ShardCheck s : t.shards()) if (s.error() != null) out.println("  ! " + s.error());
        }
        out.println();
        if (!complete()) out.println("some shards could not be read (see above): the check is incomplete");
        long n = misplaced();
        if (n > 0) {
            out.println(n + " row(s) are on a shard their key does not place them on: statements routed by the key do not "
                    + "see them. Move each to its shard (INSERT there, DELETE here) or, for rows with no shard, add the "
                    + "range, region or directory entry they need.");
        }
        if (complete() && consistent()) out.println("every row is on the shard its key places it on");
    }
}
