package io.shardjdbc.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The startup checks of a {@link ShardConfig}; every failure names the key and the reason. */
final class ConfigValidator {
    private static final Set<String> KEY_TYPES = Set.of("auto", "integer", "decimal", "string", "uuid", "date", "timestamp");
    private static final int MAX_BUCKETS = 1 << 20;

    private ConfigValidator() { }

    static Dialect validate(ShardConfig c, Dialect explicit) {
        String src = c.source();
        if (c.shards().isEmpty()) throw new ConfigException(src, "shards", "at least one shard is required");
        Dialect dialect = explicit;
        for (ShardSpec s : c.shards().values()) {
            String key = "shards." + s.name();
            if (s.url() == null || s.url().isBlank()) throw new ConfigException(src, key + ".url", "missing JDBC url");
            Dialect d = Dialect.ofUrl(s.url());
            if (d == null && explicit == null) {
                throw new ConfigException(src, key + ".url", "cannot tell the database from '" + s.url()
                        + "'; use a jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb: or jdbc:h2: URL, or set dialect:");
            }
            if (explicit == null && dialect != null && d != dialect) {
                throw new ConfigException(src, key + ".url", "all shards must speak one dialect, but this one is "
                        + d + " and an earlier shard is " + dialect);
            }
            if (dialect == null) dialect = d;
            for (int i = 0; i < s.replicas().size(); i++) {
                ReplicaSpec r = s.replicas().get(i);
                String rk = key + ".replicas[" + i + "]";
                if (r.url() == null || r.url().isBlank()) throw new ConfigException(src, rk + ".url", "missing JDBC url");
                Dialect rd = Dialect.ofUrl(r.url());
                if (d != null && rd != d) {
                    throw new ConfigException(src, rk + ".url", "a replica must be the same database as its primary ("
                            + d + "), but '" + r.url() + "' is " + (rd == null ? "not a known JDBC URL" : rd));
                }
                if (r.weight() < 1) throw new ConfigException(src, rk + ".weight", "must be at least 1, not " + r.weight());
            }
            PoolSpec p = s.pool();
            if (p != null && (p.maximumPoolSize() < 1 || p.minimumIdle() < 0 || p.minimumIdle() > p.maximumPoolSize())) {
                throw new ConfigException(src, key + ".pool", "maximum-pool-size must be >= 1 and minimum-idle between 0 and it");
            }
        }
        if (c.metadata() != null) validateMetadata(c, c.metadata());
        if (c.transactions() == ShardConfig.TransactionMode.ATOMIC && dialect == Dialect.H2) {
            throw new ConfigException(src, "transactions", "atomic needs shards that can prepare a transaction (PostgreSQL,"
                    + " MySQL/MariaDB); H2 shards support best-effort and single-shard");
        }
        ReadsSpec r = c.reads();
        if (!Set.of("round-robin", "weighted-random", "least-in-flight").contains(r.balancer())) {
            throw new ConfigException(src, "reads.balancer", "must be round-robin, weighted-random or least-in-flight, not '"
                    + r.balancer() + "'");
        }
        if (!Set.of("session", "none").contains(r.readYourWrites())) {
            throw new ConfigException(src, "reads.read-your-writes", "must be session or none, not '" + r.readYourWrites() + "'");
        }
        if (r.maxLag().isNegative()) throw new ConfigException(src, "reads.max-lag", "must not be negative");
        if (r.lagCheckInterval().toMillis() < 10) {
            throw new ConfigException(src, "reads.lag-check-interval", "must be at least 10ms");
        }
        if (c.mergeRowCap() < 1) throw new ConfigException(src, "merge-row-cap", "must be at least 1");
        if (c.federationRowBudget() < 1) throw new ConfigException(src, "federation-row-budget", "must be at least 1");
        if (c.executorThreads() < 1) throw new ConfigException(src, "executor-threads", "must be at least 1");
        if (c.maxParallelShards() < 0) throw new ConfigException(src, "max-parallel-shards", "must be 0 (all) or more");
        if (c.analysisCacheSize() < 0) throw new ConfigException(src, "analysis-cache-size", "must not be negative");
        for (TableSpec t : c.tables().values()) validateTable(c, t);
        for (TableSpec t : c.tables().values()) rootOf(c, t, new HashSet<>());
        return dialect;
    }

