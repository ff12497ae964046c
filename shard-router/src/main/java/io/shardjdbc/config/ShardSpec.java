package io.shardjdbc.config;

import java.util.List;
import java.util.Map;

/**
 * One shard: its primary's JDBC URL and credentials, extra driver properties (TLS settings and the
 * like pass through unchanged) and pool settings.
 */
public record ShardSpec(String name, String url, String username, String password,
                        Map<String, String> properties, PoolSpec pool, List<ReplicaSpec> replicas) {
    public ShardSpec {
        properties = Map.copyOf(properties);
        replicas = List.copyOf(replicas);
    }

    @Override
    public String toString() { // never print the password
        return "ShardSpec[" + name + ", " + url + ", user=" + username + "]";
    }
}
