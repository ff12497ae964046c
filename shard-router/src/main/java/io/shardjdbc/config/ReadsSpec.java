package io.shardjdbc.config;

import java.time.Duration;

/**
 * The {@code reads:} section: replica routing.
 *
 * @param balancer         round-robin | weighted-random | least-in-flight
 * @param maxLag           replicas further behind the primary get no reads
 * @param readYourWrites   session (a connection reads its own committed writes) | none
 * @param lagCheckInterval how often each replica's lag and health are measured in the background
 */
public record ReadsSpec(String balancer, Duration maxLag, String readYourWrites, Duration lagCheckInterval) {
    public static final Duration DEFAULT_LAG_CHECK_INTERVAL = Duration.ofMillis(500);
    public static final ReadsSpec DEFAULT = new ReadsSpec("round-robin", Duration.ofSeconds(5), "session");

    public ReadsSpec(String balancer, Duration maxLag, String readYourWrites) {
        this(balancer, maxLag, readYourWrites, DEFAULT_LAG_CHECK_INTERVAL);
    }

    /** True when a connection's reads must see its own committed writes. */
    public boolean sessionConsistency() { return "session".equals(readYourWrites); }
}
