package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.shardjdbc.jdbc.ShardConnection;
import io.shardjdbc.route.RoutePlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The logical connection: lazy physical connections, session state, the shard hint API, releasing everything. */
class ConnectionTest {
    private H2Shards shards;
    private ShardDataSource ds;

    @BeforeEach
    void setUp() throws SQLException {
        shards = new H2Shards(2);
        shards.onEach("CREATE TABLE memo (id INT PRIMARY KEY, body VARCHAR(20))",
                "CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(50))");
        ds = new ShardDataSource(shards.builder().hashTable("item", "id", 64).build());
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    private HikariPoolMXBean pool(int shard) {
        return ds.runtime().pools().stats(shard);
    }

    @Test
    void physicalConnectionsAreTakenOnlyForShardsTheSessionTouches() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(pool(0)).as("no pool before any statement").isNull();
            ResultSet rs = s.executeQuery("SELECT * FROM memo");
            assertThat(pool(0).getActiveConnections()).as("held while its result set is open").isEqualTo(1);
            assertThat(pool(1)).as("s1 untouched").isNull();
            rs.close();
            assertThat(pool(0).getActiveConnections()).as("auto-commit: back in the pool once the results are done").isZero();
            s.executeUpdate("INSERT INTO memo VALUES (1, 'a')");
            assertThat(pool(0).getActiveConnections()).as("after an update").isZero();
        }
    }

    @Test
    void aTransactionHoldsItsShardConnectionsUntilItEnds() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO memo VALUES (2, 'b')");
            s.executeQuery("SELECT * FROM memo").close();
            assertThat(pool(0).getActiveConnections()).as("the transaction's connection").isEqualTo(1);
            c.commit();
            assertThat(pool(0).getActiveConnections()).as("after commit").isZero();
            s.executeUpdate("INSERT INTO memo VALUES (3, 'c')");
            c.rollback();
            assertThat(pool(0).getActiveConnections()).as("after rollback").isZero();
        }
    }

    @Test
    void sessionSqlKeepsTheConnectionsThatCarryIt() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET LOCK_TIMEOUT 1234");
            s.executeQuery("SELECT * FROM memo").close();
            assertThat(pool(0).getActiveConnections()).as("a SET the pool cannot undo").isEqualTo(1);
        }
        assertThat(pool(0).getActiveConnections()).as("evicted when the logical connection closes").isZero();
    }

    @Test
    void closeReturnsEveryPhysicalConnectionAndClosesStatementsAndResults() throws SQLException {
        Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM item"); // every shard
        var ps = c.prepareStatement("SELECT body FROM memo WHERE id = ?");
        ps.setInt(1, 1);
        ps.executeQuery();
        assertThat(pool(0).getActiveConnections()).isEqualTo(1);
        assertThat(pool(1).getActiveConnections()).isEqualTo(1);
        c.close();
        assertThat(pool(0).getActiveConnections()).isZero();
        assertThat(pool(1).getActiveConnections()).isZero();
        assertThat(s.isClosed()).isTrue();
        assertThat(ps.isClosed()).isTrue();
        assertThat(rs.isClosed()).isTrue();
        assertThat(c.isValid(1)).isFalse();
    }

    @Test
    void shardHintRunsStatementsUnchangedOnTheNamedShard() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            ShardConnection sc = c.unwrap(ShardConnection.class);
            sc.setShardHint("s1");
            assertThat(sc.explain("INSERT INTO memo (id, body) VALUES (1, 'x')").units().get(0).shardName()).isEqualTo("s1");
            s.executeUpdate("INSERT INTO memo (id, body) VALUES (1, 'on s1')");
            sc.clearShardHint();
            s.executeUpdate("INSERT INTO memo (id, body) VALUES (2, 'on s0')");
            assertThatThrownBy(() -> sc.setShardHint("s9"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("s9")
                    .hasMessageContaining("[s0, s1]");
        }
        assertThat(shards.count(1, "SELECT COUNT(*) FROM memo WHERE body = 'on s1'")).isEqualTo(1);
        assertThat(shards.count(0, "SELECT COUNT(*) FROM memo WHERE body = 'on s0'")).isEqualTo(1);
        assertThat(shards.count(0, "SELECT COUNT(*) FROM memo")).isEqualTo(1);
    }

    @Test
    void sessionStatementsReachShardsOpenedLaterAndSuchConnectionsLeaveThePool() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            RoutePlan plan = c.unwrap(ShardConnection.class).explain("SET @answer = 42");
            assertThat(plan.kind()).isEqualTo(io.shardjdbc.sql.StatementKind.SESSION);
            s.execute("SET @answer = 42");
            try (ResultSet rs = s.executeQuery("/* shard: s1 */ SELECT @answer")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("replayed on s1, opened after the SET").isEqualTo(42);
            }
            try (ResultSet rs = s.executeQuery("/* shard: s0 */ SELECT @answer")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
        // a connection changed by session SQL is not handed to the next borrower
        assertThat(pool(0).getTotalConnections()).isZero();
        assertThat(pool(1).getTotalConnections()).isZero();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("/* shard: s1 */ SELECT @answer")) {
            rs.next();
            assertThat(rs.getObject(1)).isNull();
        }
        assertThat(pool(1).getTotalConnections()).as("an unchanged connection goes back to the pool").isEqualTo(1);
    }

    @Test
    void sessionSettingsApplyToPhysicalConnectionsOpenedLater() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setReadOnly(true);
            ShardConnection sc = c.unwrap(ShardConnection.class);
            sc.setShardHint("s1");
            JdbcConnection s1 = c.unwrap(JdbcConnection.class);
            assertThat(s1.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(s1.getTransactionIsolation()).as("applied to open connections too").isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(c.isReadOnly()).isTrue();
        }
    }

    @Test
    void metadataBelongsToTheLogicalConnection() throws SQLException {
        try (Connection c = ds.getConnection()) {
            var md = c.getMetaData();
            assertThat(md.getConnection()).isSameAs(c);
            assertThat(md.getURL()).as("a data source built in Java has no jdbc:shard URL").isNull();
            try (ResultSet tables = md.getTables(null, null, "MEMO", null)) {
                assertThat(tables.next()).isTrue();
            }
        }
    }

    @Test
    void shardPropertiesReachThePhysicalDriver() throws SQLException {
        H2Shards other = new H2Shards(1);
        io.shardjdbc.config.ShardConfig config = io.shardjdbc.config.ShardConfig.builder()
                .dialect(io.shardjdbc.config.Dialect.H2)
                .shard(new io.shardjdbc.config.ShardSpec("s0", other.url(0), "sa", "",
                        java.util.Map.of("MODE", "PostgreSQL"), H2Shards.SMALL_POOL, java.util.List.of()))
                .build();
        try (ShardDataSource withProps = new ShardDataSource(config); Connection c = withProps.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("/* shard: s0 */ SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'MODE'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("PostgreSQL");
        }
    }
}
