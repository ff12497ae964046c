package io.shardjdbc.spring.boot.health;

import io.shardjdbc.replica.ReplicaNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP when a replica answers on a connection of its pool; DOWN naming the replica and the error otherwise. */
public final class ReplicaHealthIndicator implements HealthIndicator {
    private final ReplicaNode replica;
    private final Duration timeout;

    /** Checks one replica, waiting at most {@code timeout} (whole seconds, at least one). */
    public ReplicaHealthIndicator(ReplicaNode replica, Duration timeout) {
        this.replica = replica;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try (Connection c = replica.open()) {
            health = c.isValid((int) Math.max(1, timeout.toSeconds())) ? Health.up()
                    : Health.down().withDetail("error", "replica " + replica.name() + " did not answer within " + timeout.toSeconds() + " s");
        } catch (SQLException e) {
            health = Health.down().withDetail("error", "replica " + replica.name() + ": " + e.getMessage());
        }
        return health.withDetail("replica", replica.name()).withDetail("role", "replica")
                .withDetail("lagMillis", replica.lagMillis()).build();
    }
}
