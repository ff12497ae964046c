package io.shardjdbc.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the YAML config contract (see the README) into a {@link ShardConfig}. Unknown keys are
 * errors, so a typo fails at startup instead of being ignored. Overrides (dotted key paths such
 * as {@code shards.s0.url}, e.g. from JDBC URL properties) are applied before validation, and
 * {@code user}/{@code password} overrides apply to every shard.
 */
public final class ConfigLoader {
    private static final Set<String> TOP = Set.of("shards", "tables", "metadata", "reads", "pool", "transactions", "transaction-recovery",
            "unknown-tables", "dialect", "analysis-cache-size", "merge-row-cap", "federation-row-budget", "executor-threads", "max-parallel-shards",
            "moves", "shard-defaults", "identity-columns");
    private static final Set<String> SHARD = Set.of("url", "username", "user", "password", "properties", "pool", "replicas");
    private static final Set<String> SHARD_DEFAULTS = Set.of("username", "user", "password", "properties", "pool");
    private static final Set<String> REPLICA = Set.of("url", "username", "user", "password", "weight");
    private static final Set<String> POOL = Set.of("maximum-pool-size", "minimum-idle", "connection-timeout",
            "idle-timeout", "max-lifetime");
    private static final Set<String> TABLE = Set.of("key", "strategy", "function", "buckets", "key-type", "colocate",
            "broadcast", "shards", "ranges", "region-column", "regions", "scatter", "placement", "generated-id");
    private static final Set<String> GENERATED_ID = Set.of("column", "generator", "block-size");
    private static final Set<String> REGION = Set.of("countries", "shards", "buckets");
    private static final Set<String> METADATA = Set.of("url", "token", "refresh-interval", "publish-initial", "directory-cache");
    private static final Set<String> DIRECTORY_CACHE = Set.of("size", "ttl", "negative-ttl");
    private static final Set<String> RANGE = Set.of("below", "shard");

    private final String source;
    private final Substitution substitution;

    private ConfigLoader(String source, UnaryOperator<String> env) {
        this.source = source;
        this.substitution = new Substitution(source, env);
    }

    /** Loads a config file. */
    public static ShardConfig load(Path file) {
        return load(file, Map.of());
    }

