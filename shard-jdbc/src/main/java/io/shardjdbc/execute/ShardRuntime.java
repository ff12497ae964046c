package io.shardjdbc.execute;

import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.route.Router;
import io.shardjdbc.topology.Topology;

/**
 * Everything logical connections of one configuration share: the config, its topology, the router
 * (with its analysis cache) and the physical pools. One per {@code ShardDataSource} and one per
 * distinct URL of the driver. Thread-safe.
 */
public final class ShardRuntime implements AutoCloseable {
    private final ShardConfig config;
    private final Topology topology;
    private final Router router;
    private final PhysicalPools pools;
    private final ParallelUnits parallel;
    private final String url;

    /**
     * @param config the validated config
     * @param url    the {@code jdbc:shard:} URL connections report, or null when there is none
     */
    public ShardRuntime(ShardConfig config, String url) {
        this.config = config;
        this.topology = Topology.of(config);
        this.router = new Router(topology, config.analysisCacheSize());
        this.pools = new PhysicalPools(config);
        this.parallel = new ParallelUnits(config.executorThreads(), config.maxParallelShards());
        this.url = url;
    }

    public ShardConfig config() { return config; }

    public Topology topology() { return topology; }

    public Router router() { return router; }

    public PhysicalPools pools() { return pools; }

    /** Runs the shard statements of one logical statement in parallel. */
    public ParallelUnits parallel() { return parallel; }

    /** The {@code jdbc:shard:} URL of this runtime, or null when it was built from a Java config. */
    public String url() { return url; }

    @Override
    public void close() {
        parallel.close();
        pools.close();
    }
}
