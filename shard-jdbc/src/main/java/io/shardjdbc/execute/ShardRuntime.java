package io.shardjdbc.execute;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.merge.CollatedTopRows;
import io.shardjdbc.merge.TextOrder;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.observe.ExecutionObservers;
import io.shardjdbc.observe.RouteLog;
import io.shardjdbc.physical.PhysicalConnections;
import io.shardjdbc.physical.PhysicalPools;
import io.shardjdbc.physical.SessionState;
import io.shardjdbc.replica.ReplicaSet;
import io.shardjdbc.route.Router;
import io.shardjdbc.topology.Topology;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything logical connections of one configuration share: the config, its topology, the router
 * (with its analysis cache) and the physical pools. One per {@code ShardDataSource} and one per
 * distinct URL of the driver. With a metadata store the topology and router are replaced when a new
 * topology version is published (see {@link TopologySource}); the shards, and so the pools, stay.
 * Thread-safe.
 */
public final class ShardRuntime implements AutoCloseable {
    private final TopologySource source;
    private final PhysicalPools pools;
    private final ParallelUnits parallel;
    private final ReplicaSet replicas;
    private final io.shardjdbc.federation.FederationEngine federation;
    private final Map<String, String> collations = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder[] primaryStatements;
    private final java.util.concurrent.atomic.LongAdder[] federatedRows;
    private static final Set<String> CODE_POINT_COLLATIONS = Set.of("c", "posix", "c.utf-8", "c.utf8", "ucs_basic");
    private final String url;
    private final PageSeekStats pageSeeks = new PageSeekStats();
    private final io.shardjdbc.tx.AtomicTransactions atomic;
    private final MoveHold moveHold;
    private final MovedAway movedAway;
    private final ExecutionObservers observers = new ExecutionObservers(new RouteLog());
    private final io.shardjdbc.ids.IdGenerators generatedIds;
    private final KeyColumnCatalog keyTypes;

    /**
     * @param config the validated config
     * @param url    the {@code jdbc:shard:} URL connections report, or null when there is none
     */
    public ShardRuntime(ShardConfig config, String url) {
        this(config, url, null);
    }

