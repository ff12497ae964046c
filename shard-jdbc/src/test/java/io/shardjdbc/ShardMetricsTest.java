package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.replica.ReplicaNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Statements per node and role, replica lag and circuit state, as Micrometer meters (H2: database 1 plays the replica). */
class ShardMetricsTest {
    @Test
    void metersCountStatementsPerNodeAndShowReplicaState() throws Exception {
        H2Shards dbs = new H2Shards(2);
        for (int i = 0; i < 2; i++) dbs.on(i, "CREATE TABLE node (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO node VALUES (1, 'n" + i + "')");
        String yaml = "dialect: h2\npool: { maximum-pool-size: 4, connection-timeout: 5s }\nshards:\n"
                + "  s0: { url: \"" + dbs.url(0) + "\", username: sa, password: \"\",\n"
                + "        replicas: [ { url: \"" + dbs.url(1) + "\" } ] }\n"
                + "reads: { read-your-writes: none, lag-check-interval: 20ms }\n";
        try (ShardDataSource ds = new ShardDataSource(ConfigLoader.parse("metrics.yaml", yaml, Map.of(), n -> null))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new ShardMetrics(ds).bindTo(registry);
            ReplicaNode replica = ds.runtime().replicas().node(0, 0);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!replica.usable(Long.MAX_VALUE - 1)) {
                assertThat(System.nanoTime() - deadline).as("replica measured within 10 s").isNegative();
                Thread.sleep(5); // poll interval; the condition decides
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < 3; i++) read(s);
                s.executeUpdate("UPDATE node SET name = name WHERE id = 1");
                s.addBatch("UPDATE node SET name = name WHERE id = 1");
                s.executeBatch();
            }
            assertThat(registry.get("shardjdbc.statements").tags("role", "replica").functionCounter().count()).isEqualTo(3);
            assertThat(registry.get("shardjdbc.statements").tags("role", "primary", "shard", "s0").functionCounter().count())
                    .isEqualTo(2);
            assertThat(registry.get("shardjdbc.replica.circuit.open").gauge().value()).isZero();
            assertThat(registry.get("shardjdbc.replica.lag").gauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("shardjdbc.replica.reads.in.flight").gauge().value()).isZero();
        }
    }

    private static void read(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT name FROM node WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
        }
    }
}
