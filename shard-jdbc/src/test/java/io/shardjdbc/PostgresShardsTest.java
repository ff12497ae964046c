package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.commit.PartialCommitException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver on real PostgreSQL: four databases {@code sjdbc_unit_0..3} on the local server
 * (127.0.0.1:5432, user postgres) or on the server of {@code SHARD_IT_PG_URL} (with
 * {@code SHARD_IT_PG_USER} / {@code SHARD_IT_PG_PASSWORD}), created when missing.
 */
class PostgresShardsTest {
    private static final int SHARDS = 4;
    private static String adminUrl;
    private static String user;
    private static String password;
    private static ShardDataSource ds;

    @BeforeAll
    static void createDatabases() throws SQLException {
        adminUrl = env("SHARD_IT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        user = env("SHARD_IT_PG_USER", "postgres");
        password = env("SHARD_IT_PG_PASSWORD", "");
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
             Statement s = admin.createStatement()) {
            for (int i = 0; i < SHARDS; i++) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'sjdbc_unit_" + i + "'")) {
                    if (rs.next()) continue;
                }
                s.execute("CREATE DATABASE sjdbc_unit_" + i);
            }
        }
        ShardConfig.Builder b = ShardConfig.builder().dialect(Dialect.POSTGRESQL).pool(H2Shards.SMALL_POOL)
                .hashTable("orders", "customer_id", 1024)
                .hashTable("uniq", "id", 64);
        for (int i = 0; i < SHARDS; i++) b.shard("s" + i, shardUrl(i), user, password);
        ds = new ShardDataSource(b.build());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS orders");
            s.execute("DROP TABLE IF EXISTS uniq");
            s.execute("CREATE TABLE orders (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " customer_id BIGINT NOT NULL, amount NUMERIC(10,2))");
            s.execute("CREATE TABLE uniq (id BIGINT PRIMARY KEY, k INT,"
                    + " CONSTRAINT uniq_k UNIQUE (k) DEFERRABLE INITIALLY DEFERRED)");
            // a barrier across the shards: each session marks its arrival in its application_name and
            // returns once n sessions of the server carry the mark; it fails at its deadline otherwise,
            // so only shards whose statements run at the same time can all pass it
            s.execute("""
                    CREATE OR REPLACE FUNCTION shard_barrier(tag text, n int, seconds int) RETURNS boolean AS $$
                    DECLARE deadline timestamptz := clock_timestamp() + make_interval(secs => seconds);
                    BEGIN
                      PERFORM set_config('application_name', tag, false);
                      PERFORM pg_stat_clear_snapshot();
                      WHILE (SELECT count(*) FROM pg_stat_activity WHERE application_name = tag) < n LOOP
                        IF clock_timestamp() > deadline THEN RAISE EXCEPTION 'barrier % not reached', tag; END IF;
                        PERFORM pg_sleep(0.01);
                        PERFORM pg_stat_clear_snapshot(); -- pg_stat_activity is otherwise frozen for the transaction
                      END LOOP;
                      RETURN true;
                    END $$ LANGUAGE plpgsql""");
        }
    }

    @AfterAll
    static void close() {
        if (ds != null) ds.close();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The admin URL with its database replaced by shard i's. */
    private static String shardUrl(int i) {
        int q = adminUrl.indexOf('?');
        String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
        String query = q < 0 ? "" : adminUrl.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + "sjdbc_unit_" + i + query;
    }

    private static Connection direct(int shard) throws SQLException {
        return DriverManager.getConnection(shardUrl(shard), user, password);
    }

    private static int shardOf(String sql, Object... params) throws SQLException {
        return ds.explain(sql, params).units().get(0).shard();
    }

    @Test
    void batchInsertedRowsAreExactlyWhereTheRouterSaysWithGeneratedKeys() throws SQLException {
        String insert = "INSERT INTO orders (customer_id, amount) VALUES (?, ?)";
        List<Long> customers = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM orders");
            try (PreparedStatement ps = c.prepareStatement(insert, new String[] {"id"})) {
                for (long cust = 1; cust <= 400; cust++) {
                    ps.setLong(1, cust);
                    ps.setBigDecimal(2, java.math.BigDecimal.valueOf(cust, 2));
                    ps.addBatch();
                    customers.add(cust);
                }
                assertThat(ps.executeBatch()).hasSize(400).containsOnly(1);
                int keys = 0;
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    while (rs.next()) keys++;
                }
                assertThat(keys).isEqualTo(400);
            }
        }
        List<Set<Long>> expected = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) expected.add(new HashSet<>());
        for (long cust : customers) expected.get(shardOf(insert, cust, null)).add(cust);
        for (int i = 0; i < SHARDS; i++) {
            Set<Long> actual = new HashSet<>();
            try (Connection c = direct(i); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT customer_id FROM orders")) {
                while (rs.next()) assertThat(actual.add(rs.getLong(1))).isTrue();
            }
            assertThat(actual).as("rows on s" + i).isEqualTo(expected.get(i)).isNotEmpty();
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.setMaxRows(25);
            s.setFetchSize(10);
            int n = 0;
            try (ResultSet rs = s.executeQuery("SELECT customer_id FROM orders")) {
                while (rs.next()) n++;
            }
            assertThat(n).as("max rows holds over the rows of all shards").isEqualTo(25);
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT amount FROM orders WHERE customer_id = ?")) {
            for (long cust = 1; cust <= 400; cust += 37) { // repeated executions reuse the server-side statement
                ps.setLong(1, cust);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(java.math.BigDecimal.valueOf(cust, 2));
                }
            }
        }
    }

    @Test
    void aDeferredConstraintFailingAtCommitOnTheSecondShardIsReportedAsAPartialCommit() throws SQLException {
        long a = 1;
        while (shardOf("INSERT INTO uniq (id, k) VALUES (?, ?)", a, 0) != 0) a++;
        long b = 1;
        while (shardOf("INSERT INTO uniq (id, k) VALUES (?, ?)", b, 0) != 1) b++;
        long b2 = b + 1;
        while (shardOf("INSERT INTO uniq (id, k) VALUES (?, ?)", b2, 0) != 1) b2++;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM uniq");
            s.executeUpdate("INSERT INTO uniq (id, k) VALUES (" + b + ", 7)"); // committed: s1 already has k = 7
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO uniq (id, k) VALUES (" + a + ", 1)"); // s0 joins first
            s.executeUpdate("INSERT INTO uniq (id, k) VALUES (" + b2 + ", 7)"); // violates uniq_k, checked at commit
            assertThatThrownBy(c::commit)
                    .isInstanceOf(PartialCommitException.class)
                    .hasMessageContaining("committed on [s0]")
                    .hasMessageContaining("rolled back on [s1]")
                    .satisfies(e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("23505"));
        }
        try (Connection c = direct(0); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM uniq")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        try (Connection c = direct(1); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM uniq")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void sessionSettingsAndSqlReachShardsOpenedLater() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET application_name = 'sjdbc_unit'");
            for (int i = SHARDS - 1; i >= 0; i--) {
                try (ResultSet rs = s.executeQuery("/* shard: s" + i + " */ SHOW application_name")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("s" + i).isEqualTo("sjdbc_unit");
                }
            }
            c.setAutoCommit(false);
            s.execute("/* shard: s2 */ SELECT 1");
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            c.rollback();
        }
    }

    @Test
    void setLocalLastsForTheTransactionOnShardsThatJoinItAndNoLonger() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("/* shard: s0 */ SELECT 1");
            s.execute("SET LOCAL application_name = 'in_tx'");
            assertThat(show(s, 1)).as("s1 joins the transaction after the SET LOCAL").isEqualTo("in_tx");
            c.commit();
            assertThat(show(s, 2)).as("s2 opens after the transaction ended").isNotEqualTo("in_tx");
            assertThat(show(s, 0)).isNotEqualTo("in_tx");
            c.rollback();
        }
    }

    private static String show(Statement s, int shard) throws SQLException {
        try (ResultSet rs = s.executeQuery("/* shard: s" + shard + " */ SHOW application_name")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aScatterQueryRunsOnEveryShardAtOnce() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             // one row per shard even on empty shards: an aggregate without GROUP BY; the merge folds them
             ResultSet rs = s.executeQuery("SELECT shard_barrier('barrier-" + System.nanoTime() + "', 4, 20), count(*) FROM orders")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    @Test
    void maxParallelShardsLimitsHowManyShardsRunAtOnce() throws SQLException {
        ShardConfig.Builder b = ShardConfig.builder().dialect(Dialect.POSTGRESQL).pool(H2Shards.SMALL_POOL)
                .hashTable("orders", "customer_id", 1024).maxParallelShards(2);
        for (int i = 0; i < SHARDS; i++) b.shard("s" + i, shardUrl(i), user, password);
        try (ShardDataSource two = new ShardDataSource(b.build()); Connection c = two.getConnection();
             Statement s = c.createStatement()) {
            // two at a time: a barrier for 4 is never reached, one for 2 is
            assertThatThrownBy(() -> s.executeQuery("SELECT shard_barrier('barrier-" + System.nanoTime() + "', 4, 2), "
                    + "count(*) FROM orders")).isInstanceOf(SQLException.class).hasMessageContaining("not reached");
            try (ResultSet rs = s.executeQuery("SELECT shard_barrier('pair-" + System.nanoTime() + "-' || "
                    + "(CASE WHEN current_database() IN ('sjdbc_unit_0', 'sjdbc_unit_1') THEN 'a' ELSE 'b' END), 2, 20), "
                    + "count(*) FROM orders")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void aTimeoutStopsTheQueryOnEveryShard() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            assertThatThrownBy(() -> s.executeQuery("SELECT count(*), length(pg_sleep(30)::text), 'timeout-probe' FROM orders"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
        }
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                     + "AND query LIKE '%timeout-probe%' AND query NOT LIKE '%pg_stat_activity%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("queries still running on the shards").isZero();
        }
    }

    @Test
    void aFailingShardCancelsTheOthersAndIsNamed() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // every shard but s2 sleeps; s2 divides by zero at once, which must stop the sleepers
            // (now() is not folded into a constant by the planner, so only s2 divides by zero)
            assertThatThrownBy(() -> s.executeQuery("SELECT count(*), CASE WHEN current_database() = 'sjdbc_unit_2' "
                    + "THEN 1 / (extract(year FROM now())::int * 0) ELSE length(pg_sleep(30)::text) END, 'cancel-probe' FROM orders"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("shard s2")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22012"));
        }
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                     + "AND query LIKE '%cancel-probe%' AND query NOT LIKE '%pg_stat_activity%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("sleepers still running").isZero();
        }
    }

    @Test
    void textIsNotOrderedAcrossShardsUnderALinguisticCollation() throws SQLException {
        ShardConfig.Builder b = ShardConfig.builder().dialect(Dialect.POSTGRESQL).pool(H2Shards.SMALL_POOL)
                .hashTable("words", "id", 64);
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password); Statement s = admin.createStatement()) {
            for (int i = 0; i < 2; i++) {
                s.execute("DROP DATABASE IF EXISTS sjdbc_unit_icu_" + i);
                s.execute("CREATE DATABASE sjdbc_unit_icu_" + i + " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' "
                        + "LOCALE 'C.UTF-8'");
                b.shard("s" + i, shardUrl(i).replace("sjdbc_unit_" + i, "sjdbc_unit_icu_" + i), user, password);
            }
        }
        try (ShardDataSource icu = new ShardDataSource(b.build()); Connection c = icu.getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE words (id BIGINT PRIMARY KEY, w TEXT, n INT)");
            s.execute("INSERT INTO words (id, w, n) VALUES (1, 'b', 1), (2, 'B', 2), (3, 'a', 3), (4, '_a', 4), (5, 'c', 5)");
            // en-US puts _a, a, b, B; code point order would give B, _a, a, b: refused rather than wrong
            assertThatThrownBy(() -> {
                try (ResultSet rs = s.executeQuery("SELECT w FROM words ORDER BY w")) {
                    while (rs.next()) rs.getString(1);
                }
            }).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class).hasMessageContaining("collation");
            assertThatThrownBy(() -> s.executeQuery("SELECT min(w) FROM words"))
                    .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
            try (ResultSet rs = s.executeQuery("SELECT w, n FROM words ORDER BY n DESC LIMIT 2")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("c");
            }
        }
    }
}
