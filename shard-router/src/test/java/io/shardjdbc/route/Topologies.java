package io.shardjdbc.route;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.topology.Topology;
import java.util.Map;

/** The topologies the router tests route on. */
final class Topologies {
    private Topologies() { }

    static final String YAML = """
            shards:
              s0: { url: jdbc:%1$s://db0/app }
              s1: { url: jdbc:%1$s://db1/app }
              s2: { url: jdbc:%1$s://db2/app }
              s3: { url: jdbc:%1$s://db3/app }
            tables:
              customer:   { key: customer_id, strategy: hash }
              orders:     { key: customer_id, colocate: customer }
              countries:  { broadcast: true }
              sbtest:     { key: id, strategy: hash, function: mod, buckets: 4 }
              events:     { key: created_at, strategy: range,
                            ranges: [ { below: "2024-01-01", shard: s0 }, { below: "2025-01-01", shard: s1 }, { shard: s2 } ] }
              secrets:    { key: id, strategy: hash, scatter: reject }
              products:   { key: product_id, strategy: hash }
            """;

    static Topology postgres() {
        return of("postgresql", "");
    }

    static Topology mysql() {
        return of("mysql", "");
    }

    static Topology of(String db, String extra) {
        ShardConfig c = ConfigLoader.parse("test.yaml", YAML.formatted(db) + extra, Map.of(), k -> null);
        return Topology.of(c);
    }
}
