package io.shardjdbc.move;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.RangeBounds;
import io.shardjdbc.config.RangeSpec;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.config.ShardSpec;
import io.shardjdbc.config.TableSpec;
import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.strategy.KeyType;
import io.shardjdbc.topology.Fence;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import io.shardjdbc.topology.Topology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs a bucket move of one co-location group from a source shard to a target shard, step by step,
 * each step recorded in the store so that a crash at any point is followed by {@link #run} (resume)
 * or {@link #abort}:
 * <ol>
 *   <li>{@code COPYING}: change capture starts (a logical slot whose exported snapshot the copy reads),
 *       the target gets the tables it lacks, and the rows of the moving buckets are copied in key order,
 *       a checkpoint per chunk;</li>
 *   <li>{@code CATCHUP}: the changes since the snapshot are applied to the target until a round brings
 *       few; then the fence goes up on the source (in the same transaction as a marker in the change
 *       stream, after waiting for writers in flight), and the changes up to the marker are applied;</li>
 *   <li>{@code FENCED}: row counts and checksums of the moving rows are compared on both sides at once
 *       (a mismatch aborts the move, the source as before), fence rows the target kept from an earlier
 *       move of the units away from it are lifted, the new placement is published with a
 *       compare-and-set on the topology version and that version written into the source's fence
 *       rows, and the slot is dropped;</li>
 *   <li>{@code FLIPPED}: the moved rows are deleted from the source in key ranges (or, with {@code keepSource},
 *       kept there: {@code KEPT}, until {@link #run} deletes them or {@link #reverse} moves the units back); the fence rows stay, so a
 *       driver with a stale topology is still refused there;</li>
 *   <li>{@code DONE}, or {@code ABORTED}.</li>
 * </ol>
 * The shards are PostgreSQL (change capture by logical decoding through pgjdbc) or MySQL/MariaDB (the
 * binary log); {@link ShardDatabase} holds what differs.
 */
public final class MoveEngine {
    public static final String COPYING = "COPYING";
    public static final String CATCHUP = "CATCHUP";
    public static final String FENCED = "FENCED";
    public static final String FLIPPED = "FLIPPED";
    public static final String DONE = "DONE";
    /** Flipped, with the moved rows still on the source until {@code resume} deletes them ({@code --keep-source}). */
    public static final String KEPT = "KEPT";
    public static final String ABORTED = "ABORTED";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLEANUP_BATCH = 5_000;
    /** How long a running move's lease lasts without renewal (renewed every third of it). */
    private static final long LEASE_MILLIS = 30_000;
    private static final int MAX_CATCHUP_ROUNDS = 10;
    /** A catch-up round that applied at most this many changes is close enough to fence. */
    private static final long SMALL_ROUND = 500;
    /** How often the fence is tried when a long transaction on the moved tables makes it wait too long. */
    private static final int FENCE_ATTEMPTS = 20;

    private final ShardConfig config;
    private final MetadataStore store;
    private final MoveJournal journal;
    private final Progress progress;
    private final String haltAfter;

    /**
     * @param haltAfter a state after whose recording the process halts at once, as a {@code kill -9}
     *                  would stop it (fault tests of resume and abort); null normally
     */
    public MoveEngine(ShardConfig config, MetadataStore store, MoveJournal journal, Progress progress, String haltAfter) {
        this.config = config;
        this.store = store;
        this.journal = journal;
        this.progress = progress;
        this.haltAfter = haltAfter;
    }

    /**
     * A new move's settings: rows per copy chunk, the copy's rate limit (rows/s, 0 = none), and how
     * long the moved rows stay on the source after the flip (0: deleted at once).
     */
    public record Options(int chunkRows, long rate, long keepSourceMillis) {
        public Options(int chunkRows, long rate) {
            this(chunkRows, rate, 0);
        }

        String json() {
            return "{\"chunkRows\":" + chunkRows + ",\"rate\":" + rate + ",\"keepSourceMillis\":" + keepSourceMillis + "}";
        }

        static Options parse(String json) throws SQLException {
            try {
                JsonNode n = JSON.readTree(json == null ? "{}" : json);
                return new Options(n.path("chunkRows").asInt(10_000), n.path("rate").asLong(0), n.path("keepSourceMillis").asLong(0));
            } catch (java.io.IOException e) {
                throw new SQLException("move options '" + json + "' are not readable: " + e.getMessage(), "XX001");
            }
        }
    }

    /**
     * Records a new move of {@code buckets} of {@code group} from {@code source} to {@code target},
     * after checking what can be checked before anything changes: the shards exist and are different,
     * every table of the group exists on the source with a primary key, the target is reachable, and
     * no unit is moving already (the store refuses that). Returns the move's id.
     */
    public String create(String group, String source, String target, Buckets buckets, Options options) throws SQLException {
        TableSpec root = groupRoot(group, TableSpec.Strategy.HASH, "move buckets moves buckets of hash-sharded tables");
        return record(group, new BucketUnits(buckets, hash(root)), source, target, buckets.size() / (double) Math.max(1, root.buckets()), options);
    }

    /**
     * Records a new move of one key of a directory group to {@code target} (from the shard the
     * directory names for it), after the same checks as {@link #create}. Returns the move's id.
     */
    public String createKeyMove(String group, String key, String target, Options options) throws SQLException {
        TableSpec root = groupRoot(group, TableSpec.Strategy.DIRECTORY, "move key moves one key of a directory table");
        String directory = root.name().toLowerCase(Locale.ROOT);
        String canonical = KeyType.of(root.keyType()).canonical(key);
        String source = store.lookup(directory, List.of(canonical)).get(canonical);
        if (source == null) {
            throw new SQLException("key " + key + " of " + directory + " has no shard in the directory, so it has no rows to move; "
                    + "shardctl directory assign " + directory + " " + key + " " + target + " places a new key", "42704");
        }
        return record(directory, new KeyUnits(canonical), source, target, 0, options);
    }

    /**
     * Records a new split of a range group: the range holding {@code at} is cut there and its keys from
     * {@code at} up to the range's upper bound move to {@code target} (from the range's shard), after
     * the same checks as {@link #create}; {@code at} must lie inside a range, not on a bound. Returns the
     * move's id.
     */
    public String createSplit(String group, String at, String target, Options options) throws SQLException {
        Split split = split(group, at);
        return record(split.group(), split.units(), split.source(), target, 0, options);
    }

    /**
     * A split as it would run: the group, the part of its keys that moves, the shard they are on, and
     * per table of the group the rows and bytes that move ({@code long[] {rows, bytes}}).
     */
    public record SplitPlan(String group, String part, String source, Map<String, long[]> rowsAndBytes) { }

    /** What {@link #createSplit} would move, counted on the source now; nothing changes. */
    public SplitPlan planSplit(String group, String at) throws SQLException {
        Split split = split(group, at);
        ShardDatabase db = ShardDatabase.of(config.dialect());
        Map<String, long[]> sizes = new LinkedHashMap<>();
        try (Connection c = open(db, shard(split.source()))) {
            TableSpec root = groupRoot(group);
            for (TableSpec spec : groupTables(group)) {
                MovedTable t = db.describe(c, spec.name().toLowerCase(Locale.ROOT), split.units().column(spec, root), split.source());
                sizes.put(t.name(), db.rowsAndBytes(c, t, split.units().condition(db.dialect(), t)));
            }
        }
        return new SplitPlan(split.group(), split.units().toString(), split.source(), sizes);
    }

    private record Split(String group, RangeUnits units, String source) { }

    /** The part of a range group that a split at {@code at} moves, and its shard; fails when no range holds {@code at} inside it. */
    private Split split(String group, String at) throws SQLException {
        TableSpec root = groupRoot(group, TableSpec.Strategy.RANGE, "split range splits ranges of range-sharded tables");
        String name = root.name().toLowerCase(Locale.ROOT);
        List<PlacementState.RangeEntry> ranges = groupState(name).ranges();
        RangeBounds.Type type = rangeType(root, ranges);
        String value;
        try {
            value = RangeUnits.canonical(type, at);
        } catch (IllegalArgumentException e) {
            throw new SQLException("split " + name + " at " + at + ": " + e.getMessage(), "22023");
        }
        String from = null;
        for (PlacementState.RangeEntry r : ranges) {
            RangeUnits upper = new RangeUnits(value, r.below(), type);
            if (upper.compare(r.below(), value) > 0) {
                if (from != null && upper.compare(from, value) == 0) {
                    throw new SQLException("split " + name + " at " + value + ": " + value + " is already a range bound (ranges "
                            + RangeUnits.text(ranges) + "); split at a value inside a range", "22023");
                }
                return new Split(name, upper, r.shard());
            }
            from = r.below();
        }
        throw new SQLException("split " + name + " at " + value + ": no range holds " + value + ", it is above the last bound (ranges "
                + RangeUnits.text(ranges) + ")", "22003");
    }

    /**
     * Records a new move of a geo group's region from {@code source} to {@code target}: the region's rows
     * on the source, and its buckets there. Returns the move's id.
     */
    public String createRegionMove(String group, String region, String source, String target, Options options) throws SQLException {
        TableSpec root = groupRoot(group, TableSpec.Strategy.GEO, "move region moves a region of a geo table");
        String name = root.name().toLowerCase(Locale.ROOT);
        PlacementState.GroupState g = groupState(name);
        List<String> on = regionShards(name, region);
        if (!on.contains(source)) {
            throw new SQLException("region " + region + " of " + name + " has nothing on shard " + source + "; it is on " + on, "22023");
        }
        PlacementState.RegionEntry e = g.regions().get(region);
        List<Integer> onSource = new ArrayList<>();
        for (int b = 0; b < e.buckets().size(); b++) if (e.buckets().get(b).equals(source)) onSource.add(b);
        double share = onSource.size() / (double) e.buckets().size() / Math.max(1, g.regions().size());
        return record(name, RegionUnits.of(region, Buckets.of(onSource), g, keyColumns(name)), source, target, share, options);
    }

    /** The shard key column of each table of a group, by table name. */
    private Map<String, String> keyColumns(String group) throws SQLException {
        Map<String, String> out = new HashMap<>();
        for (TableSpec t : groupTables(group)) out.put(t.name().toLowerCase(Locale.ROOT), t.key().toLowerCase(Locale.ROOT));
        return out;
    }

    /** The shards a region of a geo group is on now, in the order its buckets first name them; fails (42704) for an unknown region. */
    public List<String> regionShards(String group, String region) throws SQLException {
        TableSpec root = groupRoot(group);
        PlacementState.GroupState g = groupState(root.name().toLowerCase(Locale.ROOT));
        PlacementState.RegionEntry e = g == null ? null : g.regions().get(region);
        if (e == null) {
            throw new SQLException("table " + group + " has no region " + region + "; its regions are "
                    + (g == null ? "none" : new java.util.TreeSet<>(g.regions().keySet())), "42704");
        }
        return e.buckets().stream().distinct().toList();
    }

    /** The placement the store publishes, or the config's initial one before the first publish. */
    private PlacementState placement() throws SQLException {
        PlacementState p = store.placement();
        return p != null ? p : Topology.initialPlacement(config);
    }

    private PlacementState.GroupState groupState(String group) throws SQLException {
        PlacementState.GroupState g = placement().groups().get(group);
        return g != null ? g : Topology.initialPlacement(config).groups().get(group);
    }

    /** How a range group's keys compare: as the driver decides it from the key type and the published bounds. */
    private static RangeBounds.Type rangeType(TableSpec root, List<PlacementState.RangeEntry> ranges) {
        return RangeBounds.typeOf(root.keyType(), ranges.stream().map(r -> new RangeSpec(r.below(), r.shard())).toList());
    }

    private static HashPlacement hash(TableSpec root) {
        return HashPlacement.initial("mod".equals(root.function()), root.buckets(), KeyType.of(root.keyType()), new int[] {0});
    }

    /** The units of a recorded move; a region's values and a range's key type come from the current placement. */
    private Units units(MoveJournal.Move m) throws SQLException {
        TableSpec root = groupRoot(m.group());
        String group = root.name().toLowerCase(Locale.ROOT);
        return switch (m.kind()) {
            case "key" -> new KeyUnits(m.units().get(0));
            case "range" -> RangeUnits.of(m.units().get(0), rangeType(root, groupState(group).ranges()));
            case "region" -> RegionUnits.of(m.units(), groupState(group), keyColumns(group));
            default -> new BucketUnits(Buckets.of(m.units().stream().map(Integer::valueOf).toList()), hash(root));
        };
    }

    /** Checks a new move (shards, tables, target) and records it; {@code share} is the part of the group's rows it moves (an estimate). */
    private String record(String group, Units units, String source, String target, double share, Options options)
            throws SQLException {
        ShardSpec from = shard(source);
        ShardSpec to = shard(target);
        if (from.name().equals(to.name())) {
            throw new SQLException("source and target are both shard " + source + "; nothing would move", "22023");
        }
        ShardDatabase db = ShardDatabase.of(config.dialect());
        long estimate = 0;
        try (Connection s = open(db, from); Connection t = open(db, to)) {
            TableSpec root = groupRoot(group);
            for (TableSpec spec : groupTables(group)) {
                db.describe(s, spec.name().toLowerCase(Locale.ROOT), units.column(spec, root), source);
                estimate += (long) (db.estimatedRows(s, spec.name().toLowerCase(Locale.ROOT)) * share);
            }
            t.isValid(5);
        }
        String id = newId();
        journal.create(new MoveJournal.Move(id, group, units.kind(), source, target, COPYING, units.names(), null, null, 0,
                estimate, options.json(), null, null, null));
        return id;
    }

    private static String newId() {
        return "m" + Long.toString(System.currentTimeMillis(), 36) + Integer.toString((int) (Math.random() * 1296), 36);
    }

    /** Runs (or resumes) a move to its end. */
    public void run(String id) throws SQLException {
        String owner = Lease.newOwner();
        try (Lease lease = Lease.take(journal, id, owner, LEASE_MILLIS)) {
            Run r = new Run(journal.get(id).orElseThrow(), lease);
            try {
                r.toEnd();
            } catch (SQLException | RuntimeException e) {
                journal.failed(id, owner, e.getMessage());
                throw e;
            }
        }
    }

    /**
     * Moves the units of a finished move back to its source by the same protocol (a new move), and
     * returns the new move's id.
     */
    public String reverse(String id) throws SQLException {
        MoveJournal.Move m = journal.get(id).orElseThrow(() -> new SQLException("there is no move " + id
                + "; shardctl moves lists them", "42704"));
        if (!m.state().equals(DONE) && !m.state().equals(KEPT)) {
            throw new SQLException("move " + id + " is " + m.state() + ", not DONE or KEPT; only a finished move can be reversed "
                    + "(abort one that has not flipped)", "55000");
        }
        if (m.state().equals(KEPT)) {
            // the kept copy on the source is replaced by the reverse move's own copy, which begins by deleting it
            try (Lease lease = Lease.take(journal, id, Lease.newOwner(), LEASE_MILLIS)) {
                journal.finish(id, lease.owner(), DONE, null);
            }
        }
        Options was = Options.parse(m.options());
        Options options = new Options(was.chunkRows(), was.rate()); // undoing a move keeps no copy behind
        String back = switch (m.kind()) {
            case "key" -> createKeyMove(m.group(), m.units().get(0), m.source(), options);
            case "buckets" -> create(m.group(), m.target(), m.source(), Buckets.of(m.units().stream().map(Integer::valueOf).toList()), options);
            default -> {
                Units units = units(m);
                if (!units.placedOn(store, m.group().toLowerCase(Locale.ROOT), m.target())) {
                    throw new SQLException("move " + id + " cannot be reversed: " + units + " of " + m.group() + " is no longer all on "
                            + m.target() + " (a later move changed it)", "55000");
                }
                yield record(m.group(), units, m.target(), m.source(), 0, options);
            }
        };
        run(back);
        return back;
    }

    /** Aborts a move that has not flipped: slot and publication dropped, fence lifted, copied rows deleted from the target. */
    public void abort(String id) throws SQLException {
        try (Lease lease = Lease.take(journal, id, Lease.newOwner(), LEASE_MILLIS)) {
            MoveJournal.Move m = journal.get(id).orElseThrow();
            if (m.state().equals(FLIPPED) || m.state().equals(DONE) || m.state().equals(KEPT)) {
                throw new SQLException("move " + id + " has flipped: the target serves its buckets now and the source copy is "
                        + "(being) removed; run shardctl resume " + id + " to finish it, then move the buckets back", "55000");
            }
            if (m.state().equals(ABORTED)) return;
            new Run(m, lease).rollBack();
        }
    }

    /** The root of a group, which must be placed by {@code strategy}; else a clear error saying {@code what} the command does. */
    private TableSpec groupRoot(String group, TableSpec.Strategy strategy, String what) throws SQLException {
        TableSpec root = groupRoot(group);
        if (root.strategy() != strategy) {
            throw new SQLException("table " + group + " is " + root.strategy().name().toLowerCase(Locale.ROOT) + "-sharded; " + what, "0A000");
        }
        return root;
    }

    private TableSpec groupRoot(String group) throws SQLException {
        TableSpec t = config.tables().get(group.toLowerCase(Locale.ROOT));
        while (t != null && t.colocate() != null) t = config.tables().get(t.colocate().toLowerCase(Locale.ROOT));
        if (t == null || t.broadcast()) {
            throw new SQLException("table " + group + " is not a sharded table of " + config.source()
                    + "; the sharded tables are " + shardedTables(), "42P01");
        }
        return t;
    }

    private List<String> shardedTables() {
        return config.tables().values().stream().filter(t -> !t.broadcast()).map(TableSpec::name).toList();
    }

    /** The tables placed with {@code group} (its root first), all of which move together. */
    private List<TableSpec> groupTables(String group) throws SQLException {
        TableSpec root = groupRoot(group);
        List<TableSpec> out = new ArrayList<>(List.of(root));
        for (TableSpec t : config.tables().values()) {
            if (t != root && !t.broadcast() && groupRoot(t.name()) == root) out.add(t);
        }
        return out;
    }

    /** A shard of the config, or one the store lists (added with shardctl shard add), with the config's credentials for it. */
    private ShardSpec shard(String name) throws SQLException {
        ShardSpec s = config.shards().get(name);
        if (s != null) return s;
        PlacementState p = store.placement();
        if (p != null) {
            for (PlacementState.ShardEntry e : p.shards()) if (e.name().equals(name)) return config.shardAt(name, e.url());
        }
        throw new SQLException("unknown shard '" + name + "'; the config " + config.source() + " has shards " + config.shards().keySet()
                + (p == null ? "" : " and the store lists " + p.shards().stream().map(PlacementState.ShardEntry::name).toList()), "42704");
    }

    private static Connection open(ShardDatabase db, ShardSpec s) throws SQLException {
        Properties p = new Properties();
        p.putAll(s.properties());
        p.putAll(db.connectionProperties());
        if (s.username() != null) p.setProperty("user", s.username());
        if (s.password() != null) p.setProperty("password", s.password());
        try {
            return DriverManager.getConnection(s.url(), p);
        } catch (SQLException e) {
            throw new SQLException("shard " + s.name() + " is unreachable: " + e.getMessage(),
                    e.getSQLState() == null ? "08001" : e.getSQLState(), e);
        }
    }

    /** One process's run of one move. */
    private final class Run {
        private final ShardDatabase db;
        private final MoveJournal.Move move;
        private final Lease lease;
        private final TableSpec root;
        private final Units units;
        private final ShardSpec source;
        private final ShardSpec target;
        private final Options options;
        private String state;
        private Capture capture;
        private String checkpoint;
        private long rowsCopied;
        // this run drained the change stream up to the fence itself (not resumed after the fence)
        private boolean drained;
        // the source's checksums of the fenced units, read since the fence (null when not started here)
        private CompletableFuture<List<String>> sourceSums;

        Run(MoveJournal.Move move, Lease lease) throws SQLException {
            this.db = ShardDatabase.of(config.dialect());
            this.move = move;
            this.lease = lease;
            this.root = groupRoot(move.group());
            this.units = units(move);
            this.source = shard(move.source());
            this.target = shard(move.target());
            this.options = Options.parse(move.options());
            this.state = move.state();
            this.checkpoint = move.checkpoint();
            this.rowsCopied = move.rowsCopied();
        }

        private String condition(MovedTable t) {
            return units.condition(db.dialect(), t);
        }

        private List<MovedTable> tables(Connection src) throws SQLException {
            List<MovedTable> out = new ArrayList<>();
            for (TableSpec spec : groupTables(move.group())) {
                out.add(db.describe(src, spec.name().toLowerCase(Locale.ROOT), units.column(spec, root), source.name()));
            }
            return out;
        }

        void toEnd() throws SQLException {
            progress.step(move.id(), state, "running: " + move.group() + " " + units + " " + source.name() + " -> " + target.name());
            if (state.equals(DONE) || state.equals(ABORTED)) return;
            if (state.equals(KEPT)) progress.step(move.id(), KEPT, "deleting the kept rows from " + source.name());
            try (Connection admin = open(db, source); Connection tgt = open(db, target);
                 Capture capture = db.capture(source, move.id(), move.capture())) {
                this.capture = capture;
                List<MovedTable> tables = tables(admin);
                if (state.equals(COPYING)) copy(admin, tgt, tables, capture);
                if (state.equals(CATCHUP)) catchUpAndFence(admin, tgt, tables, capture);
                if (state.equals(FENCED)) drainCompareFlip(admin, tgt, tables, capture);
                if (state.equals(FLIPPED) || state.equals(KEPT)) cleanUp(admin, tgt, tables, capture);
            }
        }

        private void record(String next, String detail) throws SQLException {
            lease.check();
            journal.advance(move.id(), lease.owner(), lease.expiresMs(), next, checkpoint, capture.position(), rowsCopied, detail);
            state = next;
            progress.step(move.id(), next, detail);
            if (next.equals(haltAfter)) Runtime.getRuntime().halt(137);
        }

        private void copy(Connection admin, Connection tgt, List<MovedTable> tables, Capture capture) throws SQLException {
            tgt.setAutoCommit(true);
            try (Statement st = tgt.createStatement()) {
                st.execute(Fence.bypass(db.dialect()));
            }
            for (MovedTable t : tables) db.ensureOnTarget(admin, tgt, t);
            tgt.setAutoCommit(false);
            try (Connection read = open(db, source)) {
                read.setAutoCommit(false);
                if (capture.open(admin, read, tables)) {
                    // a new capture: whatever an earlier attempt copied predates its start, so the copy begins again
                    checkpoint = null;
                    rowsCopied = 0;
                }
                ObjectNode cp = checkpoint == null ? JSON.createObjectNode() : (ObjectNode) readJson(checkpoint);
                int from = cp.path("table").asInt(0);
                List<String> after = null;
                if (cp.has("after")) {
                    after = new ArrayList<>();
                    for (JsonNode k : cp.get("after")) after.add(k.asText());
                }
                Throttle throttle = new Throttle(options.rate());
                long started = System.nanoTime();
                long startRows = rowsCopied;
                for (int i = from; i < tables.size(); i++) {
                    MovedTable t = tables.get(i);
                    // rows a crash left past the checkpoint are copied again
                    try (Statement st = tgt.createStatement()) {
                        st.executeUpdate("DELETE FROM " + t.name() + " WHERE " + condition(t)
                                + (after == null ? "" : " AND " + t.keyAbove(db.dialect(), after)));
                    }
                    tgt.commit();
                    int index = i;
                    db.copy(read, tgt, t, condition(t), after, options.chunkRows(), throttle, (rows, lastKey) -> {
                        rowsCopied += rows;
                        ObjectNode next = JSON.createObjectNode().put("table", index);
                        lastKey.forEach(next.putArray("after")::add);
                        checkpoint = next.toString();
                        lease.check();
                        journal.advance(move.id(), lease.owner(), lease.expiresMs(), COPYING, checkpoint, capture.position(), rowsCopied, null);
                        double secs = (System.nanoTime() - started) / 1e9;
                        progress.copied(move.id(), t.name(), rowsCopied, move.rowsEstimated(), (rowsCopied - startRows) / Math.max(secs, 1e-3));
                    });
                    after = null;
                    checkpoint = JSON.createObjectNode().put("table", i + 1).toString();
                }
                read.commit();
            }
            record(CATCHUP, "copied " + rowsCopied + " rows");
        }

        private ChangeApplier applier(Connection tgt, List<MovedTable> tables) throws SQLException {
            tgt.setAutoCommit(true);
            try (Statement st = tgt.createStatement()) {
                st.execute(Fence.bypass(db.dialect()));
            }
            tgt.setAutoCommit(false);
            Map<String, MovedTable> byName = new LinkedHashMap<>();
            Map<String, String> conditions = new HashMap<>();
            for (MovedTable t : tables) {
                byName.put(t.name(), t);
                conditions.put(t.name(), condition(t));
            }
            return new ChangeApplier(db, tgt, byName, units, conditions);
        }

        private Capture.Sink sink(ChangeApplier applier, Connection tgt) {
            return new Capture.Sink() {
                @Override
                public void row(RowChange row) throws SQLException {
                    applier.apply(row);
                }

                @Override
                public void commit() throws SQLException {
                    applier.flush();
                    tgt.commit();
                }
            };
        }

        private void requireSlot(Connection admin, Capture capture, List<MovedTable> tables) throws SQLException {
            if (capture.open(admin, null, tables)) {
                // the capture was gone: changes since the copy are lost to this move
                capture.drop(admin);
                throw new SQLException("move " + move.id() + ": its change capture " + capture.position() + " on shard " + source.name()
                        + " was gone, so changes since the copy cannot be replayed; abort the move and run it again", "55000");
            }
        }

        private void catchUpAndFence(Connection admin, Connection tgt, List<MovedTable> tables, Capture capture) throws SQLException {
            if (!capture.isOpen()) requireSlot(admin, capture, tables);
            ChangeApplier applier = applier(tgt, tables);
            Capture.Sink sink = sink(applier, tgt);
            db.prepareFence(admin, tables, units.fenceFunction());
            catchUp(admin, capture, applier, sink);
            String marker = "fence:" + move.id() + ":" + System.nanoTime();
            for (int attempt = 1; ; attempt++) {
                try {
                    db.fence(admin, tables, units.fenceFunction(), units.names(), move.id(), capture, marker);
                    break;
                } catch (SQLException e) {
                    if (!db.lockTimedOut(e) || attempt == FENCE_ATTEMPTS) throw e;
                    // a transaction on the moved tables outlasted the fence's short wait (writers queue behind
                    // that wait, so it stays short): nothing of the fence stays; catch up and try again
                    record(CATCHUP, "the fence waited " + ShardDatabase.FENCE_WAIT_SECONDS + " s for a transaction on "
                            + tables.stream().map(MovedTable::name).toList() + " on " + source.name() + " to end (attempt " + attempt
                            + " of " + FENCE_ATTEMPTS + "); catching up and trying again");
                    catchUp(admin, capture, applier, sink);
                }
            }
            long fenced = System.nanoTime();
            // the fenced units change no more on the source: their checksums are read there while the drain runs
            sourceSums = async(() -> checksums(admin, tables));
            try {
                capture.streamUntil(marker, sink, lease::check);
            } catch (SQLException | RuntimeException e) {
                sourceSums.handle((v, x) -> v).join(); // done with the source's connection before anything else uses it
                sourceSums = null;
                throw e;
            }
            applier.close();
            drained = true;
            record(FENCED, "fenced " + units + " of " + move.group() + " on " + source.name() + "; drained in "
                    + (System.nanoTime() - fenced) / 1_000_000 + " ms");
        }

        /** Applies the changes since the last round, in rounds, until a round brings few. */
        private void catchUp(Connection admin, Capture capture, ChangeApplier applier, Capture.Sink sink) throws SQLException {
            for (int round = 1; round <= MAX_CATCHUP_ROUNDS; round++) {
                long before = applier.applied();
                long t0 = System.nanoTime();
                String marker = "catchup:" + move.id() + ":" + round + ":" + System.nanoTime();
                capture.mark(admin, marker);
                capture.streamUntil(marker, sink, lease::check);
                long changes = applier.applied() - before;
                progress.caughtUp(move.id(), changes, (System.nanoTime() - t0) / 1_000_000);
                if (changes <= SMALL_ROUND) break;
            }
        }

        private void drainCompareFlip(Connection admin, Connection tgt, List<MovedTable> tables, Capture capture) throws SQLException {
            if (!placedOnTarget()) {
                if (!drained) {
                    // resumed after the fence: drain again (the fenced units changed no more, so this brings nothing new
                    // unless the crash came before the drain's last commit on the target)
                    if (!capture.isOpen()) requireSlot(admin, capture, tables);
                    ChangeApplier applier = applier(tgt, tables);
                    String marker = "drain:" + move.id() + ":" + System.nanoTime();
                    capture.mark(admin, marker);
                    capture.streamUntil(marker, sink(applier, tgt), lease::check);
                    applier.close();
                }
                compare(admin, tgt, tables, capture);
            }
            liftTargetFence(tgt, tables);
            // again after a crash past the publish: one more version, so that drivers forget cached directory entries
            long version = flip();
            markMoved(admin, version);
            capture.drop(admin);
            record(FLIPPED, "topology now places " + units + " of " + move.group() + " on " + target.name());
        }

        /**
         * Compares row counts and checksums of the moving rows on both sides, the source's and the target's
         * read at once (the source's already since the fence, when this run set it); writes to the units wait
         * for the flip meanwhile. A mismatch aborts the move.
         */
        private void compare(Connection admin, Connection tgt, List<MovedTable> tables, Capture capture) throws SQLException {
            tgt.setAutoCommit(true);
            long started = System.nanoTime();
            CompletableFuture<List<String>> onSource = sourceSums != null ? sourceSums : async(() -> checksums(admin, tables));
            sourceSums = null;
            List<String> dst;
            try {
                dst = checksums(tgt, tables);
            } finally {
                onSource.handle((v, e) -> v).join(); // the source's connection is free again before anything else uses it
            }
            List<String> src = await(onSource);
            for (int i = 0; i < tables.size(); i++) {
                if (!src.get(i).equals(dst.get(i))) {
                    String why = "table " + tables.get(i).name() + " " + units + ": source " + source.name() + " has " + src.get(i)
                            + " but target " + target.name() + " has " + dst.get(i) + " (rows, checksum)";
                    rollBack(admin, tgt, tables, capture);
                    throw new SQLException("move " + move.id() + " aborted, the source as before: the copy does not match: " + why, "XX001");
                }
            }
            progress.step(move.id(), FENCED, "row counts and checksums match on both sides (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
        }

        /** Row count and checksum of the moving rows of each table, in order. */
        private List<String> checksums(Connection c, List<MovedTable> tables) throws SQLException {
            List<String> out = new ArrayList<>();
            for (MovedTable t : tables) out.add(db.checksum(c, t, condition(t)));
            return out;
        }

        /**
         * Deletes the fence rows an earlier move of these units away from the target left there, before the
         * flip: after it they would refuse the drivers writing to the units' new shard.
         */
        private void liftTargetFence(Connection tgt, List<MovedTable> tables) throws SQLException {
            tgt.setAutoCommit(true);
            if (db.exists(tgt, Fence.TABLE)) {
                try (PreparedStatement ps = tgt.prepareStatement("DELETE FROM " + Fence.TABLE + " WHERE tbl = ? AND unit = ?")) {
                    for (MovedTable t : tables) {
                        for (String u : units.names()) {
                            ps.setString(1, t.name());
                            ps.setString(2, u);
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
                units.narrowFences(tgt, tables);
            }
        }

        private boolean placedOnTarget() throws SQLException {
            return units.placedOn(store, move.group().toLowerCase(Locale.ROOT), target.name());
        }

        /**
         * Writes the version that placed the units on the target into their fence rows on the source: a
         * driver whose write changed no row there asks for fence rows newer than its own version.
         */
        private void markMoved(Connection admin, long version) throws SQLException {
            admin.setAutoCommit(true);
            try (PreparedStatement ps = admin.prepareStatement(Fence.markMoved())) {
                ps.setLong(1, version);
                ps.setString(2, move.id());
                ps.executeUpdate();
            }
        }

        /**
         * Publishes the placement with the moving units on the target (compare-and-set, retried on a
         * concurrent publish) and returns the published version.
         */
        private long flip() throws SQLException {
            String group = move.group().toLowerCase(Locale.ROOT);
            units.beforePublish(store, group, source.name(), target.name());
            for (int attempt = 0; ; attempt++) {
                PlacementState current = store.placement();
                if (current == null) current = Topology.initialPlacement(config);
                Map<String, PlacementState.GroupState> groups = new HashMap<>(current.groups());
                groups.put(group, units.moved(current, group, source.name(), target.name()));
                List<PlacementState.ShardEntry> shards = new ArrayList<>(current.shards());
                if (shards.stream().noneMatch(s -> s.name().equals(target.name()))) {
                    shards.add(new PlacementState.ShardEntry(target.name(), target.url()));
                }
                try {
                    long v = store.publish(new PlacementState(0, shards, groups), current.version());
                    progress.step(move.id(), FENCED, "published topology version " + v);
                    return v;
                } catch (SQLException e) {
                    if (!"40001".equals(e.getSQLState()) || attempt >= 20) throw e;
                }
            }
        }

        private void cleanUp(Connection admin, Connection tgt, List<MovedTable> tables, Capture capture) throws SQLException {
            capture.drop(admin); // after a crash between the flip and its record
            if (state.equals(FLIPPED) && options.keepSourceMillis() > 0) {
                java.time.Instant until = java.time.Instant.now().plusMillis(options.keepSourceMillis());
                record(KEPT, "the moved rows stay on " + source.name() + " until " + until + ": shardctl resume " + move.id()
                        + " deletes them, shardctl reverse " + move.id() + " moves " + units + " back");
                journal.finish(move.id(), lease.owner(), KEPT, null);
                return;
            }
            awaitDrivers();
            admin.setAutoCommit(true);
            try (Statement st = admin.createStatement()) {
                st.execute(Fence.bypass(db.dialect()));
            }
            long deleted = 0;
            for (MovedTable t : tables) deleted += deleteInBatches(admin, t);
            journal.finish(move.id(), lease.owner(), DONE, null);
            state = DONE;
            progress.step(move.id(), DONE, "deleted " + deleted + " moved rows from " + source.name());
        }

        /**
         * Deletes the moving rows of {@code t} in batches of key ranges, in key order: each batch reads the
         * next {@value #CLEANUP_BATCH} keys after the last batch's and deletes that range, so no batch scans
         * again what earlier ones deleted. Paced by the move's rate.
         */
        private long deleteInBatches(Connection c, MovedTable t) throws SQLException {
            long total = 0;
            Throttle throttle = new Throttle(options.rate());
            List<String> after = null;
            try (Statement st = c.createStatement()) {
                while (true) {
                    lease.check();
                    String range = condition(t) + (after == null ? "" : " AND " + t.keyAbove(db.dialect(), after));
                    String[] last = null;
                    try (ResultSet rs = st.executeQuery("SELECT " + t.keyList() + " FROM " + t.name() + " WHERE " + range
                            + " ORDER BY " + t.keyList() + " LIMIT " + CLEANUP_BATCH)) {
                        while (rs.next()) {
                            if (last == null) last = new String[t.primaryKey().size()];
                            for (int i = 0; i < last.length; i++) last[i] = rs.getString(i + 1);
                        }
                    }
                    if (last == null) return total;
                    after = List.of(last);
                    int n = st.executeUpdate("DELETE FROM " + t.name() + " WHERE " + range + " AND NOT " + t.keyAbove(db.dialect(), after));
                    total += n;
                    throttle.paced(n);
                }
            }
        }

        /**
         * Gives drivers polling the store time to see the flip before the source's rows go: a driver still
         * on the old topology is refused by the fence's trigger while the rows are there; once they are gone,
         * its UPDATE or DELETE of a moved key changes no row and the driver has to ask the source's fence
         * rows ({@link io.shardjdbc.execute.MovedAway}), which costs it a query. At least
         * {@link Fence#ABSENCE_RECHECK_MILLIS}, for drivers that last found no fence table on the source.
         */
        private void awaitDrivers() throws SQLException {
            long polling = config.metadata() == null ? 0 : Math.min(30_000, 3 * config.metadata().refreshInterval().toMillis());
            // a driver may take a shard to have no fence table for this long after it asked (it was created with the fence)
            long wait = Math.max(polling, Fence.ABSENCE_RECHECK_MILLIS);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted before cleaning up move " + move.id() + "; resume it", "57014");
            }
        }

        void rollBack() throws SQLException {
            try (Connection admin = open(db, source); Connection tgt = open(db, target);
                 Capture capture = db.capture(source, move.id(), move.capture())) {
                this.capture = capture;
                rollBack(admin, tgt, tables(admin), capture);
            }
        }

        private void rollBack(Connection admin, Connection tgt, List<MovedTable> tables, Capture capture) throws SQLException {
            capture.drop(admin);
            admin.setAutoCommit(true);
            if (db.exists(admin, Fence.TABLE)) {
                try (PreparedStatement ps = admin.prepareStatement("DELETE FROM " + Fence.TABLE + " WHERE move_id = ?")) {
                    ps.setString(1, move.id());
                    ps.executeUpdate();
                }
            }
            tgt.setAutoCommit(true);
            try (Statement st = tgt.createStatement()) {
                st.execute(Fence.bypass(db.dialect()));
            }
            long deleted = 0;
            for (MovedTable t : tables) {
                if (db.exists(tgt, t.name())) deleted += deleteInBatches(tgt, t);
            }
            journal.finish(move.id(), lease.owner(), ABORTED, "aborted; deleted " + deleted + " copied rows from " + target.name());
            state = ABORTED;
            progress.step(move.id(), ABORTED, "source " + source.name() + " as before; " + deleted + " copied rows deleted from " + target.name());
        }
    }

    /** Something that reads a database, for {@link #async}. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T get() throws SQLException;
    }

    /** Runs {@code work} on another thread (its connection must not be used meanwhile); {@link #await} gives its answer. */
    private static <T> CompletableFuture<T> async(SqlWork<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** The answer of {@link #async} work, or its failure as thrown. */
    private static <T> T await(CompletableFuture<T> work) throws SQLException {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException q) throw q;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private static JsonNode readJson(String text) throws SQLException {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new SQLException("move checkpoint '" + text + "' is not readable: " + e.getMessage(), "XX001");
        }
    }
}
