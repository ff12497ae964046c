package io.shardjdbc.benchmarks;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.MetadataSpec;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.dircache.Directories;
import io.shardjdbc.dircache.Directory;
import io.shardjdbc.directory.MetadataStores;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.PreparedRoute;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.Router;
import io.shardjdbc.strategy.DirectoryPlacement;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What directory placement adds to routing a prepared statement: a point SELECT on a directory table
 * whose key is cached, against the same statement on a hash table; with the cache off, one store round
 * trip per statement; and a 100-key IN list with the cache off, which must still be one round trip.
 * The store is the JDBC metadata store, on an in-memory H2 database by default (set
 * {@code -Dsjdbc.bench.metaUrl=jdbc:postgresql://...?user=...} for a real server). The store calls per
 * operation are counted and printed at the end of each trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class DirectoryBenchmark {
    static final int KEYS = 10_000;
    static final String CONFIG = """
            shards:
              s0: { url: jdbc:postgresql://db0/app }
              s1: { url: jdbc:postgresql://db1/app }
              s2: { url: jdbc:postgresql://db2/app }
              s3: { url: jdbc:postgresql://db3/app }
            tables:
              sbtest:  { key: id, strategy: hash }
              tenants: { key: tenant_id, strategy: directory }
            metadata: { url: "%s", directory-cache: { size: %d } }
            """;

    private MetadataStore store;
    private PreparedRoute hashPoint;
    private PreparedRoute cachedPoint;
    private PreparedRoute uncachedPoint;
    private PreparedRoute uncachedInList;
    private Directory uncached;
    private long key;
    private long ops;
    private long lookupsBefore;
    private final Object[] inValues = new Object[100];

    @Setup(Level.Trial)
    public void setup() throws SQLException {
        String url = System.getProperty("sjdbc.bench.metaUrl",
                "jdbc:h2:mem:sjdbc_bench_meta_" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1");
        store = MetadataStores.open(new MetadataSpec(url, null));
        if (store.lookup("tenants", java.util.List.of(Integer.toString(KEYS - 1))).isEmpty()) {
            for (int k = 0; k < KEYS; k++) store.assign("tenants", Integer.toString(k), "s" + (k % 4));
        }
        Router cachedRouter = router(url, 100_000);
        hashPoint = cachedRouter.prepare("SELECT c FROM sbtest WHERE id = ?");
        cachedPoint = cachedRouter.prepare("SELECT c FROM tenants WHERE tenant_id = ?");
        Router uncachedRouter = router(url, 0);
        uncachedPoint = uncachedRouter.prepare("SELECT c FROM tenants WHERE tenant_id = ?");
        StringBuilder in = new StringBuilder("SELECT c FROM tenants WHERE tenant_id IN (?");
        for (int i = 1; i < inValues.length; i++) in.append(", ?");
        uncachedInList = uncachedRouter.prepare(in.append(')').toString());
        uncached = ((DirectoryPlacement) ((ShardedTable) uncachedRouter.topology().table("tenants")).placement()).directory();
        for (int k = 0; k < KEYS; k++) cachedPoint.route(Parameters.of((long) k)); // warm the cache
    }

    private Router router(String url, int cacheSize) {
        ShardConfig config = ConfigLoader.parse("bench.yaml", CONFIG.formatted(url, cacheSize), Map.of(), n -> null);
        return new Router(Topology.of(config, null, new Directories(store, config.metadata())), 1000);
    }

    @Setup(Level.Iteration)
    public void countFromHere() {
        ops = 0;
        lookupsBefore = uncached.lookupCalls();
    }

    @TearDown(Level.Iteration)
    public void report() {
        if (ops > 0) {
            System.out.printf("%n  store lookups per operation: %.3f (%d operations)%n",
                    (double) (uncached.lookupCalls() - lookupsBefore) / ops, ops);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        store.close();
    }

    /** The baseline: a hash table's prepared point route. */
    @Benchmark
    public RoutePlan hashPointSelect() throws SQLException {
        long k = key++ % KEYS;
        return hashPoint.route(i -> k);
    }

    /** A directory table's prepared point route, its key in the driver's cache. */
    @Benchmark
    public RoutePlan directoryPointSelectCached() throws SQLException {
        long k = key++ % KEYS;
        return cachedPoint.route(i -> k);
    }

    /** The same with the cache off: one store lookup per statement. */
    @Benchmark
    public RoutePlan directoryPointSelectUncached() throws SQLException {
        long k = key++ % KEYS;
        ops++;
        return uncachedPoint.route(i -> k);
    }

    /** 100 keys in an IN list with the cache off: one store lookup for all of them. */
    @Benchmark
    public RoutePlan directoryInListOf100Uncached() throws SQLException {
        long k = key++ % (KEYS - 100);
        for (int i = 0; i < inValues.length; i++) inValues[i] = k + i;
        ops++;
        return uncachedInList.route(Parameters.of(inValues));
    }
}
