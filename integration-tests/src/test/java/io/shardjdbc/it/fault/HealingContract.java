package io.shardjdbc.it.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A logical connection is never poisoned by a lost physical one: outside a transaction the broken
 * connection is dropped and the next statement (or the failed read itself) takes a fresh one;
 * inside a transaction the transaction fails with class 08, and rollback() and setAutoCommit()
 * then work and so does everything after. Faults: server sessions terminated, the network cut,
 * a network timeout, an isValid timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HealingContract {
    private final TestServers.Kind kind;
    private FaultShards shards;
    private ShardDataSource ds;
    private final ExecutorService timeouts = Executors.newCachedThreadPool();

    HealingContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void setUp() throws Exception {
        shards = new FaultShards(kind, "heal");
        ds = shards.dataSource("pool: { maximum-pool-size: 4, connection-timeout: 5s }");
    }

    @AfterAll
    void tearDown() {
        timeouts.shutdownNow();
        shards.close();
    }

    @BeforeEach
    void emptyAndHealthy() throws SQLException {
        for (int i = 0; i < FaultShards.SHARDS; i++) shards.proxy(i).resume();
        for (int i = 0; i < FaultShards.SHARDS; i++) shards.proxy(i).up();
        shards.clear();
    }

    private static void insert(Connection c, long id, String v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (id, v) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, v);
            assertThat(ps.executeUpdate()).isEqualTo(1);
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

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM kv")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aReadAfterTheShardsSessionsWereTerminatedRunsOnAFreshConnection() throws Exception {
        try (Connection c = ds.getConnection()) {
            insert(c, 1, "one");
            assertThat(read(c, 1)).isEqualTo("one");
            assertThat(shards.terminateSessions(1)).as("sessions terminated on s1").isPositive();
            assertThat(read(c, 1)).as("the read runs again on a fresh connection").isEqualTo("one");
            insert(c, 5, "five");
            assertThat(shards.idsOn(1)).containsExactly(1L, 5L);
        }
    }

    @Test
    void aCutNetworkFailsAtMostTheStatementInFlightAndTheNextOneWorks() throws Exception {
        try (Connection c = ds.getConnection()) {
            insert(c, 2, "two");
            shards.proxy(2).cut();
            assertThat(read(c, 2)).as("a read is run again on a fresh connection").isEqualTo("two");
            shards.proxy(2).cut();
            try {
                insert(c, 6, "six"); // a write may have reached the shard: it is not run again
            } catch (SQLException e) {
                assertThat(e.getSQLState()).startsWith("08");
                assertThat(e.getMessage()).contains("s2");
            }
            insert(c, 10, "ten");
            assertThat(shards.idsOn(2)).contains(2L, 10L);
            assertThat(count(c)).isEqualTo(shards.idsOn(2).size());
        }
    }

    @Test
    void aNetworkTimeoutOnAStalledShardFailsWithClass08AndTheConnectionRecovers() throws Exception {
        try (Connection c = ds.getConnection()) {
            insert(c, 3, "three");
            c.setNetworkTimeout(timeouts, 1000);
            shards.proxy(3).stall();
            try {
                assertThatThrownBy(() -> insert(c, 7, "seven"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"))
                        .hasMessageContaining("s3");
            } finally {
                shards.proxy(3).resume();
            }
            assertThat(read(c, 3)).isEqualTo("three");
            insert(c, 11, "eleven");
            assertThat(read(c, 11)).isEqualTo("eleven");
        }
    }

    @Test
    void isValidTimesOutOnAStalledShardAndTheConnectionRecovers() throws Exception {
        try (Connection c = ds.getConnection()) {
            insert(c, 1, "one");
            assertThat(c.isValid(2)).isTrue();
            shards.proxy(1).stall();
            try {
                assertThat(c.isValid(1)).as("a shard that does not answer").isFalse();
            } finally {
                shards.proxy(1).resume();
            }
            assertThat(c.isValid(5)).isTrue();
            assertThat(read(c, 1)).isEqualTo("one");
        }
    }

    @Test
    void isValidIsFalseWhileAShardIsDown() throws Exception {
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(5)).isTrue();
            shards.proxy(2).down();
            try {
                assertThat(c.isValid(2)).as("with s2 down").isFalse();
            } finally {
                shards.proxy(2).up();
            }
            assertThat(c.isValid(5)).as("with s2 back").isTrue();
        }
    }

    @Test
    void aTransactionThatLostAShardFailsWithClass08ThenRollbackAndAutoCommitWork() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, 4, "four");   // s0
            insert(c, 5, "five");   // s1
            shards.terminateSessions(1);
            assertThatThrownBy(() -> insert(c, 9, "nine")) // s1 again: its transaction is gone
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"))
                    .hasMessageContaining("s1");
            c.rollback();
            c.setAutoCommit(true);
            assertThat(shards.idsOn(0)).as("s0's part rolled back").isEmpty();
            assertThat(shards.idsOn(1)).isEmpty();
            insert(c, 13, "thirteen");
            assertThat(read(c, 13)).isEqualTo("thirteen");
        }
    }

    @Test
    void aCommitAfterTheTransactionLostAShardCommitsNothingAndSaysSo() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, 4, "four");
            insert(c, 5, "five");
            shards.proxy(1).cut();
            assertThatThrownBy(() -> read(c, 5)).as("the transaction's part on s1 is gone")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
            assertThatThrownBy(c::commit)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"))
                    .hasMessageContaining("s1");
            assertThat(shards.idsOn(0)).as("nothing committed on s0").isEmpty();
            // the next transaction runs on fresh connections
            insert(c, 8, "eight");
            insert(c, 9, "nine");
            c.commit();
            c.setAutoCommit(true);
            assertThat(shards.idsOn(0)).containsExactly(8L);
            assertThat(shards.idsOn(1)).containsExactly(9L);
        }
    }

    @Test
    void setAutoCommitWorksAfterTheSessionsOfAnIdleConnectionWereTerminated() throws Exception {
        try (Connection c = ds.getConnection()) {
            insert(c, 1, "one");
            shards.terminateSessions(1);
            c.setAutoCommit(false);
            insert(c, 5, "five");
            c.commit();
            c.setAutoCommit(true);
            assertThat(shards.idsOn(1)).containsExactly(1L, 5L);
        }
    }

    static void awaitRunning(FaultShards shards, int shard, String text) throws Exception {
        FaultShards.await("a statement with '" + text + "' running on s" + shard, Duration.ofSeconds(20),
                () -> shards.runningOn(shard, text) > 0);
    }
}
