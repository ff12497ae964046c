package io.shardjdbc.it.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A logical connection in auto-commit mode holds a shard connection only while a statement's
 * results are open, so an application pool of logical connections (HikariCP over the driver) may be
 * larger than the shard pools; the JDBC session settings hold on every shard connection it takes;
 * a shard pool that has nothing free says which pool and how large it is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LendingContract {
    private final TestServers.Kind kind;
    private FaultShards shards;

    LendingContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void setUp() throws Exception {
        shards = new FaultShards(kind, "lend");
    }

    @AfterAll
    void tearDown() {
        shards.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        shards.clear();
    }

    @Test
    void anOuterPoolOfTwelveLogicalConnectionsOverShardPoolsOfFourRunsTwelveThreads() throws Exception {
        ShardDataSource ds = shards.dataSource("pool: { maximum-pool-size: 4, connection-timeout: 10s }");
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(ds);
        hc.setMaximumPoolSize(12);
        hc.setMinimumIdle(12);
        hc.setConnectionTimeout(10_000);
        hc.setPoolName("outer-" + kind.tag());
        int threads = 12;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (HikariDataSource outer = new HikariDataSource(hc)) {
            // every logical connection of the outer pool has been used before the load starts
            List<Connection> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) all.add(outer.getConnection());
            for (Connection c : all) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM kv")) {
                    rs.next();
                }
            }
            for (Connection c : all) c.close();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long id = thread * 1000L + i;
                        try (Connection c = outer.getConnection()) {
                            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (id, v) VALUES (?, ?)")) {
                                ps.setLong(1, id);
                                ps.setString(2, "v" + id);
                                ps.executeUpdate();
                            }
                            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM kv WHERE id = ?")) {
                                ps.setLong(1, id);
                                try (ResultSet rs = ps.executeQuery()) {
                                    assertThat(rs.next()).isTrue();
                                    assertThat(rs.getString(1)).isEqualTo("v" + id);
                                }
                            }
                            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM kv")) {
                                assertThat(rs.next()).isTrue();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        long rows = 0;
        for (int s = 0; s < FaultShards.SHARDS; s++) rows += shards.idsOn(s).size();
        assertThat(rows).isEqualTo((long) threads * perThread);
    }

    @Test
    void jdbcSessionSettingsHoldOnEveryShardConnectionTakenAndEndWithTheLogicalConnection() throws Exception {
        ShardDataSource ds = shards.dataSource("pool: { maximum-pool-size: 1 }");
        String isolation = shards.isPostgres() ? "SHOW transaction_isolation" : "SELECT @@tx_isolation";
        try (Connection c = ds.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            for (int round = 0; round < 2; round++) {
                for (int s = 0; s < FaultShards.SHARDS; s++) {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("/* shard: s" + s + " */ " + isolation)) {
                        rs.next();
                        assertThat(rs.getString(1)).as("on s%d", s).containsIgnoringCase("serializable");
                    }
                }
            }
        }
        try (Connection other = ds.getConnection(); Statement st = other.createStatement();
             ResultSet rs = st.executeQuery("/* shard: s0 */ " + isolation)) {
            rs.next();
            assertThat(rs.getString(1)).as("the same physical connection, lent to another logical one").doesNotContainIgnoringCase("serializable");
        }
    }

    @Test
    void aShardPoolWithNothingFreeNamesThePoolAndItsSize() throws Exception {
        ShardDataSource ds = shards.dataSource("pool: { maximum-pool-size: 1, connection-timeout: 500ms }");
        try (Connection holder = ds.getConnection(); Connection waiter = ds.getConnection();
             Statement st = holder.createStatement(); ResultSet open = st.executeQuery("SELECT id FROM kv WHERE id = 0")) {
            assertThatThrownBy(() -> {
                try (Statement w = waiter.createStatement()) {
                    w.executeQuery("SELECT id FROM kv WHERE id = 4").close();
                }
            }).isInstanceOf(SQLException.class)
                    .hasMessageContaining("shard s0")
                    .hasMessageContaining("maximum-pool-size")
                    .hasMessageContaining("all 1");
            open.close();
            try (Statement w = waiter.createStatement()) {
                w.executeQuery("SELECT id FROM kv WHERE id = 4").close(); // free again once the result set closed
            }
        }
    }
}
