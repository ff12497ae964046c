package io.shardjdbc.it.replica;

import static io.shardjdbc.it.replica.LocalReplicas.MY_PRIMARY;
import static io.shardjdbc.it.replica.LocalReplicas.MY_REPLICA;
import static io.shardjdbc.it.replica.LocalReplicas.await;
import static io.shardjdbc.it.replica.LocalReplicas.dataSource;
import static io.shardjdbc.it.replica.LocalReplicas.my;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.Engine;
import io.shardjdbc.jdbc.ShardConnection;
import io.shardjdbc.replica.ReplicaNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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
 * Read/write splitting on a real MariaDB GTID replica ({@code scripts/mariadb-replica.sh}): two shards
 * (databases {@code sjdbc_rep_my_0/1} on the primary, replicated), one replica each; every read tells
 * who served it ({@code @@port}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbReplicaIT {
    private static final int ROWS = 20;
    private static final String WHO = "SELECT @@port, v FROM item WHERE id = ?";
    private static final int PRIMARY_PORT = Integer.parseInt(MY_PRIMARY.substring(MY_PRIMARY.indexOf(':') + 1));
    private static final int REPLICA_PORT = Integer.parseInt(MY_REPLICA.substring(MY_REPLICA.indexOf(':') + 1));
    private static final Path REPLICA_PID = Path.of("/run/mysqld/replica" + REPLICA_PORT + ".pid");

    @BeforeAll
    static void databases() throws Exception {
        LocalReplicas.ensureMariaDbReplica();
        try (Connection c = my(MY_PRIMARY, ""); Statement st = c.createStatement()) {
            for (int i = 0; i < 2; i++) {
                st.execute("DROP DATABASE IF EXISTS sjdbc_rep_my_" + i);
                st.execute("CREATE DATABASE sjdbc_rep_my_" + i + " CHARACTER SET utf8mb4");
            }
        }
        try (ShardDataSource ds = dataSource(config("1h", "session")); Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE item (id bigint PRIMARY KEY, v varchar(50))");
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
                try (Connection r = my(MY_REPLICA, "sjdbc_rep_my_" + i); Statement st = r.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM item")) {
                    rs.next();
                    if (rs.getInt(1) != ROWS / 2) return false;
                }
            }
            return true;
        });
    }

    @AfterAll
    static void leaveTheReplicaWorking() throws Exception {
        try (Connection r = my(MY_REPLICA, ""); Statement st = r.createStatement()) {
            st.execute("START SLAVE");
        } catch (SQLException e) {
            // down: the script below starts it
        }
        LocalReplicas.ensureMariaDbReplica();
    }

    /** Tests that are not about lag use max-lag 1h: other work on the shared primary may slow replay for a while. */
    static String config(String maxLag, String ryw) {
        StringBuilder sb = new StringBuilder("shards:\n");
        for (int i = 0; i < 2; i++) {
            String db = "sjdbc_rep_my_" + i;
            sb.append("  s").append(i).append(":\n")
              .append("    url: \"jdbc:mysql://").append(MY_PRIMARY).append('/').append(db).append(LocalReplicas.MY_OPTIONS).append("\"\n")
              .append("    username: root\n")
              .append("    replicas: [ { url: \"jdbc:mysql://").append(MY_REPLICA).append('/').append(db).append(LocalReplicas.MY_OPTIONS)
              .append("\" } ]\n");
        }
        sb.append("tables:\n  item: { key: id, strategy: hash, function: mod, buckets: 2 }\n");
        sb.append("reads: { max-lag: ").append(maxLag).append(", read-your-writes: ").append(ryw)
          .append(", lag-check-interval: 50ms }\n");
        return sb.toString();
    }

    static int who(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WHO)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row %s", id).isTrue();
                return rs.getInt(1);
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

    static void awaitReplicasMeasured(ShardDataSource ds) throws Exception {
        long maxLag = Engine.of(ds).config().reads().maxLag().toMillis();
        await("the replicas of both shards measured and within max-lag", Duration.ofSeconds(20),
                () -> Engine.of(ds).replicas().node(0, 0).usable(maxLag) && Engine.of(ds).replicas().node(1, 0).usable(maxLag));
    }

    @Test
    @Order(1)
    void readsGoToTheReplicaWritesLocksTransactionsAndHintsToThePrimary() throws Exception {
        try (ShardDataSource ds = dataSource(config("1h", "session"));
             ShardConnection c = ds.getConnection().unwrap(ShardConnection.class)) {
            awaitReplicasMeasured(ds);
            for (int i = 0; i < 100; i++) assertThat(who(c, i % ROWS)).isEqualTo(REPLICA_PORT);
            for (long id = 0; id < ROWS; id++) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE item SET v = CAST(@@port AS CHAR) WHERE id = ?")) {
                    ps.setLong(1, id);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            try (Connection p = my(MY_PRIMARY, "sjdbc_rep_my_0"); Statement st = p.createStatement();
                 ResultSet rs = st.executeQuery("SELECT DISTINCT v FROM item")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(String.valueOf(PRIMARY_PORT));
                assertThat(rs.next()).isFalse();
            }
            try (PreparedStatement ps = c.prepareStatement(WHO + " FOR UPDATE")) {
                ps.setLong(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(PRIMARY_PORT);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(WHO + " LOCK IN SHARE MODE")) {
                ps.setLong(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(PRIMARY_PORT);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("/* primary */ " + WHO)) {
                ps.setLong(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(PRIMARY_PORT);
                }
            }
            c.setPrimaryOnly(true);
            assertThat(who(c, 3)).isEqualTo(PRIMARY_PORT);
            c.setPrimaryOnly(false);
            c.setAutoCommit(false);
            assertThat(who(c, 3)).as("inside a read-write transaction").isEqualTo(PRIMARY_PORT);
            c.commit();
            c.setAutoCommit(true);
            assertThat(value(c, 3)).as("read-your-writes after the updates").isEqualTo(String.valueOf(PRIMARY_PORT));
            await("the replica applied the updates and serves reads again", Duration.ofSeconds(20), () -> who(c, 3) == REPLICA_PORT);
        }
    }

    @Test
    @Order(2)
    void withTheSqlThreadStoppedReadYourWritesSeesEveryWriteAndTheStoppedReplicaGetsNoReads() throws Exception {
        try (ShardDataSource ryw = dataSource(config("1h", "session"));
             ShardDataSource plain = dataSource(config("1h", "none"));
             Connection c = ryw.getConnection(); Connection other = plain.getConnection();
             Connection replica = my(MY_REPLICA, ""); Statement rs = replica.createStatement()) {
            awaitReplicasMeasured(ryw);
            awaitReplicasMeasured(plain);
            assertThat(who(other, 7)).isEqualTo(REPLICA_PORT);
            rs.execute("STOP SLAVE SQL_THREAD");
            try {
                for (int i = 0; i < 1000; i++) {
                    try (PreparedStatement up = c.prepareStatement("UPDATE item SET v = ? WHERE id = ?")) {
                        up.setString(1, "w" + i);
                        up.setLong(2, 7);
                        assertThat(up.executeUpdate()).isEqualTo(1);
                    }
                    assertThat(value(c, 7)).as("read-your-writes, cycle %s", i).isEqualTo("w" + i);
                }
                // a replica whose SQL thread stopped has no lag figure (Seconds_Behind_Master is NULL): no reads
                await("the monitor sees the stopped SQL thread", Duration.ofSeconds(20),
                        () -> !Engine.of(plain).replicas().node(1, 0).usable(Long.MAX_VALUE - 1));
                assertThat(who(other, 7)).isEqualTo(PRIMARY_PORT);
                try (Connection direct = my(MY_REPLICA, "sjdbc_rep_my_1"); Statement st = direct.createStatement();
                     ResultSet r = st.executeQuery("SELECT v FROM item WHERE id = 7")) {
                    r.next();
                    assertThat(r.getString(1)).as("the replica itself is stale").isNotEqualTo("w999");
                }
            } finally {
                rs.execute("START SLAVE SQL_THREAD");
            }
            await("the replica caught up and serves read-your-writes reads again", Duration.ofSeconds(30), () -> who(c, 7) == REPLICA_PORT);
            assertThat(value(c, 7)).isEqualTo("w999");
        }
    }

    @Test
    @Order(3)
    void killingTheReplicaDuringReadsGivesNoErrorsAndRestartingBringsItBack() throws Exception {
        try (ShardDataSource ds = dataSource(config("1h", "session"))) {
            awaitReplicasMeasured(ds);
            int threads = 4;
            int perThread = 1000;
            AtomicInteger done = new AtomicInteger();
            Map<Integer, LongAdder> by = new ConcurrentHashMap<>();
            List<Throwable> failures = new ArrayList<>();
            ExecutorService ex = Executors.newFixedThreadPool(threads);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(ex.submit(() -> {
                    try (Connection c = ds.getConnection()) {
                        for (int i = 0; i < perThread; i++) {
                            try {
                                by.computeIfAbsent(who(c, i % ROWS), k -> new LongAdder()).increment();
                            } catch (SQLException | AssertionError e) {
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
            await("a first share of the reads ran", Duration.ofSeconds(60), () -> done.get() >= 800);
            // the replica's mariadbd was started by scripts/mariadb-replica.sh; kill it by its pid, as a crash would
            LocalReplicas.run("kill", "-9", Files.readString(REPLICA_PID).trim());
            for (Future<?> f : fs) f.get();
            ex.shutdown();
            assertThat(failures).as("errors seen by the application").isEmpty();
            assertThat(done.get()).isEqualTo(threads * perThread);
            assertThat(by.get(REPLICA_PORT).sum()).as("reads before the crash").isPositive();
            assertThat(by.get(PRIMARY_PORT).sum()).as("reads after the crash").isPositive();
            ReplicaNode n = Engine.of(ds).replicas().node(0, 0);
            assertThat(n.isDown()).isTrue();

            LocalReplicas.ensureMariaDbReplica();
            try (Connection c = ds.getConnection()) {
                await("the restarted replica is back in rotation", Duration.ofSeconds(60), () -> who(c, 0) == REPLICA_PORT);
            }
        }
    }
}
