package io.shardjdbc.it.replica;

import static io.shardjdbc.it.replica.LocalReplicas.PG_PRIMARY;
import static io.shardjdbc.it.replica.LocalReplicas.PG_REPLICA;
import static io.shardjdbc.it.replica.LocalReplicas.await;
import static io.shardjdbc.it.replica.LocalReplicas.dataSource;
import static io.shardjdbc.it.replica.LocalReplicas.pg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.Engine;
import io.shardjdbc.jdbc.ShardConnection;
import io.shardjdbc.replica.ReplicaNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Read/write splitting on a real PostgreSQL streaming replica ({@code scripts/pg-replica.sh}): two
 * shards (databases {@code sjdbc_rep_pg_0/1} on the primary, streamed to the replica), each with the
 * replica listed twice under different application names, so that every read tells who served it
 * ({@code inet_server_port()}, {@code application_name}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresReplicaIT {
    private static final int ROWS = 20;
    private static final String WHO = "SELECT inet_server_port() || '/' || current_setting('application_name'), v FROM item WHERE id = ?";
    private static final int PRIMARY_PORT = Integer.parseInt(PG_PRIMARY.substring(PG_PRIMARY.indexOf(':') + 1));
    private static final int REPLICA_PORT = Integer.parseInt(PG_REPLICA.substring(PG_REPLICA.indexOf(':') + 1));

    @BeforeAll
    static void databases() throws Exception {
        LocalReplicas.ensurePgReplica();
        try (Connection c = pg(PG_PRIMARY, "postgres"); Statement st = c.createStatement()) {
            for (int i = 0; i < 2; i++) {
                st.execute("DROP DATABASE IF EXISTS sjdbc_rep_pg_" + i + " WITH (FORCE)");
                st.execute("CREATE DATABASE sjdbc_rep_pg_" + i);
            }
        }
        try (ShardDataSource ds = dataSource(config("round-robin", "1h", "session", 1, 1));
             Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE item (id bigint PRIMARY KEY, v text)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (id, v) VALUES (?, ?)")) {
                for (int id = 0; id < ROWS; id++) {
                    ps.setLong(1, id);
                    ps.setString(2, "v" + id);
                    ps.executeUpdate();
                }
            }
        }
        await("the test rows replicated", Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 2; i++) {
                try (Connection r = pg(PG_REPLICA, "sjdbc_rep_pg_" + i); Statement st = r.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM item")) {
                    rs.next();
                    if (rs.getInt(1) == 0) return false;
                }
            }
            return true;
        });
    }

    @AfterAll
    static void leaveTheReplicaWorking() throws Exception {
        try (Connection r = pg(PG_REPLICA, "postgres"); Statement st = r.createStatement()) {
            st.execute("SELECT pg_wal_replay_resume()");
        } catch (SQLException e) {
            // down: the script below starts it
        }
        LocalReplicas.ensurePgReplica();
    }

    /** Tests that are not about lag use max-lag 1h: other work on the shared primary may slow replay for a while. */
    static String config(String balancer, String maxLag, String ryw, int w0, int w1) {
        StringBuilder sb = new StringBuilder("shards:\n");
        for (int i = 0; i < 2; i++) {
            String db = "sjdbc_rep_pg_" + i;
            sb.append("  s").append(i).append(":\n")
              .append("    url: jdbc:postgresql://").append(PG_PRIMARY).append('/').append(db).append("?ApplicationName=primary\n")
              .append("    username: postgres\n")
              .append("    replicas:\n")
              .append("      - { url: \"jdbc:postgresql://").append(PG_REPLICA).append('/').append(db).append("?ApplicationName=r0\", weight: ")
              .append(w0).append(" }\n")
              .append("      - { url: \"jdbc:postgresql://").append(PG_REPLICA).append('/').append(db).append("?ApplicationName=r1\", weight: ")
              .append(w1).append(" }\n");
        }
        sb.append("tables:\n  item: { key: id, strategy: hash, function: mod, buckets: 2 }\n");
        sb.append("reads: { balancer: ").append(balancer).append(", max-lag: ").append(maxLag)
          .append(", read-your-writes: ").append(ryw).append(", lag-check-interval: 50ms }\n");
        return sb.toString();
    }

    /** "5433/r0": who served a read of row {@code id} on this connection. */
    static String who(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WHO)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row %s", id).isTrue();
                return rs.getString(1);
            }
        }
    }

    static String value(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WHO)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(2);
            }
        }
    }

    /** Waits until the runtime's monitor has measured every replica (reads before that go to the primary). */
    static void awaitReplicasMeasured(ShardDataSource ds) throws Exception {
        await("both replicas of both shards measured and within max-lag", Duration.ofSeconds(20), () -> {
            for (int s = 0; s < 2; s++) {
                for (int r = 0; r < 2; r++) {
                    ReplicaNode n = Engine.of(ds).replicas().node(s, r);
                    if (!n.usable(Engine.of(ds).config().reads().maxLag().toMillis())) return false;
                }
            }
            return true;
        });
    }

    static Map<String, Integer> readMany(Connection c, int n) throws SQLException {
        Map<String, Integer> by = new HashMap<>();
        for (int i = 0; i < n; i++) by.merge(who(c, i % ROWS), 1, Integer::sum);
        return by;
    }

    @Test
    @Order(1)
    void roundRobinSpreadsReadsEvenlyOverTheReplicas() throws Exception {
        try (ShardDataSource ds = dataSource(config("round-robin", "1h", "session", 1, 1)); Connection c = ds.getConnection()) {
            awaitReplicasMeasured(ds);
            Map<String, Integer> by = readMany(c, 400);
            assertThat(by).containsOnlyKeys(REPLICA_PORT + "/r0", REPLICA_PORT + "/r1");
            assertThat(by.get(REPLICA_PORT + "/r0")).isEqualTo(200);
            assertThat(by.get(REPLICA_PORT + "/r1")).isEqualTo(200);
        }
    }

    @Test
    @Order(2)
    void weightedRandomFollowsTheWeights() throws Exception {
        try (ShardDataSource ds = dataSource(config("weighted-random", "1h", "session", 1, 3)); Connection c = ds.getConnection()) {
            awaitReplicasMeasured(ds);
            Map<String, Integer> by = readMany(c, 2000);
            assertThat(by).containsOnlyKeys(REPLICA_PORT + "/r0", REPLICA_PORT + "/r1");
            // expected 1500 of 2000 on r1; 6 standard deviations (~19) either side
            assertThat(by.get(REPLICA_PORT + "/r1")).isBetween(1380, 1620);
        }
    }

    @Test
    @Order(3)
    void leastInFlightPrefersTheIdleReplica() throws Exception {
        try (ShardDataSource ds = dataSource(config("least-in-flight", "1h", "session", 1, 1));
             Connection busy = ds.getConnection(); Connection c = ds.getConnection()) {
            awaitReplicasMeasured(ds);
            // a read holding r0 or r1 busy: pg_sleep in a query the other connection is running
            String held = who(busy, 0);
            ExecutorService ex = Executors.newSingleThreadExecutor();
            try {
                Future<String> slow = ex.submit(() -> {
                    try (PreparedStatement ps = busy.prepareStatement(
                            "SELECT inet_server_port() || '/' || current_setting('application_name') FROM item, pg_sleep(1.5) WHERE id = 0")) {
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getString(1);
                        }
                    }
                });
                ReplicaNode[] nodes = {Engine.of(ds).replicas().node(0, 0), Engine.of(ds).replicas().node(0, 1)};
                await("the slow read is in flight", Duration.ofSeconds(10), () -> nodes[0].inFlight() + nodes[1].inFlight() == 1);
                String busyNode = nodes[0].inFlight() == 1 ? "r0" : "r1";
                for (int i = 0; i < 10; i++) assertThat(who(c, 0)).isNotEqualTo(REPLICA_PORT + "/" + busyNode);
                assertThat(slow.get()).isEqualTo(REPLICA_PORT + "/" + busyNode);
            } finally {
                ex.shutdownNow();
            }
            assertThat(held).startsWith(REPLICA_PORT + "/");
        }
    }

    @Test
    @Order(4)
    void writesRowLocksTransactionsAndHintsUseThePrimary() throws Exception {
        try (ShardDataSource ds = dataSource(config("round-robin", "1h", "session", 1, 1));
             ShardConnection c = ds.getConnection().unwrap(ShardConnection.class)) {
            awaitReplicasMeasured(ds);
            // a write on a replica fails (read-only transaction); this one records who ran it
            for (long id = 0; id < ROWS; id++) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE item SET v = inet_server_port()::text WHERE id = ?")) {
                    ps.setLong(1, id);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            try (Connection p = pg(PG_PRIMARY, "sjdbc_rep_pg_0"); Statement st = p.createStatement();
                 ResultSet rs = st.executeQuery("SELECT DISTINCT v FROM item")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(String.valueOf(PRIMARY_PORT));
                assertThat(rs.next()).isFalse();
            }
            String primary = PRIMARY_PORT + "/primary";
            try (PreparedStatement ps = c.prepareStatement(WHO.replace("= ?", "= ? FOR UPDATE"))) {
                ps.setLong(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(primary);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("/* primary */ " + WHO)) {
                ps.setLong(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(primary);
                }
            }
            // a query that writes (nextval) is refused by the replica as read-only and runs again on the primary
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SEQUENCE IF NOT EXISTS seq");
                for (int i = 1; i <= 3; i++) {
                    try (ResultSet rs = st.executeQuery("SELECT nextval('seq'), inet_server_port()")) {
                        rs.next();
                        assertThat(rs.getInt(2)).isEqualTo(PRIMARY_PORT);
                        assertThat(rs.getLong(1)).isPositive();
                    }
                }
            }
            assertThat(Engine.of(ds).replicas().node(0, 0).isDown()).as("a refusal is not a failure").isFalse();
            c.setPrimaryOnly(true);
            assertThat(who(c, 3)).isEqualTo(primary);
            c.setPrimaryOnly(false);
            c.setAutoCommit(false);
            assertThat(who(c, 3)).as("inside a read-write transaction").isEqualTo(primary);
            c.commit();
            c.setReadOnly(true);
            await("a read-only transaction reads a replica once the replica replayed the updates", Duration.ofSeconds(20), () -> {
                String w = who(c, 3);
                c.commit();
                return w.startsWith(REPLICA_PORT + "/");
            });
            // one node for the whole read-only transaction (round-robin would alternate r0 and r1)
            java.util.Set<String> nodes = new java.util.HashSet<>();
            for (int i = 0; i < 10; i++) nodes.add(who(c, 3));
            c.commit();
            assertThat(nodes).hasSize(1).allMatch(w -> w.startsWith(REPLICA_PORT + "/"));
            // the next transactions are balanced again (once the monitor saw both replicas pass this
            // connection's writes, read-your-writes lets both serve it)
            java.util.Set<String> seen = new java.util.HashSet<>();
            await("later read-only transactions use both replicas", Duration.ofSeconds(20), () -> {
                seen.add(who(c, 3));
                c.commit();
                return seen.size() == 2;
            });
            assertThat(seen).allMatch(w -> w.startsWith(REPLICA_PORT + "/"));
            // a snapshot over several statements (REPEATABLE READ) is the primary's
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(who(c, 3)).isEqualTo(primary);
            c.commit();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setReadOnly(false);
            c.setAutoCommit(true);
            assertThat(who(c, 3)).startsWith(REPLICA_PORT + "/");
        }
    }

    @Test
    @Order(5)
    void withReplayPausedReadYourWritesSeesEveryWriteWhilePlainReadsAreStale() throws Exception {
        try (ShardDataSource ryw = dataSource(config("round-robin", "1h", "session", 1, 1));
             ShardDataSource plain = dataSource(config("round-robin", "1h", "none", 1, 1));
             Connection c = ryw.getConnection(); Connection other = plain.getConnection();
             Connection replica = pg(PG_REPLICA, "postgres"); Statement rs = replica.createStatement()) {
            awaitReplicasMeasured(ryw);
            awaitReplicasMeasured(plain);
            String before = value(other, 7);
            rs.execute("SELECT pg_wal_replay_pause()");
            try {
                int servedByReplicas = 0;
                for (int i = 0; i < 1000; i++) {
                    try (PreparedStatement up = c.prepareStatement("UPDATE item SET v = ? WHERE id = ?")) {
                        up.setString(1, "w" + i);
                        up.setLong(2, 7);
                        assertThat(up.executeUpdate()).isEqualTo(1);
                    }
                    try (PreparedStatement ps = c.prepareStatement(WHO)) {
                        ps.setLong(1, 7);
                        try (ResultSet r = ps.executeQuery()) {
                            r.next();
                            assertThat(r.getString(2)).as("read-your-writes, cycle %s", i).isEqualTo("w" + i);
                            if (r.getString(1).startsWith(REPLICA_PORT + "/")) servedByReplicas++;
                        }
                    }
                }
                assertThat(servedByReplicas).as("a paused replica cannot have the writes").isZero();
                // without read-your-writes the (paused) replica serves the read: the value it has is stale
                assertThat(who(other, 7)).startsWith(REPLICA_PORT + "/");
                assertThat(value(other, 7)).isEqualTo(before).isNotEqualTo("w999");
                // reads of rows this connection did not write still use the replicas on the other shard
                assertThat(who(c, 0)).startsWith(REPLICA_PORT + "/");
            } finally {
                rs.execute("SELECT pg_wal_replay_resume()");
            }
            await("after replay resumes, read-your-writes reads the replica again", Duration.ofSeconds(20),
                    () -> who(c, 7).startsWith(REPLICA_PORT + "/"));
            assertThat(value(c, 7)).isEqualTo("w999");
        }
    }

    @Test
    @Order(5)
    void aReadPositionTokenCarriesReadYourWritesToAnotherConnection() throws Exception {
        try (ShardDataSource ds = dataSource(config("round-robin", "1h", "session", 1, 1));
             ShardConnection writer = ds.getConnection().unwrap(ShardConnection.class);
             ShardConnection reader = ds.getConnection().unwrap(ShardConnection.class);
             Connection replica = pg(PG_REPLICA, "postgres"); Statement rs = replica.createStatement()) {
            awaitReplicasMeasured(ds);
            assertThat(writer.readPosition()).as("nothing written yet").isEmpty();
            rs.execute("SELECT pg_wal_replay_pause()");
            try {
                try (PreparedStatement up = writer.prepareStatement("UPDATE item SET v = 'token' WHERE id = 9")) {
                    assertThat(up.executeUpdate()).isEqualTo(1);
                }
                String token = writer.readPosition();
                assertThat(token).matches("s1=[0-9A-F]+/[0-9A-F]+");
                assertThat(value(reader, 9)).as("without the token: the paused replica's stale row").isNotEqualTo("token");
                reader.awaitPosition(token);
                assertThat(value(reader, 9)).as("with the token").isEqualTo("token");
                assertThat(who(reader, 9)).isEqualTo(PRIMARY_PORT + "/primary");
                assertThat(who(reader, 0)).as("the other shard has nothing to wait for").startsWith(REPLICA_PORT + "/");
                assertThatThrownBy(() -> reader.awaitPosition("s7=0/1")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("known shards").extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
            } finally {
                rs.execute("SELECT pg_wal_replay_resume()");
            }
            await("once replayed, the token's reads use the replica", Duration.ofSeconds(20), () -> who(reader, 9).startsWith(REPLICA_PORT + "/"));
        }
    }

    @Test
    @Order(6)
    void aReplicaOverMaxLagGetsNoReads() throws Exception {
        try (ShardDataSource ds = dataSource(config("round-robin", "300ms", "none", 1, 1)); Connection c = ds.getConnection();
             Connection replica = pg(PG_REPLICA, "postgres"); Statement rs = replica.createStatement()) {
            awaitReplicasMeasured(ds);
            assertThat(who(c, 1)).startsWith(REPLICA_PORT + "/");
            rs.execute("SELECT pg_wal_replay_pause()");
            try {
                // a write the paused replica receives but does not replay: from now on it falls behind
                try (Connection p = pg(PG_PRIMARY, "sjdbc_rep_pg_1"); Statement st = p.createStatement()) {
                    st.execute("UPDATE item SET v = 'lagging' WHERE id = 1");
                }
                await("the monitor measures the replica over max-lag", Duration.ofSeconds(20),
                        () -> !Engine.of(ds).replicas().node(1, 0).usable(300) && !Engine.of(ds).replicas().node(1, 1).usable(300));
                for (int i = 0; i < 200; i++) {
                    assertThat(who(c, 1)).as("read %s while the replica lags", i).isEqualTo(PRIMARY_PORT + "/primary");
                }
                assertThat(value(c, 1)).isEqualTo("lagging");
            } finally {
                rs.execute("SELECT pg_wal_replay_resume()");
            }
            await("the caught-up replica serves reads again", Duration.ofSeconds(20), () -> who(c, 1).startsWith(REPLICA_PORT + "/"));
        }
    }

    @Test
    @Order(7)
    void stoppingTheReplicaDuringReadsGivesNoErrorsAndRestartingBringsItBack() throws Exception {
        try (ShardDataSource ds = dataSource(config("round-robin", "1h", "session", 1, 1))) {
            awaitReplicasMeasured(ds);
            int threads = 4;
            int perThread = 1500;
            AtomicInteger done = new AtomicInteger();
            LongAdder errors = new LongAdder();
            Map<String, LongAdder> by = new ConcurrentHashMap<>();
            List<Throwable> failures = new ArrayList<>();
            ExecutorService ex = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(ex.submit(() -> {
                    try (Connection c = ds.getConnection()) {
                        for (int i = 0; i < perThread; i++) {
                            try {
                                by.computeIfAbsent(who(c, i % ROWS).substring(0, 4), k -> new LongAdder()).increment();
                            } catch (SQLException | AssertionError e) {
                                errors.increment();
                                synchronized (failures) {
                                    failures.add(e);
                                }
                            }
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            await("a first share of the reads ran", Duration.ofSeconds(60), () -> done.get() >= 1000);
            LocalReplicas.crashPgReplica();
            for (Future<?> f : fs) f.get();
            ex.shutdown();
            assertThat(failures).as("errors seen by the application").isEmpty();
            assertThat(errors.sum()).isZero();
            assertThat(done.get()).isEqualTo(threads * perThread);
            assertThat(by.get(String.valueOf(REPLICA_PORT)).sum()).as("reads before the crash").isPositive();
            assertThat(by.get(String.valueOf(PRIMARY_PORT)).sum()).as("reads after the crash").isPositive();
            assertThat(Engine.of(ds).replicas().node(0, 0).isDown()).isTrue();

            LocalReplicas.ensurePgReplica();
            try (Connection c = ds.getConnection()) {
                await("the restarted replica is back in rotation", Duration.ofSeconds(60), () -> who(c, 0).startsWith(REPLICA_PORT + "/"));
            }
        }
    }
}
