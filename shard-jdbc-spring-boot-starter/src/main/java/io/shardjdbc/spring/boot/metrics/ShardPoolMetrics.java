package io.shardjdbc.spring.boot.metrics;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.shardjdbc.ShardMetrics;
import io.shardjdbc.execute.ShardRuntime;
import java.util.function.ToIntFunction;

/**
 * The pool of each shard as Micrometer's JDBC pool meters ({@code jdbc.connections.active}, {@code .idle},
 * {@code .max}, {@code .min}, tag {@code name} = the shard), so dashboards made for Boot's DataSource metrics show
 * the shards; and the driver's own {@link ShardMetrics} ({@code shardjdbc.*}).
 */
public final class ShardPoolMetrics implements MeterBinder {
    private final ShardRuntime runtime;

    /** The meters of a runtime's shards (those of its topology when bound). */
    public ShardPoolMetrics(ShardRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        new ShardMetrics(runtime).bindTo(registry);
        for (int shard : runtime.topology().liveShards()) {
            Tags tags = Tags.of("name", runtime.topology().shardName(shard));
            gauge(registry, "jdbc.connections.active", "connections in use", shard, tags, HikariPoolMXBean::getActiveConnections);
            gauge(registry, "jdbc.connections.idle", "connections established but idle", shard, tags, HikariPoolMXBean::getIdleConnections);
            Gauge.builder("jdbc.connections.max", runtime, r -> r.pools().maximumSize(shard)).tags(tags)
                    .description("the most connections the shard's pool holds").register(registry);
            Gauge.builder("jdbc.connections.min", runtime, r -> r.pools().minimumIdle(shard)).tags(tags)
                    .description("the idle connections the shard's pool keeps").register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, int shard, Tags tags,
                       ToIntFunction<HikariPoolMXBean> value) {
        // a shard's pool is made on its first connection: until then it holds none
        Gauge.builder(name, runtime, r -> {
            HikariPoolMXBean pool = r.pools().stats(shard);
            return pool == null ? 0 : value.applyAsInt(pool);
        }).tags(tags).description(description).register(registry);
    }
}
