package io.shardjdbc.config;

/**
 * A read replica of a shard. A null username (and then password) means the shard's own; the shard's
 * driver properties and pool settings apply to the replica too.
 */
public record ReplicaSpec(String url, String username, String password, int weight) {
    @Override
    public String toString() { return "ReplicaSpec[" + url + ", weight=" + weight + "]"; }
}
