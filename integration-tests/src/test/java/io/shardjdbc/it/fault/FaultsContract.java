package io.shardjdbc.it.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.Engine;
import io.shardjdbc.it.support.TestServers;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One shard failing in the ways hosts and networks fail - down when the application starts, dying
 * in the middle of a statement that spans every shard, hanging - and server sessions terminated
 * under a 16-thread load: only statements in flight fail, the other shards keep working, the
 * failed shard works again as soon as it is back, and no row is lost or misplaced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FaultsContract {
    private final TestServers.Kind kind;
    private FaultShards shards;
    private final ExecutorService background = Executors.newCachedThreadPool();

    FaultsContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void setUp() throws Exception {
        shards = new FaultShards(kind, "faults");
    }

    @AfterAll
    void tearDown() {
        background.shutdownNow();
        shards.close();
    }

    @BeforeEach
    void emptyAndHealthy() throws SQLException {
        for (int i = 0; i < FaultShards.SHARDS; i++) {
            shards.proxy(i).resume();
            shards.proxy(i).up();
        }
        shards.clear();
    }

    private static void insert(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (id, v) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "v" + id);
            ps.executeUpdate();
        }
    }

    private static String read(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v FROM kv WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String slowCountSql() {
        return shards.isPostgres() ? "SELECT COUNT(*) FROM kv WHERE pg_sleep(0.4) IS NOT NULL"
                : "SELECT COUNT(*) FROM kv WHERE SLEEP(0.4) = 0";
    }

    private static void assertClass08(Throwable e, String shard) {
        assertThat(e).isInstanceOf(SQLException.class).hasMessageContaining(shard);
        assertThat(((SQLException) e).getSQLState()).as("SQLState of %s", e.getMessage()).startsWith("08");
    }

    @Test
    void aShardDownAtStartupFailsOnlyItsStatementsAndServesOnceItIsBack() throws Exception {
        shards.proxy(3).down();
        ShardDataSource ds = shards.dataSource("pool: { maximum-pool-size: 4, connection-timeout: 2s }");
        try (Connection c = ds.getConnection()) {
            insert(c, 4);
            assertThat(read(c, 4)).isEqualTo("v4");
            assertThatThrownBy(() -> insert(c, 7)).satisfies(e -> assertClass08(e, "s3"));
            assertThatThrownBy(() -> scalar(c, "SELECT COUNT(*) FROM kv")).satisfies(e -> assertClass08(e, "s3"));
            assertThat(c.isValid(2)).isFalse();
            shards.proxy(3).up();
            insert(c, 7);
            assertThat(scalar(c, "SELECT COUNT(*) FROM kv")).isEqualTo(2);
            assertThat(c.isValid(5)).isTrue();
        }
        assertThat(shards.idsOn(3)).containsExactly(7L);
    }

    @Test
    void aScatterReadThatLosesAShardMidwayRunsAgainAndAnswers() throws Exception {
        ShardDataSource ds = shards.dataSource("pool: { maximum-pool-size: 4 }");
        try (Connection c = ds.getConnection()) {
            for (long id = 0; id < 4; id++) insert(c, id);
            Future<Long> count = background.submit(() -> scalar(c, slowCountSql()));
            HealingContract.awaitRunning(shards, 2, "COUNT");
            shards.proxy(2).cut();
            assertThat(count.get(60, TimeUnit.SECONDS)).as("the read ran again on a fresh connection").isEqualTo(4);
        }
    }

    @Test
    void aScatterWriteThatLosesAShardMidwayFailsNamingItAndTheNextWorks() throws Exception {
        ShardDataSource ds = shards.dataSource("pool: { maximum-pool-size: 4 }");
        String slowUpdate = shards.isPostgres() ? "UPDATE kv SET v = v || 'x' WHERE pg_sleep(0.4) IS NOT NULL"
                : "UPDATE kv SET v = CONCAT(v, 'x') WHERE SLEEP(0.4) = 0";
        try (Connection c = ds.getConnection()) {
            for (long id = 0; id < 4; id++) insert(c, id);
            Future<Long> update = background.submit(() -> {
                try (Statement st = c.createStatement()) {
                    return st.executeLargeUpdate(slowUpdate);
                }
            });
            HealingContract.awaitRunning(shards, 2, "UPDATE");
            shards.proxy(2).cut();
            Throwable thrown = null;
            try {
                update.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                thrown = e.getCause();
            }
            assertThat(thrown).as("a write is not run again: it may have reached the shard").isNotNull();
            assertClass08(thrown, "s2");
            // the server does not know the client is gone: its statement runs to its end (and commits)
            FaultShards.await("the cut-off UPDATE ended on s2", Duration.ofSeconds(30), () -> shards.runningOn(2, "UPDATE") == 0);
            try (Statement st = c.createStatement()) {
                assertThat(st.executeLargeUpdate("UPDATE kv SET v = 'y'")).isEqualTo(4);
            }
            assertThat(scalar(c, "SELECT COUNT(*) FROM kv WHERE v = 'y'")).isEqualTo(4);
        }
    }

    @Test
    void aHangingStatementIsCancelledAndTheConnectionGoesOn() throws Exception {
        ShardDataSource ds = shards.dataSource("pool: { maximum-pool-size: 4 }");
        String sleep = shards.isPostgres() ? "/* shard: s1 */ SELECT pg_sleep(60)" : "/* shard: s1 */ SELECT SLEEP(60)";
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            Future<Object> hanging = background.submit(() -> {
                try (ResultSet rs = st.executeQuery(sleep)) {
                    rs.next();
                    return rs.getObject(1);
                } catch (SQLException e) {
                    return e;
                }
            });
            HealingContract.awaitRunning(shards, 1, shards.isPostgres() ? "pg_sleep" : "SLEEP");
            st.cancel();
            Object outcome = hanging.get(30, TimeUnit.SECONDS); // a deadline for the test, not a measured time
            if (outcome instanceof SQLException e) {
                assertThat(e.getSQLState()).as(e.getMessage()).isIn("57014", "70100"); // query canceled, PostgreSQL and MySQL
            }
            insert(c, 5);
            assertThat(read(c, 5)).isEqualTo("v5");
        }
    }

    @Test
    void aHungShardsPoolRecoversOnceTheShardAnswersAgain() throws Exception {
        ShardDataSource ds = shards.dataSource("pool: { maximum-pool-size: 2, connection-timeout: 2s }");
        try (Connection warm = ds.getConnection()) {
            insert(warm, 1);
        }
        shards.proxy(1).stall();
        List<Future<Throwable>> stuck = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stuck.add(background.submit(() -> {
                try (Connection c = ds.getConnection()) {
                    c.setNetworkTimeout(background, 1000);
                    read(c, 1);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }));
        }
        for (Future<Throwable> f : stuck) {
            Throwable t = f.get(60, TimeUnit.SECONDS);
            assertThat(t).as("a read of the hung shard").isNotNull();
            assertClass08(t, "s1");
        }
        shards.proxy(1).resume();
        for (int i = 0; i < 10; i++) {
            try (Connection c = ds.getConnection()) {
                assertThat(read(c, 1)).isEqualTo("v1");
                insert(c, 5 + 4L * i);
            }
        }
        FaultShards.await("every s1 connection back in its pool", Duration.ofSeconds(10),
                () -> Engine.of(ds).pools().stats(1).getActiveConnections() == 0);
        assertThat(shards.idsOn(1)).hasSize(11);
    }

    @Test
    void sessionsTerminatedUnderSixteenThreadsFailOnlyStatementsInFlightAndLoseNothing() throws Exception {
        ShardDataSource ds = shards.dataSource("pool: { maximum-pool-size: 16, connection-timeout: 10s }");
        int threads = 16;
        int perThread = 40;
        int[] killAt = {100, 250, 400, 550};
        AtomicInteger done = new AtomicInteger();
        Map<Long, Boolean> inserted = new ConcurrentHashMap<>(); // id -> insert reported success
        AtomicInteger failures = new AtomicInteger();
        List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        for (int t = 0; t < threads; t++) connections.add(ds.getConnection());
        try {
            for (int t = 0; t < threads; t++) {
                Connection c = connections.get(t);
                long base = t * 100_000L;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long id = base + i;
                        try {
                            insert(c, id);
                            inserted.put(id, true);
                            assertThat(read(c, id)).isEqualTo("v" + id);
                        } catch (SQLException e) {
                            inserted.putIfAbsent(id, false);
                            failures.incrementAndGet();
                            if (!isConnectionError(e)) unexpected.add(e);
                        } catch (RuntimeException | AssertionError e) {
                            unexpected.add(e);
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            int kills = 0;
            for (int k = 0; k < killAt.length; k++) {
                int at = killAt[k];
                FaultShards.await(at + " operations done", Duration.ofMinutes(5), () -> done.get() >= at);
                kills += shards.terminateSessions(k % FaultShards.SHARDS) > 0 ? 1 : 0;
            }
            for (Future<?> w : workers) w.get(5, TimeUnit.MINUTES);
            assertThat(kills).as("terminations that hit sessions").isPositive();
            assertThat(unexpected).as("errors other than a lost connection").isEmpty();
            System.out.println("load: " + threads * perThread + " operations, " + failures.get() + " failed, " + kills + " terminations");
            // a statement fails only if it was in flight, or took a pooled connection whose session had just ended
            assertThat(failures.get()).as("failed operations").isLessThanOrEqualTo(killAt.length * 2 * threads);
            // afterwards every connection works
            for (int t = 0; t < threads; t++) {
                long id = t * 100_000L + perThread;
                insert(connections.get(t), id);
                inserted.put(id, true);
                assertThat(read(connections.get(t), id)).isEqualTo("v" + id);
            }
        } finally {
            pool.shutdownNow();
            for (Connection c : connections) c.close();
        }
        // counted in the shard databases: every reported insert is there, on its shard, once
        List<Long> all = new ArrayList<>();
        for (int s = 0; s < FaultShards.SHARDS; s++) {
            for (long id : shards.idsOn(s)) {
                assertThat(Math.floorMod(id, 4)).as("shard of %d", id).isEqualTo(s);
                all.add(id);
            }
        }
        assertThat(all).doesNotHaveDuplicates();
        for (Map.Entry<Long, Boolean> e : inserted.entrySet()) {
            if (e.getValue()) assertThat(all).as("reported inserted").contains(e.getKey());
        }
        assertThat(all).allSatisfy(id -> assertThat(inserted).containsKey(id));
    }

    private static boolean isConnectionError(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P") || s.getErrorCode() == 1927)) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }
}
