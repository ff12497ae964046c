package io.shardjdbc.config;

import java.time.Duration;

/**
 * The {@code moves:} section: how a driver hides an online move from the application. A write the
 * move's fence refuses waits up to {@code hold} for the topology version that points the unit at
 * its new shard, reading the store's version every {@code poll-interval} while it waits, and then
 * runs on the new shard.
 *
 * @param hold         the longest a refused write waits for the new topology ({@code hold}, default 5s)
 * @param pollInterval how often the store's version is read while a write waits ({@code poll-interval}, default 20ms)
 */
public record MovesSpec(Duration hold, Duration pollInterval) {
    public static final MovesSpec DEFAULT = new MovesSpec(Duration.ofSeconds(5), Duration.ofMillis(20));

    public MovesSpec {
        if (hold.isNegative()) throw new IllegalArgumentException("moves.hold must not be negative: " + hold);
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("moves.poll-interval must be positive: " + pollInterval);
        }
    }
}