    /** Loads a config file with overrides (dotted key paths). */
    public static ShardConfig load(Path file, Map<String, String> overrides) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot read config file: " + e, e);
        }
        return parse(file.toString(), text, overrides, System::getenv);
    }

    /** Loads a config from a classpath resource. */
    public static ShardConfig loadResource(String resource, ClassLoader loader, Map<String, String> overrides) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) throw new ConfigException("classpath:" + name, "", "no such resource on the classpath");
            return parse("classpath:" + name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    overrides, System::getenv);
        } catch (IOException e) {
            throw new ConfigException("classpath:" + name, "", "cannot read config: " + e, e);
        }
    }

    /** Parses YAML text; {@code env} resolves {@code ${NAME}} references. */
    public static ShardConfig parse(String source, String yaml, Map<String, String> overrides, UnaryOperator<String> env) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(quoteReferences(yaml));
        } catch (YAMLException e) {
            // no cause: the parser's message quotes the offending line, which may hold a password
            throw new ConfigException(source, "", "not valid YAML: " + withoutSnippet(e));
        }
        if (root == null) root = new LinkedHashMap<>();
        ConfigLoader l = new ConfigLoader(source, env);
        Map<String, Object> map = l.map("", root);
        Map<String, Object> copy = deepCopy(map);
        l.applyOverrides(copy, overrides);
        return l.bind(copy);
    }

    /**
     * What the parser found and where (line and column), without the source snippet snakeyaml's
     * message carries: the line at fault may be a secret's (an unterminated {@code password: "...}).
     */
    static String withoutSnippet(YAMLException e) {
        if (!(e instanceof MarkedYAMLException m)) return e.getClass().getSimpleName();
        StringBuilder b = new StringBuilder();
        if (m.getContext() != null) b.append(m.getContext()).append(where(m.getContextMark())).append(", ");
        b.append(m.getProblem() == null ? "malformed" : m.getProblem()).append(where(m.getProblemMark()));
        return b.toString();
    }

    private static String where(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    private static final java.util.regex.Pattern BARE_REFERENCE =
            java.util.regex.Pattern.compile("(?m)(^\\s*-\\s+|[:,\\[{]\\s+)(\\$\\{[^}\\n]*}[^,}\\]\\s#]*)");

    /**
     * Quotes {@code ${...}} values written bare, as the contract shows them
     * ({@code { password: ${APP_DB_PASSWORD} }}): YAML would read the braces as a nested mapping.
     */
    static String quoteReferences(String yaml) {
        return BARE_REFERENCE.matcher(yaml).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + "\"" + m.group(2) + "\""));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v) : v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private void applyOverrides(Map<String, Object> root, Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String k = e.getKey();
            if (k.equals("user") || k.equals("password")) {
                List<Object> targets = new ArrayList<>();
                if (root.get("shards") instanceof Map<?, ?> sm) targets.addAll(sm.values());
                targets.add(root.get("shard-defaults")); // shards only the metadata store names
                for (Object s : targets) {
                    if (s instanceof Map<?, ?> shard) {
                        ((Map<String, Object>) shard).remove("user");
                        ((Map<String, Object>) shard).put(k.equals("user") ? "username" : "password", e.getValue());
                    }
                }
                continue;
            }
            String[] path = k.split("\\.");
            Map<String, Object> cur = root;
            for (int i = 0; i < path.length - 1; i++) {
                Object next = cur.get(path[i]);
                if (!(next instanceof Map)) {
                    next = new LinkedHashMap<String, Object>();
                    cur.put(path[i], next);
                }
                cur = (Map<String, Object>) next;
            }
            cur.put(path[path.length - 1], e.getValue());
        }
    }

    private ShardConfig bind(Map<String, Object> root) {
        requireKeys("", root, TOP);
        ShardConfig.Builder b = ShardConfig.builder();
        PoolSpec defaultPool = root.containsKey("pool") ? pool("pool", root.get("pool"), PoolSpec.DEFAULT) : PoolSpec.DEFAULT;
        b.pool(defaultPool);
        Object shards = root.get("shards");
        if (shards == null) throw new ConfigException(source, "shards", "missing: list at least one shard");
        for (Map.Entry<String, Object> e : map("shards", shards).entrySet()) {
            b.shard(shard("shards." + e.getKey(), e.getKey(), e.getValue(), defaultPool));
        }
        if (root.get("tables") != null) {
            for (Map.Entry<String, Object> e : map("tables", root.get("tables")).entrySet()) {
                b.table(table("tables." + e.getKey(), e.getKey(), e.getValue()));
                if (e.getValue() instanceof Map<?, ?> t && t.get("generated-id") != null) {
                    b.generatedId(e.getKey(), generatedId("tables." + e.getKey() + ".generated-id", t.get("generated-id")));
                }
            }
        }
        if (root.get("metadata") != null) {
            b.metadata(metadata(map("metadata", root.get("metadata"))));
        }
        if (root.get("reads") != null) {
            Map<String, Object> m = map("reads", root.get("reads"));
            requireKeys("reads", m, Set.of("balancer", "max-lag", "read-your-writes", "lag-check-interval"));
            ReadsSpec d = ReadsSpec.DEFAULT;
            b.reads(new ReadsSpec(
                    m.containsKey("balancer") ? string("reads.balancer", m.get("balancer")) : d.balancer(),
                    m.containsKey("max-lag") ? duration("reads.max-lag", m.get("max-lag")) : d.maxLag(),
                    m.containsKey("read-your-writes") ? string("reads.read-your-writes", m.get("read-your-writes")) : d.readYourWrites(),
                    m.containsKey("lag-check-interval") ? duration("reads.lag-check-interval", m.get("lag-check-interval"))
                            : d.lagCheckInterval()));
        }
        if (root.get("moves") != null) b.moves(moves(map("moves", root.get("moves"))));
        if (root.get("shard-defaults") != null) {
            requireKeys("shard-defaults", map("shard-defaults", root.get("shard-defaults")), SHARD_DEFAULTS);
            b.shardDefaults(shard("shard-defaults", "shard-defaults", root.get("shard-defaults"), defaultPool));
        }
        if (root.get("transactions") != null) {
            String t = string("transactions", root.get("transactions"));
            b.transactions(switch (t) {
                case "best-effort" -> ShardConfig.TransactionMode.BEST_EFFORT;
                case "single-shard" -> ShardConfig.TransactionMode.SINGLE_SHARD;
                case "atomic" -> ShardConfig.TransactionMode.ATOMIC;
                default -> throw new ConfigException(source, "transactions",
                        "must be best-effort, single-shard or atomic, not '" + t + "'");
            });
        }
        if (root.get("transaction-recovery") != null) {
            Object v = root.get("transaction-recovery");
            b.transactionRecovery("off".equals(v) || Boolean.FALSE.equals(v) ? Duration.ZERO
                    : duration("transaction-recovery", v));
        }
        if (root.get("unknown-tables") != null) {
            String t = string("unknown-tables", root.get("unknown-tables"));
            b.unknownTables(switch (t) {
                case "default-shard" -> ShardConfig.UnknownTables.DEFAULT_SHARD;
                case "reject" -> ShardConfig.UnknownTables.REJECT;
                default -> throw new ConfigException(source, "unknown-tables", "must be default-shard or reject, not '" + t + "'");
            });
        }
        if (root.get("identity-columns") != null) {
            String t = string("identity-columns", root.get("identity-columns"));
            b.identityColumns(switch (t) {
                case "warn" -> ShardConfig.IdentityColumns.WARN;
                case "refuse" -> ShardConfig.IdentityColumns.REFUSE;
                default -> throw new ConfigException(source, "identity-columns", "must be warn or refuse, not '" + t + "'");
            });
        }
        if (root.get("dialect") != null) {
            String d = string("dialect", root.get("dialect"));
            try {
                b.dialect(Dialect.valueOf(d.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, "dialect", "must be postgresql, mysql or h2, not '" + d + "'");
            }
        }
        if (root.get("merge-row-cap") != null) b.mergeRowCap(integer("merge-row-cap", root.get("merge-row-cap")));
        if (root.get("federation-row-budget") != null) {
            b.federationRowBudget(integer("federation-row-budget", root.get("federation-row-budget")));
        }
        if (root.get("executor-threads") != null) b.executorThreads(integer("executor-threads", root.get("executor-threads")));
        if (root.get("max-parallel-shards") != null) {
            b.maxParallelShards(integer("max-parallel-shards", root.get("max-parallel-shards")));
        }
        if (root.get("analysis-cache-size") != null) {
            b.analysisCacheSize(integer("analysis-cache-size", root.get("analysis-cache-size")));
        }
        try {
            return b.build(source);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(source, "", e.getMessage(), e);
        }
    }

    private MetadataSpec metadata(Map<String, Object> m) {
        requireKeys("metadata", m, METADATA);
        Map<String, Object> cache = m.get("directory-cache") == null ? Map.of() : map("metadata.directory-cache", m.get("directory-cache"));
        requireKeys("metadata.directory-cache", cache, DIRECTORY_CACHE);
        return new MetadataSpec(string("metadata.url", m.get("url")), string("metadata.token", m.get("token")),
                m.containsKey("refresh-interval") ? duration("metadata.refresh-interval", m.get("refresh-interval"))
                        : MetadataSpec.DEFAULT_REFRESH,
                !m.containsKey("publish-initial") || bool("metadata.publish-initial", m.get("publish-initial")),
                cache.containsKey("size") ? integer("metadata.directory-cache.size", cache.get("size")) : MetadataSpec.DEFAULT_CACHE_SIZE,
                cache.containsKey("ttl") ? duration("metadata.directory-cache.ttl", cache.get("ttl")) : MetadataSpec.DEFAULT_CACHE_TTL,
                cache.containsKey("negative-ttl") ? duration("metadata.directory-cache.negative-ttl", cache.get("negative-ttl"))
                        : MetadataSpec.DEFAULT_NEGATIVE_TTL);
    }

    private MovesSpec moves(Map<String, Object> m) {
        requireKeys("moves", m, Set.of("hold", "poll-interval"));
        MovesSpec d = MovesSpec.DEFAULT;
        Duration hold = m.containsKey("hold") ? duration("moves.hold", m.get("hold")) : d.hold();
        Duration poll = m.containsKey("poll-interval") ? duration("moves.poll-interval", m.get("poll-interval")) : d.pollInterval();
        if (hold.isNegative()) throw new ConfigException(source, "moves.hold", "must not be negative, not " + hold);
        if (poll.isNegative() || poll.isZero()) {
            throw new ConfigException(source, "moves.poll-interval", "must be positive, not " + poll);
        }
        return new MovesSpec(hold, poll);
    }

    private Map<String, RegionSpec> regions(String key, Object value, int defaultBuckets) {
        Map<String, RegionSpec> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(key, value).entrySet()) {
            String rk = key + "." + e.getKey();
            Map<String, Object> r = map(rk, e.getValue());
            requireKeys(rk, r, REGION);
            List<String> countries = new ArrayList<>();
            if (r.get("countries") != null) {
                List<Object> list = list(rk + ".countries", r.get("countries"));
                for (int i = 0; i < list.size(); i++) countries.add(string(rk + ".countries[" + i + "]", list.get(i)));
            }
            List<String> shards = new ArrayList<>();
            if (r.get("shards") != null) {
                List<Object> list = list(rk + ".shards", r.get("shards"));
                for (int i = 0; i < list.size(); i++) shards.add(string(rk + ".shards[" + i + "]", list.get(i)));
            }
            int buckets = r.containsKey("buckets") ? integer(rk + ".buckets", r.get("buckets")) : defaultBuckets;
            out.put(e.getKey(), new RegionSpec(e.getKey(), countries, shards, buckets));
        }
        return out;
    }

    private ShardSpec shard(String key, String name, Object value, PoolSpec defaultPool) {
        Map<String, Object> m = map(key, value);
        requireKeys(key, m, SHARD);
        Map<String, String> props = new LinkedHashMap<>();
        if (m.get("properties") != null) {
            map(key + ".properties", m.get("properties")).forEach((k, v) -> props.put(k, string(key + ".properties." + k, v)));
        }
        List<ReplicaSpec> replicas = new ArrayList<>();
        if (m.get("replicas") != null) {
            List<Object> list = list(key + ".replicas", m.get("replicas"));
            for (int i = 0; i < list.size(); i++) {
                String rk = key + ".replicas[" + i + "]";
                Map<String, Object> r = map(rk, list.get(i));
                requireKeys(rk, r, REPLICA);
                replicas.add(new ReplicaSpec(string(rk + ".url", r.get("url")), user(rk, r), string(rk + ".password", r.get("password")),
                        r.containsKey("weight") ? integer(rk + ".weight", r.get("weight")) : 1));
            }
        }
        PoolSpec pool = m.containsKey("pool") ? pool(key + ".pool", m.get("pool"), defaultPool) : null;
        return new ShardSpec(name, string(key + ".url", m.get("url")), user(key, m),
                string(key + ".password", m.get("password")), props, pool, replicas);
    }

    private String user(String key, Map<String, Object> m) {
        Object u = m.containsKey("username") ? m.get("username") : m.get("user");
        return string(key + ".username", u);
    }

    private PoolSpec pool(String key, Object value, PoolSpec base) {
        Map<String, Object> m = map(key, value);
        requireKeys(key, m, POOL);
        return new PoolSpec(
                m.containsKey("maximum-pool-size") ? integer(key + ".maximum-pool-size", m.get("maximum-pool-size")) : base.maximumPoolSize(),
                m.containsKey("minimum-idle") ? integer(key + ".minimum-idle", m.get("minimum-idle")) : base.minimumIdle(),
                m.containsKey("connection-timeout") ? duration(key + ".connection-timeout", m.get("connection-timeout")) : base.connectionTimeout(),
                m.containsKey("idle-timeout") ? duration(key + ".idle-timeout", m.get("idle-timeout")) : base.idleTimeout(),
                m.containsKey("max-lifetime") ? duration(key + ".max-lifetime", m.get("max-lifetime")) : base.maxLifetime());
    }

    private GeneratedIdSpec generatedId(String key, Object value) {
        Map<String, Object> m = map(key, value);
        requireKeys(key, m, GENERATED_ID);
        if (m.get("column") == null) throw new ConfigException(source, key + ".column", "names the column the driver fills; it is required");
        String g = m.get("generator") == null ? "sequence" : string(key + ".generator", m.get("generator"));
        GeneratedIdSpec.Generator generator = switch (g) {
            case "sequence" -> GeneratedIdSpec.Generator.SEQUENCE;
            case "time" -> GeneratedIdSpec.Generator.TIME;
            default -> throw new ConfigException(source, key + ".generator", "must be sequence or time, not '" + g + "'");
        };
        int block = m.get("block-size") == null ? GeneratedIdSpec.DEFAULT_BLOCK_SIZE : integer(key + ".block-size", m.get("block-size"));
        if (block < 1 || block > 1_000_000) throw new ConfigException(source, key + ".block-size", "must be between 1 and 1000000, not " + block);
        return new GeneratedIdSpec(string(key + ".column", m.get("column")), generator, block);
    }

    private TableSpec table(String key, String name, Object value) {
        Map<String, Object> m = map(key, value);
        requireKeys(key, m, TABLE);
        boolean broadcast = m.containsKey("broadcast") && bool(key + ".broadcast", m.get("broadcast"));
        TableSpec.Strategy strategy = null;
        String colocate = m.containsKey("colocate") ? string(key + ".colocate", m.get("colocate")) : null;
        if (m.containsKey("strategy")) {
            String s = string(key + ".strategy", m.get("strategy"));
            try {
                strategy = TableSpec.Strategy.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, key + ".strategy", "must be hash, range, geo or directory, not '" + s + "'");
            }
        } else if (!broadcast && colocate == null && m.containsKey("key")) {
            strategy = TableSpec.Strategy.HASH;
        }
        String function = m.containsKey("function") ? string(key + ".function", m.get("function")) : "hash";
        List<RangeSpec> ranges = new ArrayList<>();
        if (m.get("ranges") != null) {
            List<Object> list = list(key + ".ranges", m.get("ranges"));
            for (int i = 0; i < list.size(); i++) {
                String rk = key + ".ranges[" + i + "]";
                Map<String, Object> r = map(rk, list.get(i));
                requireKeys(rk, r, RANGE);
                ranges.add(new RangeSpec(r.get("below") == null ? null : string(rk + ".below", r.get("below")),
                        string(rk + ".shard", r.get("shard"))));
            }
        }
        List<String> shards = new ArrayList<>();
        if (m.get("shards") != null) {
            List<Object> list = list(key + ".shards", m.get("shards"));
            for (int i = 0; i < list.size(); i++) shards.add(string(key + ".shards[" + i + "]", list.get(i)));
        }
        TableSpec.ScatterPolicy scatter = TableSpec.ScatterPolicy.ALLOW;
        if (m.get("scatter") != null) {
            String s = string(key + ".scatter", m.get("scatter"));
            scatter = switch (s) {
                case "allow" -> TableSpec.ScatterPolicy.ALLOW;
                case "reject" -> TableSpec.ScatterPolicy.REJECT;
                default -> throw new ConfigException(source, key + ".scatter", "must be allow or reject, not '" + s + "'");
            };
        }
        String keyType = m.containsKey("key-type") ? string(key + ".key-type", m.get("key-type")) : ("mod".equals(function) ? "integer" : "auto");
        int buckets = m.containsKey("buckets") ? integer(key + ".buckets", m.get("buckets")) : TableSpec.DEFAULT_BUCKETS;
        return new TableSpec(name, m.containsKey("key") ? string(key + ".key", m.get("key")) : null, strategy, function,
                buckets, keyType, colocate, broadcast, shards, ranges,
                m.containsKey("region-column") ? string(key + ".region-column", m.get("region-column")) : null,
                m.get("regions") != null ? regions(key + ".regions", m.get("regions"), buckets) : Map.of(), scatter,
                m.containsKey("placement") ? string(key + ".placement", m.get("placement")) : null);
    }

    private void requireKeys(String key, Map<String, Object> m, Set<String> allowed) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new ConfigException(source, key.isEmpty() ? k : key + "." + k, "unknown key; expected one of " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String key, Object v) {
        if (!(v instanceof Map)) throw new ConfigException(source, key, "expected a mapping (key: value), got " + describe(v));
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) v).forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(String key, Object v) {
        if (!(v instanceof List)) throw new ConfigException(source, key, "expected a list [...], got " + describe(v));
        return (List<Object>) v;
    }

    private String string(String key, Object v) {
        if (v == null) return null;
        if (v instanceof Map || v instanceof List) throw new ConfigException(source, key, "expected a value, got " + describe(v));
        String s = v instanceof java.util.Date d ? d.toInstant().toString().substring(0, 10) : String.valueOf(v);
        return substitution.apply(key, s);
    }

    private int integer(String key, Object v) {
        String s = string(key, v);
        try {
            return Integer.parseInt(s.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(source, key, "expected a whole number, got '" + s + "'");
        }
    }

    private boolean bool(String key, Object v) {
        String s = string(key, v);
        if ("true".equalsIgnoreCase(s)) return true;
        if ("false".equalsIgnoreCase(s)) return false;
        throw new ConfigException(source, key, "expected true or false, got '" + s + "'");
    }

    /** Durations as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, or a bare number of milliseconds. */
    private Duration duration(String key, Object v) {
        String s = string(key, v).trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            if (s.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000));
            if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
            return Duration.ofMillis(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new ConfigException(source, key, "expected a duration such as 500ms, 5s or 2m, got '" + s + "'");
        }
    }

    private static String describe(Object v) {
        // a value is not echoed: a mis-indented line can make a password the value of another key
        return v == null ? "nothing" : v instanceof Map ? "a mapping" : v instanceof List ? "a list" : "a single value";
    }
}
