package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.jdbc.ShardConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jdbc:shard: URL forms, overrides, shared runtimes and configuration errors, through DriverManager. */
class DriverTest {
    private static final String CLASSPATH_URL = "jdbc:shard:classpath:shard-jdbc-test.yaml";

    @TempDir
    Path dir;

    @AfterAll
    static void closeRuntimes() throws SQLException {
        ((ShardDriver) DriverManager.getDriver(CLASSPATH_URL)).closeRuntimes();
    }

    @Test
    void theDriverIsRegisteredThroughTheServiceLoaderAndAcceptsOnlyItsUrls() throws SQLException {
        Driver d = DriverManager.getDriver("jdbc:shard:/etc/shards.yaml");
        assertThat(d).isInstanceOf(ShardDriver.class);
        assertThat(d.acceptsURL("jdbc:shard:classpath:x.yaml")).isTrue();
        assertThat(d.acceptsURL("jdbc:postgresql://localhost/db")).isFalse();
        assertThat(d.connect("jdbc:h2:mem:x", new Properties())).as("another driver's URL").isNull();
        assertThat(d.jdbcCompliant()).isFalse();
        assertThat(d.getPropertyInfo(CLASSPATH_URL, new Properties())).extracting(p -> p.name).contains("user", "password");
    }

    @Test
    void aFileUrlWorksAndConnectionsReportIt() throws Exception {
        H2Shards shards = new H2Shards(2);
        Path file = dir.resolve("shards.yaml");
        Files.writeString(file, shards.yaml("  item: { key: id, buckets: 64 }\n"));
        String url = "jdbc:shard:" + file;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(20))");
            s.executeUpdate("INSERT INTO item (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
            assertThat(c.getMetaData().getURL()).isEqualTo(url);
            assertThat(c.getMetaData().getConnection()).isSameAs(c);
        }
        assertThat(shards.count(0, "SELECT COUNT(*) FROM item") + shards.count(1, "SELECT COUNT(*) FROM item")).isEqualTo(4);
        assertThat(shards.count(0, "SELECT COUNT(*) FROM item")).as("the multi-row insert was split").isBetween(1L, 3L);
    }

    @Test
    void aClasspathUrlWorksAndOneUrlSharesOneRuntime() throws SQLException {
        try (Connection a = DriverManager.getConnection(CLASSPATH_URL);
             Connection b = DriverManager.getConnection(CLASSPATH_URL);
             Connection other = DriverManager.getConnection(CLASSPATH_URL + "?transactions=single-shard")) {
            ShardRuntime sa = a.unwrap(ShardRuntime.class);
            assertThat(b.unwrap(ShardRuntime.class)).isSameAs(sa);
            assertThat(other.unwrap(ShardRuntime.class)).isNotSameAs(sa);
            assertThat(sa.config().source()).isEqualTo("classpath:shard-jdbc-test.yaml");
            try (Statement s = a.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS item (id BIGINT PRIMARY KEY, name VARCHAR(20))");
                assertThat(s.executeQuery("SELECT id FROM item WHERE id = 1").next()).isFalse();
            }
        }
    }

    @Test
    void urlQueryAndPropertiesOverrideTheConfig() throws SQLException {
        try (Connection c = DriverManager.getConnection(CLASSPATH_URL + "?transactions=single-shard")) {
            assertThat(c.unwrap(ShardRuntime.class).config().transactions())
                    .isEqualTo(ShardConfig.TransactionMode.SINGLE_SHARD);
        }
        Properties p = new Properties();
        p.setProperty("shards.s1.url", "jdbc:h2:mem:sjdbc_override_s1;DB_CLOSE_DELAY=-1");
        p.setProperty("user", "sa");
        try (Connection c = DriverManager.getConnection(CLASSPATH_URL + "?shards.s1.url=ignored", p)) {
            ShardConfig config = c.unwrap(ShardRuntime.class).config();
            assertThat(config.shards().get("s1").url()).as("properties win over the URL query")
                    .isEqualTo("jdbc:h2:mem:sjdbc_override_s1;DB_CLOSE_DELAY=-1");
            assertThat(config.shards().get("s0").username()).isEqualTo("sa");
        }
    }

    @Test
    void aBadConfigFailsWithTheFileTheKeyAndTheReason() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, new H2Shards(1).yaml("  orders: { key: id, colocate: custmer }\n"));
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:shard:" + file))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("tables.orders.colocate")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
        assertThatThrownBy(() -> DriverManager.getConnection(CLASSPATH_URL + "?bogus=1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("bogus");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:shard:" + dir.resolve("missing.yaml")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("missing.yaml");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:shard:classpath:no-such.yaml"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("no-such.yaml");
    }

    @Test
    void anUnreachableShardFailsWithSqlState08NamingTheShardAndUrlButNotThePassword() throws SQLException {
        H2Shards h2 = new H2Shards(1);
        ShardConfig config = ShardConfig.builder().dialect(io.shardjdbc.config.Dialect.H2).pool(H2Shards.SMALL_POOL)
                .shard("s0", h2.url(0), "sa", "")
                .shard("s1", "jdbc:postgresql://127.0.0.1:1/absent?password=hunter2", "app", "secret")
                .hashTable("item", "id", 64)
                .build();
        h2.on(0, "CREATE TABLE item (id BIGINT PRIMARY KEY)");
        try (ShardDataSource ds = new ShardDataSource(config); Connection c = ds.getConnection()) {
            long onS1 = 1;
            while (ds.explain("SELECT * FROM item WHERE id = ?", onS1).units().get(0).shard() != 1) onS1++;
            PreparedStatement ps = c.prepareStatement("SELECT * FROM item WHERE id = ?");
            ps.setLong(1, onS1);
            assertThatThrownBy(ps::executeQuery)
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("shard s1: cannot connect to jdbc:postgresql://127.0.0.1:1/absent?password=***")
                    .hasMessageContaining("user 'app'")
                    .hasMessageContaining("Check that the database is running")
                    .hasMessageNotContaining("secret")
                    .hasMessageNotContaining("hunter2")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
            // the reachable shard keeps working
            long onS0 = 1;
            while (ds.explain("SELECT * FROM item WHERE id = ?", onS0).units().get(0).shard() != 0) onS0++;
            ps.setLong(1, onS0);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void anApplicationPoolOverTheDriverWorksAsSpringBootConfiguresIt() throws SQLException {
        com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
        hc.setJdbcUrl(CLASSPATH_URL); // spring.datasource.url=jdbc:shard:classpath:...
        hc.setMaximumPoolSize(2);
        hc.setPoolName("app-pool");
        try (com.zaxxer.hikari.HikariDataSource app = new com.zaxxer.hikari.HikariDataSource(hc)) {
            try (Connection c = app.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS item (id BIGINT PRIMARY KEY, name VARCHAR(20))");
                c.setAutoCommit(false);
                s.executeUpdate("DELETE FROM item WHERE id IN (101, 102)");
                s.executeUpdate("INSERT INTO item (id, name) VALUES (101, 'a'), (102, 'b')");
                c.commit();
                assertThat(c.unwrap(ShardConnection.class)).isNotNull();
            }
            try (Connection c = app.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM item WHERE id = 102")) {
                assertThat(c.getAutoCommit()).as("the pool reset the session").isTrue();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("b");
            }
        }
    }
}
