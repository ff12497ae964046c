package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.jdbc.ShardConnection;
import io.shardjdbc.replica.ReplicaNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read/write routing with a replica, on H2 databases: database 0 plays the primary and database 1 the
 * replica (H2 does not replicate: each holds a row naming itself, so a read tells who served it).
 * Lag and read-your-writes by position need real replication: see the replica integration tests.
 */
class ReplicaRoutingTest {
    private H2Shards dbs;

    @BeforeEach
    void setUp() throws SQLException {
        dbs = new H2Shards(2);
        dbs.on(0, "CREATE TABLE node (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO node VALUES (1, 'primary')");
        dbs.on(1, "CREATE TABLE node (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO node VALUES (1, 'replica')");
    }

    private ShardDataSource dataSource(String replicaUrl, String reads) {
        String yaml = "dialect: h2\npool: { maximum-pool-size: 4, connection-timeout: 5s }\nshards:\n"
                + "  s0: { url: \"" + dbs.url(0) + "\", username: sa, password: \"\",\n"
                + "        replicas: [ { url: \"" + replicaUrl + "\" } ] }\n"
                + "reads: { " + reads + ", lag-check-interval: 20ms }\n";
        return new ShardDataSource(ConfigLoader.parse("replicas.yaml", yaml, Map.of(), name -> null));
    }

    private static String who(Connection c) throws SQLException {
        return who(c, "SELECT name FROM node WHERE id = 1");
    }

    private static String who(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("not within 10 s: " + what);
            Thread.sleep(5); // poll interval; the condition decides
        }
    }

    private static void awaitUsable(ShardDataSource ds) throws Exception {
        ReplicaNode n = ds.runtime().replicas().node(0, 0);
        await("the replica measured", () -> n.usable(Long.MAX_VALUE - 1));
    }

    @Test
    void readsGoToTheReplicaEverythingElseToThePrimary() throws Exception {
        try (ShardDataSource ds = dataSource(dbs.url(1), "read-your-writes: none");
             ShardConnection c = ds.getConnection().unwrap(ShardConnection.class)) {
            awaitUsable(ds);
            assertThat(who(c)).isEqualTo("replica");
            assertThat(who(c, "SELECT name FROM node WHERE id = 1 FOR UPDATE")).isEqualTo("primary");
            assertThat(who(c, "/* primary */ SELECT name FROM node WHERE id = 1")).isEqualTo("primary");
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE node SET name = name WHERE id = 1")).isEqualTo(1);
            }
            assertThat(dbs.count(0, "SELECT count(*) FROM node")).isEqualTo(1);
            c.setPrimaryOnly(true);
            assertThat(who(c)).isEqualTo("primary");
            c.setPrimaryOnly(false);
            c.setAutoCommit(false);
            assertThat(who(c)).as("read-write transaction").isEqualTo("primary");
            c.commit();
            c.setReadOnly(true);
            assertThat(who(c)).as("read-only transaction").isEqualTo("replica");
            c.commit();
            c.setAutoCommit(true);
            assertThat(who(c)).isEqualTo("replica");
            assertThat(ds.explain("SELECT name FROM node WHERE id = 1 FOR UPDATE").primaryRead()).isTrue();
        }
    }

    @Test
    void withoutWritePositionsReadYourWritesReadsThePrimaryForMaxLagAfterAWrite() throws Exception {
        try (ShardDataSource ds = dataSource(dbs.url(1), "max-lag: 1h, read-your-writes: session");
             Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
            awaitUsable(ds);
            assertThat(who(c)).isEqualTo("replica");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE node SET name = 'primary' WHERE id = 1");
            }
            for (int i = 0; i < 20; i++) assertThat(who(c)).isEqualTo("primary");
            assertThat(who(other)).as("another connection did not write").isEqualTo("replica");
        }
    }

    @Test
    void anUnreachableReplicaIsSkippedWithoutErrors() throws Exception {
        try (ShardDataSource ds = dataSource("jdbc:h2:tcp://127.0.0.1:1/nowhere", "read-your-writes: none");
             Connection c = ds.getConnection()) {
            ReplicaNode n = ds.runtime().replicas().node(0, 0);
            await("the monitor finds the replica down", n::isDown);
            for (int i = 0; i < 50; i++) assertThat(who(c)).isEqualTo("primary");
        }
    }

    @Test
    void aReplicaThatFailsMidReadIsRetriedOnThePrimaryAndComesBackWhenItAnswers() throws Exception {
        try (ShardDataSource ds = dataSource(dbs.url(1), "read-your-writes: none"); Connection c = ds.getConnection()) {
            awaitUsable(ds);
            assertThat(who(c)).isEqualTo("replica");
            dbs.on(1, "SHUTDOWN"); // the replica's connections are dead now
            assertThat(who(c)).as("retried on the primary, no error").isEqualTo("primary");
            ReplicaNode n = ds.runtime().replicas().node(0, 0);
            // "restarted": the in-memory database is empty; give it its row back
            dbs.on(1, "CREATE TABLE node (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO node VALUES (1, 'replica')");
            await("the probed replica serves reads again", () -> !n.isDown() && who(c).equals("replica"));
        }
    }

    @Test
    void aFederatedReadWhoseReplicaFailsRunsAgainOnThePrimary() throws Exception {
        // two shards, the first with a replica; the monitor measures once, so only the read itself can find the failure
        H2Shards second = new H2Shards(1);
        second.on(0, "CREATE TABLE node (id INT PRIMARY KEY, name VARCHAR(20))", "INSERT INTO node VALUES (2, 'second')");
        String yaml = "dialect: h2\npool: { maximum-pool-size: 4, connection-timeout: 5s }\nshards:\n"
                + "  s0: { url: \"" + dbs.url(0) + "\", username: sa, password: \"\",\n"
                + "        replicas: [ { url: \"" + dbs.url(1) + "\" } ] }\n"
                + "  s1: { url: \"" + second.url(0) + "\", username: sa, password: \"\" }\n"
                + "reads: { read-your-writes: none, lag-check-interval: 1h }\n"
                + "tables:\n  node: { key: id, strategy: hash, buckets: 8 }\n";
        // a window over the rows of both shards cannot run on either: it is federated
        String federated = "SELECT name, row_number() OVER (ORDER BY id) AS rn FROM node ORDER BY rn";
        try (ShardDataSource ds = new ShardDataSource(ConfigLoader.parse("replicas.yaml", yaml, Map.of(), name -> null));
             Connection c = ds.getConnection()) {
            assertThat(ds.explain(federated).isFederated()).isTrue();
            awaitUsable(ds);
            assertThat(names(c, federated)).containsExactly("replica", "second");
            dbs.on(1, "SHUTDOWN"); // the replica's connections are dead now
            assertThat(names(c, federated)).as("retried on the primary, no error").containsExactly("primary", "second");
            assertThat(ds.runtime().replicas().node(0, 0).isDown()).as("the failed read took the replica out").isTrue();
        }
    }

    private static java.util.List<String> names(Connection c, String sql) throws SQLException {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
