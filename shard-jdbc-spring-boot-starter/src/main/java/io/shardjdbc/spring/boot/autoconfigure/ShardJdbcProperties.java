package io.shardjdbc.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code spring.shard.*}: where the shard config is, and values that override its keys.
 *
 * <pre>
 * spring.shard.config=classpath:shards.yaml
 * spring.shard.properties.transactions=atomic
 * spring.shard.properties.shards.s0.url=${SHARD0_URL}
 * </pre>
 */
@ConfigurationProperties("spring.shard")
public class ShardJdbcProperties {
    /** The shard config (YAML): a Spring resource location such as {@code classpath:shards.yaml} or {@code file:/etc/app/shards.yaml}. */
    private String config;

    /** Values that override keys of the config, by dotted path ({@code shards.s0.url}, {@code transactions}). */
    private Map<String, String> properties = new LinkedHashMap<>();

    /** How long the health check waits for each shard and replica. */
    private Duration healthTimeout = Duration.ofSeconds(2);

    public String getConfig() { return config; }

    public void setConfig(String config) { this.config = config; }

    public Map<String, String> getProperties() { return properties; }

    public void setProperties(Map<String, String> properties) { this.properties = properties; }

    public Duration getHealthTimeout() { return healthTimeout; }

    public void setHealthTimeout(Duration healthTimeout) { this.healthTimeout = healthTimeout; }
}
