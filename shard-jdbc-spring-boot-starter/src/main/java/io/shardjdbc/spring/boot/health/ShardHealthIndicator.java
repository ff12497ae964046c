package io.shardjdbc.spring.boot.health;

import io.shardjdbc.execute.ShardRuntime;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP when a shard's primary answers: a connection borrowed from the shard's pool passes the driver's check within the
 * timeout. DOWN otherwise, naming the shard.
 */
public final class ShardHealthIndicator implements HealthIndicator {
    private final ShardRuntime runtime;
    private final int shard;
    private final Duration timeout;

    /** Checks shard {@code shard} (index in the runtime's topology), waiting at most {@code timeout}. */
    public ShardHealthIndicator(ShardRuntime runtime, int shard, Duration timeout) {
        this.runtime = runtime;
        this.shard = shard;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        String name = runtime.topology().shardName(shard);
        Health.Builder health = runtime.pools().answers(shard, timeout.toMillis()) ? Health.up()
                : Health.down().withDetail("error", "shard " + name + " did not answer within " + timeout.toMillis() + " ms");
        return health.withDetail("shard", name).withDetail("role", "primary").build();
    }
}