    private static void validateMetadata(ShardConfig c, MetadataSpec m) {
        String src = c.source();
        if (m.url() == null || m.url().isBlank()) {
            throw new ConfigException(src, "metadata.url", "missing: the JDBC URL of the metadata store's database, or the "
                    + "http:// URL of the directory service");
        }
        String u = m.url().toLowerCase(Locale.ROOT);
        if (!u.startsWith("jdbc:") && !u.startsWith("http://") && !u.startsWith("https://")) {
            throw new ConfigException(src, "metadata.url", "must be a jdbc: URL or an http(s):// URL, not '" + m.url() + "'");
        }
        if (!m.refreshInterval().isZero() && m.refreshInterval().toMillis() < 10) {
            throw new ConfigException(src, "metadata.refresh-interval", "must be at least 10ms, or 0 to watch no version");
        }
        if (m.directoryCacheSize() < 0) throw new ConfigException(src, "metadata.directory-cache.size", "must not be negative");
        if (m.directoryCacheTtl().isNegative()) throw new ConfigException(src, "metadata.directory-cache.ttl", "must not be negative");
        if (m.directoryNegativeTtl().isNegative()) {
            throw new ConfigException(src, "metadata.directory-cache.negative-ttl", "must not be negative");
        }
    }

    private static void validateTable(ShardConfig c, TableSpec t) {
        String src = c.source();
        String key = "tables." + t.name();
        if (t.placementPolicy() != null && t.strategy() != TableSpec.Strategy.DIRECTORY) {
            throw new ConfigException(src, key + ".placement", "placement is for strategy: directory tables only");
        }
        if (!t.regions().isEmpty() && t.strategy() != TableSpec.Strategy.GEO) {
            throw new ConfigException(src, key + ".regions", "regions are for strategy: geo tables only");
        }
        if (t.regionColumn() != null && t.strategy() != TableSpec.Strategy.GEO) {
            TableSpec root = t.colocate() == null ? null : c.tables().get(t.colocate().toLowerCase(Locale.ROOT));
            while (root != null && root.colocate() != null) root = c.tables().get(root.colocate().toLowerCase(Locale.ROOT));
            if (root == null || root.strategy() != TableSpec.Strategy.GEO) {
                throw new ConfigException(src, key + ".region-column", "region-column is for strategy: geo tables and "
                        + "tables co-located with one only");
            }
        }
        if (!KEY_TYPES.contains(t.keyType())) {
            throw new ConfigException(src, key + ".key-type", "must be one of " + KEY_TYPES + ", not '" + t.keyType() + "'");
        }
        if (t.broadcast()) {
            if (t.key() != null || t.strategy() != null || t.colocate() != null) {
                throw new ConfigException(src, key, "a broadcast table has no key, strategy or colocate");
            }
            return;
        }
        if (t.key() == null || t.key().isBlank()) {
            throw new ConfigException(src, key + ".key", "missing shard key column (or set broadcast: true)");
        }
        if (t.colocate() != null) {
            if (t.strategy() != null) {
                throw new ConfigException(src, key + ".strategy", "a co-located table takes its strategy from '"
                        + t.colocate() + "'; remove strategy");
            }
            TableSpec target = c.tables().get(t.colocate().toLowerCase(Locale.ROOT));
            if (target == null) throw new ConfigException(src, key + ".colocate", "unknown table '" + t.colocate() + "'");
            if (target.broadcast()) {
                throw new ConfigException(src, key + ".colocate", "'" + t.colocate() + "' is a broadcast table; "
                        + "co-locate with a sharded table or make this one broadcast");
            }
            return;
        }
        if (t.strategy() == null) throw new ConfigException(src, key + ".strategy", "missing strategy (hash, range, geo or directory)");
        switch (t.strategy()) {
            case GEO -> validateGeo(c, t, key);
            case DIRECTORY -> validateDirectory(c, t, key);
            case HASH -> validateHash(c, t, key);
            case RANGE -> validateRange(c, t, key);
        }
    }

    private static void validateHash(ShardConfig c, TableSpec t, String key) {
        String src = c.source();
        if (!"hash".equals(t.function()) && !"mod".equals(t.function())) {
            throw new ConfigException(src, key + ".function", "must be hash or mod, not '" + t.function() + "'");
        }
        if ("mod".equals(t.function()) && !Set.of("integer", "auto").contains(t.keyType())) {
            throw new ConfigException(src, key + ".key-type", "function mod needs an integer key");
        }
        if (t.buckets() < 1 || t.buckets() > MAX_BUCKETS) {
            throw new ConfigException(src, key + ".buckets", "must be between 1 and " + MAX_BUCKETS + ", not " + t.buckets());
        }
        for (int i = 0; i < t.shards().size(); i++) requireShard(c, key + ".shards[" + i + "]", t.shards().get(i));
        int spread = t.shards().isEmpty() ? c.shards().size() : t.shards().size();
        if (t.buckets() < spread) {
            throw new ConfigException(src, key + ".buckets", t.buckets() + " buckets cannot cover " + spread
                    + " shards; raise buckets or list the shards this table uses in shards: [...]");
        }
    }