    /**
     * @param config the validated config
     * @param url    the {@code jdbc:shard:} URL connections report, or null when there is none
     * @param store  the metadata store to take the topology from (the caller keeps and closes it), or null
     *               to open the one the config's {@code metadata:} names (if any)
     */
    public ShardRuntime(ShardConfig config, String url, MetadataStore store) {
        // asked only when a statement routes a string key, by then the pools exist
        this.keyTypes = new KeyColumnCatalog((shard, millis) -> pools().borrowWithin(shard, millis));
        this.source = config.metadata() == null ? TopologySource.fixed(config, keyTypes)
                : TopologySource.fromStore(config, store, StoreOpeners.DEFAULT, keyTypes);
        ShardConfig started = source.config();
        this.moveHold = new MoveHold(source, started.moves());
        int capacity = source.shardCapacity();
        this.movedAway = source.store() == null ? null : new MovedAway(started.dialect(), capacity);
        this.primaryStatements = new java.util.concurrent.atomic.LongAdder[capacity];
        for (int i = 0; i < primaryStatements.length; i++) primaryStatements[i] = new java.util.concurrent.atomic.LongAdder();
        this.federatedRows = new java.util.concurrent.atomic.LongAdder[capacity];
        for (int i = 0; i < federatedRows.length; i++) federatedRows[i] = new java.util.concurrent.atomic.LongAdder();
        try {
            this.pools = new PhysicalPools(started, capacity);
            this.generatedIds = new io.shardjdbc.ids.IdGenerators(started, pools, () -> source.current().topology().shardCount());
            this.parallel = new ParallelUnits(started.executorThreads(), started.maxParallelShards());
            this.replicas = ReplicaSet.of(started);
            this.federation = new io.shardjdbc.federation.FederationEngine(started.federationRowBudget(),
                    started.analysisCacheSize());
            this.atomic = started.transactions() != ShardConfig.TransactionMode.ATOMIC ? null
                    : new io.shardjdbc.tx.AtomicTransactions(io.shardjdbc.tx.BranchProtocol.of(started.dialect()),
                            shardLinks(), started.transactionRecovery());
            source.start(new TopologySource.ShardListener() {
                @Override
                public void added(int index, io.shardjdbc.config.ShardSpec spec) { pools.add(index, spec); }

                @Override
                public void retired(Set<Integer> indexes) { pools.closeIdle(indexes); }
            });
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        this.url = url;
        if (started.identityColumns() == ShardConfig.IdentityColumns.REFUSE) {
            try {
                io.shardjdbc.ids.IdentityColumns.check(started, pools);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    /**
     * The config the runtime runs on (with a metadata store: its shard list is the store's, and grows
     * with shards added later; see {@link TopologySource}).
     */
    public ShardConfig config() { return source.config(); }

    /**
     * Shard indexes this runtime has room for: connection slots {@code 0 .. shardCapacity()-1} are the
     * shards' primaries (shards added while it runs take the free ones), replicas come after them.
     */
    public int shardCapacity() { return source.shardCapacity(); }

    /** The ids the driver generates for the config's generated-id columns. */
    public io.shardjdbc.ids.IdGenerators generatedIds() { return generatedIds; }

    /** The current topology snapshot. */
    public Topology topology() { return source.current().topology(); }

    /** The router of the current topology snapshot: route each statement on one router, read once. */
    public Router router() { return source.current().router(); }

    /** The current snapshot: a topology, its router and the store version they reflect (read once per statement). */
    public TopologySource.Snapshot snapshot() { return source.current(); }

    /** What sees every execution and shard statement: the route log, and the observers an application adds. */
    public ExecutionObservers observers() { return observers; }

    /** How writes refused by a move's fence wait for the new topology. */
    public MoveHold moveHold() { return moveHold; }

    /**
     * Tells a write that changed no row on a shard whether a move had taken units from that shard at a
     * newer topology version; null without a metadata store (the topology never changes).
     */
    public MovedAway movedAway() { return movedAway; }

    /** Where the topology comes from, and its watcher. */
    public TopologySource topologySource() { return source; }

    /** Plans and runs the SELECTs the router marks for federation (plans cached per SQL text). */
    public io.shardjdbc.federation.FederationEngine federation() { return federation; }

    public PhysicalPools pools() { return pools; }

    /**
     * The schema changed through this runtime (DDL ran): what was learned of tables' columns is asked
     * again on next use.
     */
    public void schemaChanged() {
        keyTypes.forget();
        federation.forgetColumns();
    }

    /**
     * Whether a merge may order strings itself: yes unless a PostgreSQL shard's database collation
     * orders text differently from code points (asked once per shard, on its first merge).
     */
    public TextOrder textOrder(List<Statement> statements, List<String> shards) throws SQLException {
        if (config().dialect() != Dialect.POSTGRESQL) return TextOrder.CODE_POINT;
        List<String> known = new java.util.ArrayList<>(shards.size());
        for (int i = 0; i < shards.size(); i++) {
            Statement s = statements.get(i);
            known.add(collationOf(shards.get(i), s::getConnection, false));
        }
        java.sql.Connection ranking = statements.get(0).getConnection();
        return textOrderOf(shards, known, values -> rankText(ranking, values));
    }

    /**
     * Whether federation may order strings itself, for every shard of the topology (each shard's
     * collation asked once, of a pooled connection).
     *
     * @param ranks how the database ranks text values, where it must
     */
    public TextOrder textOrderOfShards(CollatedTopRows.Ranks ranks) throws SQLException {
        if (config().dialect() != Dialect.POSTGRESQL) return TextOrder.CODE_POINT;
        int[] live = topology().liveShards();
        List<String> shards = new java.util.ArrayList<>(live.length);
        List<String> known = new java.util.ArrayList<>(live.length);
        for (int shard : live) {
            String name = topology().shardName(shard);
            shards.add(name);
            known.add(collationOf(name, () -> pools().open(shard), true));
        }
        return textOrderOf(shards, known, ranks);
    }

    /** The query that ranks text values by the database's default collation: one text[] parameter. */
    public static final String RANK_TEXT_SQL = "SELECT v, dense_rank() OVER (ORDER BY v) FROM unnest(?::text[]) AS t(v)";

    private TextOrder textOrderOf(List<String> shards, List<String> collations, CollatedTopRows.Ranks ranks) {
        String first = collations.get(0);
        String refused = null;
        boolean same = true;
        for (int i = 0; i < shards.size(); i++) {
            String collation = collations.get(i);
            same &= collation.equals(first);
            if (refused == null && !CODE_POINT_COLLATIONS.contains(collation.toLowerCase(java.util.Locale.ROOT))) {
                refused = "shard " + shards.get(i) + "'s database collation '" + collation + "'";
            }
        }
        if (refused == null) return TextOrder.CODE_POINT;
        if (!same) return TextOrder.refused(refused + " (the shards' collations differ)");
        return TextOrder.rankedBy(refused, ranks);
    }

    /** A connection to ask on, only opened when the shard's collation is not known yet. */
    private interface ConnectionFor {
        java.sql.Connection get() throws SQLException;
    }

    /**
     * A shard's database collation, asked once.
     *
     * @param opened true when the connection is opened for this (and closed after), false when it is borrowed
     */
    private String collationOf(String shard, ConnectionFor connection, boolean opened) throws SQLException {
        String collation = collations.get(shard);
        if (collation != null) return collation;
        java.sql.Connection c = connection.get();
        // datlocprovider exists from PostgreSQL 15 on ('i' = ICU, whose orders are all linguistic); reading it
        // through to_jsonb keeps the query valid on older servers
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datcollate, to_jsonb(d) ->> 'datlocprovider' FROM pg_database d "
                     + "WHERE datname = current_database()")) {
            collation = !rs.next() ? "" : "i".equals(rs.getString(2)) ? "ICU " + rs.getString(1) : rs.getString(1);
        } finally {
            if (opened) c.close();
        }
        collations.put(shard, collation);
        return collation;
    }

    /** The database's order of text values (its default collation), as dense ranks: asked of one shard. */
    private static Map<String, Integer> rankText(java.sql.Connection c, java.util.Set<String> values) throws SQLException {
        Map<String, Integer> ranks = new java.util.HashMap<>();
        try (java.sql.PreparedStatement ps = c.prepareStatement(RANK_TEXT_SQL)) {
            ps.setArray(1, c.createArrayOf("text", values.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ranks.put(rs.getString(1), rs.getInt(2));
            }
        }
        return ranks;
    }

    /** Counts a statement run on a shard's primary (replicas count their own reads). */
    public void countPrimaryStatement(int shard) {
        primaryStatements[shard].increment();
    }

    /** Statements run on a shard's primary since the runtime started. */
    public long primaryStatements(int shard) {
        return primaryStatements[shard].sum();
    }

    /** Counts one row a federated query fetched from a shard. */
    public void countFederatedRow(int shard) {
        federatedRows[shard].increment();
    }

    /**
     * Rows federated queries fetched from a shard since the runtime started: what the shards
     * returned to the driver's scans, so it shows how much the pushed filters and columns cut.
     */
    public long federatedRows(int shard) {
        return federatedRows[shard].sum();
    }

    /** The shared state of atomic transactions, or null unless {@code transactions: atomic}. */
    public io.shardjdbc.tx.AtomicTransactions atomic() { return atomic; }

    // the shards as recovery and the decision log reach them: by name, on connections of the pools
    private io.shardjdbc.tx.InDoubtRecovery.Shards shardLinks() {
        return new io.shardjdbc.tx.InDoubtRecovery.Shards() {
            @Override
            public List<String> names() { return topology().shards(); }

            @Override
            public java.sql.Connection open(String shard) throws SQLException {
                java.sql.Connection c = pools.open(topology().shardIndex(shard));
                if (!c.getAutoCommit()) c.setAutoCommit(true);
                return c;
            }
        };
    }

    /** Counts of deep pages fetched by seek. */
    public PageSeekStats pageSeeks() { return pageSeeks; }

    /** Runs the shard statements of one logical statement in parallel. */
    public ParallelUnits parallel() { return parallel; }

    /** The read replicas of the shards and their monitor, or null when no shard has replicas. */
    public ReplicaSet replicas() { return replicas; }

    /** The physical connections of a new logical connection, each brought to {@code session}'s state when borrowed. */
    public PhysicalConnections connections(SessionState session) {
        return new PhysicalConnections(pools, shardCapacity(), shard -> topology().shardName(shard),
                replicas == null ? shard -> List.of() : replicas::nodes, session);
    }

    /** The {@code jdbc:shard:} URL of this runtime, or null when it was built from a Java config. */
    public String url() { return url; }

    @Override
    public void close() {
        if (atomic != null) atomic.close();
        source.close();
        parallel.close();
        if (replicas != null) replicas.close();
        pools.close();
    }
}
