package io.shardjdbc.config;

/** A read replica of a shard (parsed; routing to replicas is not supported yet). */
public record ReplicaSpec(String url, String username, String password, int weight) {
    @Override
    public String toString() { return "ReplicaSpec[" + url + ", weight=" + weight + "]"; }
}
