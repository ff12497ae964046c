package io.shardjdbc.config;

import java.time.Duration;

/** The {@code reads:} section: replica routing (parsed and validated; used once replicas land). */
public record ReadsSpec(String balancer, Duration maxLag, String readYourWrites) {
    public static final ReadsSpec DEFAULT = new ReadsSpec("round-robin", Duration.ofSeconds(5), "session");
}