    private static void validateGeo(ShardConfig c, TableSpec t, String key) {
        String src = c.source();
        if (t.regionColumn() == null || t.regionColumn().isBlank()) {
            throw new ConfigException(src, key + ".region-column", "a geo table needs the column that holds each row's "
                    + "region (e.g. region-column: country)");
        }
        if (t.regionColumn().equalsIgnoreCase(t.key())) {
            throw new ConfigException(src, key + ".region-column", "must differ from the shard key " + t.key());
        }
        if (!"hash".equals(t.function())) throw new ConfigException(src, key + ".function", "a geo table hashes its key; remove function");
        if (t.regions().isEmpty()) {
            throw new ConfigException(src, key + ".regions", "a geo table needs at least one region, e.g. "
                    + "regions: { eu: { countries: [DE, FR], shards: [s0] } }");
        }
        Map<String, String> regionOfValue = new HashMap<>();
        for (RegionSpec r : t.regions().values()) {
            String rk = key + ".regions." + r.name();
            if (r.countries().isEmpty()) throw new ConfigException(src, rk + ".countries", "list the region-column values of this region");
            if (r.shards().isEmpty()) throw new ConfigException(src, rk + ".shards", "list the shards that hold this region's rows");
            for (int i = 0; i < r.shards().size(); i++) requireShard(c, rk + ".shards[" + i + "]", r.shards().get(i));
            if (r.buckets() < r.shards().size() || r.buckets() > MAX_BUCKETS) {
                throw new ConfigException(src, rk + ".buckets", "must be between the region's " + r.shards().size()
                        + " shard(s) and " + MAX_BUCKETS + ", not " + r.buckets());
            }
            for (String v : r.countries()) {
                String other = regionOfValue.put(v.trim().toUpperCase(Locale.ROOT), r.name());
                if (other != null) {
                    throw new ConfigException(src, rk + ".countries", "'" + v + "' is already in region " + other
                            + "; a value belongs to one region");
                }
            }
        }
    }

    private static void validateDirectory(ShardConfig c, TableSpec t, String key) {
        String src = c.source();
        if (c.metadata() == null) {
            throw new ConfigException(src, key + ".strategy", "a directory table keeps its key-to-shard entries in the "
                    + "metadata store; configure metadata: { url: ... } (a JDBC URL or the directory service's URL)");
        }
        if (t.placementPolicy() != null && !Set.of("least-rows", "round-robin").contains(t.placementPolicy())) {
            throw new ConfigException(src, key + ".placement", "must be least-rows or round-robin, not '" + t.placementPolicy() + "'");
        }
        for (int i = 0; i < t.shards().size(); i++) requireShard(c, key + ".shards[" + i + "]", t.shards().get(i));
    }

    private static void validateRange(ShardConfig c, TableSpec t, String key) {
        String src = c.source();
        List<RangeSpec> ranges = t.ranges();
        if (ranges.isEmpty()) throw new ConfigException(src, key + ".ranges", "a range table needs at least one range");
        RangeBounds.Type type = RangeBounds.typeOf(t.keyType(), ranges);
        Comparable<Object> previous = null;
        for (int i = 0; i < ranges.size(); i++) {
            RangeSpec r = ranges.get(i);
            String rk = key + ".ranges[" + i + "]";
            requireShard(c, rk + ".shard", r.shard());
            if (r.below() == null) {
                if (i != ranges.size() - 1) {
                    throw new ConfigException(src, rk + ".below", "only the last range may be open-ended");
                }
                continue;
            }
            Comparable<Object> bound;
            try {
                bound = RangeBounds.parse(type, r.below());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(src, rk + ".below", "'" + r.below() + "' is not a " + type.name().toLowerCase(Locale.ROOT));
            }
            if (previous != null && previous.compareTo(bound) >= 0) {
                throw new ConfigException(src, rk + ".below", "ranges overlap: '" + r.below()
                        + "' is not above the previous bound; list ranges in ascending order");
            }
            previous = bound;
        }
    }

    private static void requireShard(ShardConfig c, String key, String shard) {
        if (shard == null || !c.shards().containsKey(shard)) {
            throw new ConfigException(c.source(), key, "unknown shard '" + shard + "'; known shards are " + c.shards().keySet());
        }
    }

    /** Follows colocate links to the table that owns the placement, rejecting cycles. */
    static TableSpec rootOf(ShardConfig c, TableSpec t, Set<String> seen) {
        if (t.colocate() == null) return t;
        if (!seen.add(t.name().toLowerCase(Locale.ROOT))) {
            throw new ConfigException(c.source(), "tables." + t.name() + ".colocate", "co-location forms a cycle through " + seen);
        }
        return rootOf(c, c.tables().get(t.colocate().toLowerCase(Locale.ROOT)), seen);
    }
}
