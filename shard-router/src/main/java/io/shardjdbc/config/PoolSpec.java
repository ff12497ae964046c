package io.shardjdbc.config;

import java.time.Duration;

/** HikariCP settings for the physical pool of one shard. */
public record PoolSpec(int maximumPoolSize, int minimumIdle, Duration connectionTimeout,
                       Duration idleTimeout, Duration maxLifetime) {
    public static final PoolSpec DEFAULT =
            new PoolSpec(10, 0, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(30));
}
