package io.shardjdbc.spring.boot.health;

import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.replica.ReplicaNode;
import io.shardjdbc.replica.ReplicaSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/** One health entry per shard (named as in the config) and per replica ({@code s0-replica-0}, ...). */
public final class ShardsHealthContributor {
    private ShardsHealthContributor() {
    }

    /** The entries of a runtime's current topology. */
    public static CompositeHealthContributor of(ShardRuntime runtime, Duration timeout) {
        Map<String, HealthContributor> entries = new LinkedHashMap<>();
        ReplicaSet replicas = runtime.replicas();
        for (int shard : runtime.topology().liveShards()) {
            String name = runtime.topology().shardName(shard);
            entries.put(name, new ShardHealthIndicator(runtime, shard, timeout));
            if (replicas == null) continue;
            for (int i = 0; i < replicas.replicaCount(shard); i++) {
                ReplicaNode node = replicas.node(shard, i);
                entries.put(name + "-replica-" + i, new ReplicaHealthIndicator(node, timeout));
            }
        }
        return CompositeHealthContributor.fromMap(entries);
    }
}
