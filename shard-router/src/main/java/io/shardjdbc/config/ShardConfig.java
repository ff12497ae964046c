package io.shardjdbc.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validated, immutable shard-jdbc configuration: the shards, how each logical table is placed,
 * and driver-wide settings. Build one in Java with {@link #builder()} or load the YAML contract
 * with {@link ConfigLoader}. Tables not listed live unsharded on the first (default) shard.
 */
public final class ShardConfig {
    /** How a transaction that touches a second shard is treated. */
    public enum TransactionMode { BEST_EFFORT, SINGLE_SHARD, ATOMIC }

    /**
     * What the driver does about a sharded table whose own DDL declares an identity, serial or
     * AUTO_INCREMENT column with no {@code generated-id} in the config: each shard would count on its own.
     */
    public enum IdentityColumns { WARN, REFUSE }

    /** What happens to a table that the config does not list. */
    public enum UnknownTables { DEFAULT_SHARD, REJECT }

    private final String source;
    private final Map<String, ShardSpec> shards;
    private final Map<String, TableSpec> tables;
    private final Dialect dialect;
    private final TransactionMode transactions;
    private final java.time.Duration transactionRecovery;
    private final UnknownTables unknownTables;
    private final ReadsSpec reads;
    private final MetadataSpec metadata;
    private final MovesSpec moves;
    private final ShardSpec shardDefaults;
    private final int analysisCacheSize;
    private final long mergeRowCap;
    private final long federationRowBudget;
    private final int executorThreads;
    private final int maxParallelShards;
    private final Map<String, GeneratedIdSpec> generatedIds;
    private final IdentityColumns identityColumns;

    private ShardConfig(Builder b, String source) {
        this.source = source;
        this.shards = Collections.unmodifiableMap(new LinkedHashMap<>(b.shards));
        Map<String, TableSpec> t = new LinkedHashMap<>();
        b.tables.forEach((k, v) -> t.put(k.toLowerCase(Locale.ROOT), v));
        this.tables = Collections.unmodifiableMap(t);
        this.transactions = b.transactions;
        this.transactionRecovery = b.transactionRecovery;
        this.unknownTables = b.unknownTables;
        this.reads = b.reads;
        this.metadata = b.metadata;
        this.moves = b.moves;
        this.shardDefaults = b.shardDefaults;
        this.analysisCacheSize = b.analysisCacheSize;
        this.mergeRowCap = b.mergeRowCap;
        this.federationRowBudget = b.federationRowBudget;
        this.executorThreads = b.executorThreads;
        this.maxParallelShards = b.maxParallelShards;
        Map<String, GeneratedIdSpec> g = new LinkedHashMap<>();
        b.generatedIds.forEach((k, v) -> g.put(k.toLowerCase(Locale.ROOT), v));
        this.generatedIds = Collections.unmodifiableMap(g);
        this.identityColumns = b.identityColumns;
        this.dialect = ConfigValidator.validate(this, b.dialect);
    }

    public static Builder builder() { return new Builder(); }

    /** Where this config came from (a file path, a classpath resource or "builder"). */
    public String source() { return source; }

    /** Shards in declaration order; the first is the default shard. */
    public Map<String, ShardSpec> shards() { return shards; }

    /** Tables by lower-cased logical name. */
    public Map<String, TableSpec> tables() { return tables; }

    public String defaultShard() { return shards.keySet().iterator().next(); }

    public Dialect dialect() { return dialect; }

    public TransactionMode transactions() { return transactions; }

    /**
     * How often a driver under {@code transactions: atomic} looks for in-doubt prepared transactions
     * on its shards and resolves them by their recorded decision; {@link java.time.Duration#ZERO} never.
     */
    public java.time.Duration transactionRecovery() { return transactionRecovery; }

    public UnknownTables unknownTables() { return unknownTables; }

    /** The generated-id columns, by lower-cased table name. */
    public Map<String, GeneratedIdSpec> generatedIds() { return generatedIds; }

    /** What to do about a sharded table's own identity column without a generated id. */
    public IdentityColumns identityColumns() { return identityColumns; }

    public ReadsSpec reads() { return reads; }

    /** The metadata store, or null when the topology comes from this config alone. */
    public MetadataSpec metadata() { return metadata; }

    /** How writes refused by a move's fence wait for the new topology (the {@code moves:} section). */
    public MovesSpec moves() { return moves; }

    /**
     * Credentials, driver properties and pool settings of shards the metadata store names and this
     * config does not (the {@code shard-defaults:} section; its URL is null), or null: then such a
     * shard takes the first shard's.
     */
    public ShardSpec shardDefaults() { return shardDefaults; }

    /**
     * The shard {@code name} at {@code url} as the metadata store names it: credentials, properties
     * and pool from this config's shard of that name, else from {@code shard-defaults:}, else from
     * the first shard; replicas only from a shard of that name.
     */
    public ShardSpec shardAt(String name, String url) {
        ShardSpec own = shards.get(name);
        ShardSpec base = own != null ? own : shardDefaults != null ? shardDefaults : shards.values().iterator().next();
        return new ShardSpec(name, url, base.username(), base.password(), base.properties(), base.pool(),
                own != null ? own.replicas() : List.of());
    }

    /** How many distinct SQL texts keep their analysis cached. */
    public int analysisCacheSize() { return analysisCacheSize; }

    /** The most rows or groups a cross-shard merge may hold in memory before it fails clearly. */
    public long mergeRowCap() { return mergeRowCap; }

    /**
     * The most rows one federated query may fetch from the shards into the driver (everything the
     * federation planner joins, sorts or groups comes from them) before it fails clearly.
     */
    public long federationRowBudget() { return federationRowBudget; }

    /** Threads shared by all statements of this config to run shards' statements in parallel. */
    public int executorThreads() { return executorThreads; }

    /** How many shards one statement runs on at once; 0 means all it touches. */
    public int maxParallelShards() { return maxParallelShards; }

    /**
     * This config with another list of shards (in index order), validated again: the driver uses it when
     * the metadata store names shards, or shard URLs, that differ from the file's.
     */
    public ShardConfig withShards(java.util.Collection<ShardSpec> newShards) {
        Builder b = new Builder();
        for (ShardSpec s : newShards) b.shard(s);
        b.tables.putAll(tables);
        b.dialect = dialect;
        b.transactions = transactions;
        b.transactionRecovery = transactionRecovery;
        b.unknownTables = unknownTables;
        b.reads = reads;
        b.metadata = metadata;
        b.moves = moves;
        b.shardDefaults = shardDefaults;
        b.analysisCacheSize = analysisCacheSize;
        b.mergeRowCap = mergeRowCap;
        b.federationRowBudget = federationRowBudget;
        b.executorThreads = executorThreads;
        b.maxParallelShards = maxParallelShards;
        return b.build(source);
    }

    @Override
    public String toString() {
        return "ShardConfig[" + source + ", shards=" + shards.keySet() + ", tables=" + tables.keySet() + "]";
    }

    /** Builds a {@link ShardConfig} in Java, with the same keys and defaults as the YAML file. */
    public static final class Builder {
        private final Map<String, ShardSpec> shards = new LinkedHashMap<>();
        private final Map<String, TableSpec> tables = new LinkedHashMap<>();
        private Dialect dialect;
        private TransactionMode transactions = TransactionMode.BEST_EFFORT;
        private java.time.Duration transactionRecovery = java.time.Duration.ofSeconds(30);
        private UnknownTables unknownTables = UnknownTables.DEFAULT_SHARD;
        private ReadsSpec reads = ReadsSpec.DEFAULT;
        private MetadataSpec metadata;
        private MovesSpec moves = MovesSpec.DEFAULT;
        private ShardSpec shardDefaults;
        private int analysisCacheSize = 10_000;
        private long mergeRowCap = 1_000_000;
        private long federationRowBudget = 1_000_000;
        private int executorThreads = 64;
        private int maxParallelShards;
        private PoolSpec defaultPool = PoolSpec.DEFAULT;
        private final Map<String, GeneratedIdSpec> generatedIds = new LinkedHashMap<>();
        private IdentityColumns identityColumns = IdentityColumns.WARN;

        private Builder() { }

        /** Adds a shard with a primary URL and credentials (the first shard added is the default shard). */
        public Builder shard(String name, String url, String username, String password) {
            return shard(new ShardSpec(name, url, username, password, Map.of(), null, List.of()));
        }

        public Builder shard(ShardSpec spec) {
            shards.put(spec.name(), spec);
            return this;
        }

        /** Pool settings for shards that do not set their own. */
        public Builder pool(PoolSpec pool) {
            this.defaultPool = pool;
            return this;
        }

        public Builder table(TableSpec spec) {
            tables.put(spec.name(), spec);
            return this;
        }

        /** Lets the driver fill {@code spec.column()} of {@code table} with ids unique across shards. */
        public Builder generatedId(String table, GeneratedIdSpec spec) {
            generatedIds.put(table, spec);
            return this;
        }

        /** What to do about a sharded table's own identity column without a generated id (default warn). */
        public Builder identityColumns(IdentityColumns policy) {
            identityColumns = policy;
            return this;
        }

        /** A table spread by the stable hash of {@code key} over {@code buckets} virtual buckets. */
        public Builder hashTable(String name, String key, int buckets) {
            return table(new TableSpec(name, key, TableSpec.Strategy.HASH, "hash", buckets, "auto", null, false,
                    List.of(), List.of(), null, Map.of(), TableSpec.ScatterPolicy.ALLOW));
        }

        /** A table split by {@code key % buckets}, buckets mapped to shards in order. */
        public Builder modTable(String name, String key, int buckets) {
            return table(new TableSpec(name, key, TableSpec.Strategy.HASH, "mod", buckets, "integer", null, false,
                    List.of(), List.of(), null, Map.of(), TableSpec.ScatterPolicy.ALLOW));
        }

        public Builder rangeTable(String name, String key, List<RangeSpec> ranges) {
            return table(new TableSpec(name, key, TableSpec.Strategy.RANGE, null, 0, "auto", null, false,
                    List.of(), ranges, null, Map.of(), TableSpec.ScatterPolicy.ALLOW));
        }

        /** A table placed exactly like {@code target}, sharded by its own column {@code key}. */
        public Builder colocatedTable(String name, String key, String target) {
            return table(new TableSpec(name, key, null, null, 0, "auto", target, false,
                    List.of(), List.of(), null, Map.of(), TableSpec.ScatterPolicy.ALLOW));
        }

        /** A geographic table: {@code regionColumn} values map to regions, each spread by key over its own shards. */
        public Builder geoTable(String name, String key, String regionColumn, List<RegionSpec> regions) {
            Map<String, RegionSpec> byName = new LinkedHashMap<>();
            for (RegionSpec r : regions) byName.put(r.name(), r);
            return table(new TableSpec(name, key, TableSpec.Strategy.GEO, "hash", TableSpec.DEFAULT_BUCKETS, "auto", null,
                    false, List.of(), List.of(), regionColumn, byName, TableSpec.ScatterPolicy.ALLOW));
        }

        /**
         * A directory table: each key's shard is an entry of the metadata store, assigned on the key's first
         * INSERT by {@code placementPolicy} ({@code least-rows} or {@code round-robin}).
         */
        public Builder directoryTable(String name, String key, String placementPolicy) {
            return table(new TableSpec(name, key, TableSpec.Strategy.DIRECTORY, null, 0, "auto", null, false,
                    List.of(), List.of(), null, Map.of(), TableSpec.ScatterPolicy.ALLOW, placementPolicy));
        }

        public Builder broadcastTable(String name) {
            return table(new TableSpec(name, null, null, null, 0, "auto", null, true,
                    List.of(), List.of(), null, Map.of(), TableSpec.ScatterPolicy.ALLOW));
        }

        public Builder dialect(Dialect dialect) {
            this.dialect = dialect;
            return this;
        }

        public Builder transactions(TransactionMode mode) {
            this.transactions = mode;
            return this;
        }

        /** How often in-doubt transactions are looked for under {@code transactions: atomic}; zero: never. */
        public Builder transactionRecovery(java.time.Duration interval) {
            this.transactionRecovery = interval;
            return this;
        }

        public Builder unknownTables(UnknownTables policy) {
            this.unknownTables = policy;
            return this;
        }

        public Builder reads(ReadsSpec reads) {
            this.reads = reads;
            return this;
        }

        public Builder metadata(MetadataSpec metadata) {
            this.metadata = metadata;
            return this;
        }

        /** How writes refused by a move's fence wait for the new topology (default {@link MovesSpec#DEFAULT}). */
        public Builder moves(MovesSpec moves) {
            this.moves = moves;
            return this;
        }

        /** Credentials, properties and pool of shards only the metadata store names (a spec without a URL). */
        public Builder shardDefaults(ShardSpec defaults) {
            this.shardDefaults = defaults;
            return this;
        }

        public Builder analysisCacheSize(int size) {
            this.analysisCacheSize = size;
            return this;
        }

        /** The most rows or groups a cross-shard merge may hold in memory (hash GROUP BY, DISTINCT). */
        public Builder mergeRowCap(long cap) {
            this.mergeRowCap = cap;
            return this;
        }

        /** The most rows one federated query may fetch from the shards (default 1,000,000). */
        public Builder federationRowBudget(long budget) {
            this.federationRowBudget = budget;
            return this;
        }

        /** Threads shared by all statements to run shards' statements in parallel (default 64). */
        public Builder executorThreads(int threads) {
            this.executorThreads = threads;
            return this;
        }

        /** How many shards one statement runs on at once; 0 (default) means all it touches. */
        public Builder maxParallelShards(int shards) {
            this.maxParallelShards = shards;
            return this;
        }

        /** Validates and builds; a bad config throws {@link ConfigException} naming the key. */
        public ShardConfig build() {
            return build("builder");
        }

        ShardConfig build(String source) {
            List<String> names = new ArrayList<>(shards.keySet());
            for (String n : names) {
                ShardSpec s = shards.get(n);
                if (s.pool() == null) {
                    shards.put(n, new ShardSpec(s.name(), s.url(), s.username(), s.password(), s.properties(),
                            defaultPool, s.replicas()));
                }
            }
            if (shardDefaults != null && shardDefaults.pool() == null) {
                ShardSpec d = shardDefaults;
                shardDefaults = new ShardSpec(d.name(), d.url(), d.username(), d.password(), d.properties(), defaultPool, d.replicas());
            }
            return new ShardConfig(this, source);
        }
    }
}
