package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.jdbc.ShardConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * What frameworks and pools do with the driver: a pool over {@code jdbc:shard:} keeps its connection when the driver
 * refuses a statement; a prepared session statement (as Flyway sends on MySQL/MariaDB) is bound on every shard;
 * {@code INSERT/UPDATE/DELETE ... RETURNING} returns its rows through {@code executeQuery} and {@code execute}.
 */
abstract class FrameworksContract extends ShardContract {

    FrameworksContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "fw";
    }

    @Test
    void aRefusalInsideATransactionKeepsThePooledConnectionAndItsMessage() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(ShardDatabases.driverUrl(dbs.writeConfig(Schema.TABLES)));
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ShardConnection before;
            try (Connection c = pool.getConnection()) {
                before = c.unwrap(ShardConnection.class);
                c.setAutoCommit(false);
                executeAll(c, "INSERT INTO customers (customer_id, name, tier) VALUES (70001, 'refused-tx', 1)");
                SQLException refused = catchThrowableOfType(SQLException.class,
                        () -> executeAll(c, "UPDATE customers SET customer_id = customer_id + 1 WHERE customer_id = 70001"));
                assertThat(refused.getSQLState()).isEqualTo("0AS01");
                assertThat(refused.getMessage()).contains("customer_id").contains("computed value");
                // the transaction is still the application's to end
                c.rollback();
                assertThat(queryColumn(c, "SELECT name FROM customers WHERE customer_id = ?", 70001L)).isEmpty();
            }
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).as("connections the pool holds").isEqualTo(1);
            try (Connection again = pool.getConnection()) {
                assertThat(again.unwrap(ShardConnection.class)).as("the pool's connection after the refusal").isSameAs(before);
            }
        }
    }

    @Test
    void aPreparedSessionStatementIsBoundOnEveryShardAndOnShardsOpenedLater() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false); // the shard connections stay with the transaction: s0 is open before the SET, s1-s3 open after it
            queryColumn(c, "/* shard: s0 */ SELECT 1");
            if (isPostgres()) {
                // PostgreSQL takes no parameters in SET: the server refuses it, through the driver as through PgJDBC
                try (PreparedStatement ps = c.prepareStatement("SET application_name = ?")) {
                    ps.setString(1, "fw-prepared");
                    assertThat(catchThrowableOfType(SQLException.class, ps::execute).getSQLState()).isEqualTo("42601");
                }
                c.rollback();
                // set_config is its prepared form
                try (PreparedStatement ps = c.prepareStatement("/* shard: s0 */ SELECT set_config('application_name', ?, false)")) {
                    ps.setString(1, "fw-prepared");
                    ps.executeQuery().close();
                }
                assertThat(queryColumn(c, "/* shard: s0 */ SELECT current_setting('application_name')")).containsExactly("fw-prepared");
                c.rollback();
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("SET foreign_key_checks=?, sql_safe_updates=?")) {
                ps.setInt(1, 0);
                ps.setInt(2, 1);
                assertThat(ps.execute()).isFalse();
            }
            for (int s = 0; s < dbs.size(); s++) {
                assertThat(query(c, "/* shard: " + name(s) + " */ SELECT @@foreign_key_checks, @@sql_safe_updates"))
                        .as("session variables on s%d", s).containsExactly(List.of(0L, 1L));
            }
            // the same text with other values replaces the first one: every shard has the last values
            c.commit();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("SET foreign_key_checks=?, sql_safe_updates=?")) {
                ps.setInt(1, 1);
                ps.setInt(2, 0);
                ps.execute();
            }
            for (int s = 0; s < dbs.size(); s++) {
                assertThat(query(c, "/* shard: " + name(s) + " */ SELECT @@foreign_key_checks, @@sql_safe_updates"))
                        .as("session variables on s%d after the second SET", s).containsExactly(List.of(1L, 0L));
            }
        }
    }

    @Test
    void insertReturningGivesItsRowsThroughExecuteQueryAndExecute() throws Exception {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, 2) RETURNING customer_id, name")) {
                ps.setLong(1, 71001);
                ps.setString(2, "returned");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rows(rs)).containsExactly(List.of(71001L, "returned"));
                }
            }
            // several shards' rows: each shard returns its own
            try (Statement st = c.createStatement()) {
                assertThat(st.execute("INSERT INTO customers (customer_id, name, tier) VALUES (71002, 'a', 2), (71003, 'b', 2),"
                        + " (71004, 'c', 2), (71005, 'd', 2) RETURNING customer_id")).isTrue();
                try (ResultSet rs = st.getResultSet()) {
                    assertThat(rows(rs)).extracting(r -> r.get(0)).containsExactlyInAnyOrder(71002L, 71003L, 71004L, 71005L);
                }
            }
            // what JdbcTemplate.queryForObject and jOOQ's returning() send
            Long id = new JdbcTemplate(new SingleConnectionDataSource(c, true)).queryForObject(
                    "INSERT INTO customers (customer_id, name, tier) VALUES (71006, 'template', 2) RETURNING customer_id", Long.class);
            assertThat(id).isEqualTo(71006L);
            if (isPostgres()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE customers SET tier = 3 WHERE customer_id = ? RETURNING tier")) {
                    ps.setLong(1, 71001);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rows(rs)).containsExactly(List.of(3L));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customers WHERE customer_id = ? RETURNING name")) {
                ps.setLong(1, 71002);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rows(rs)).containsExactly(List.of("a"));
                }
            }
            // a write that returns no rows is still refused by executeQuery, before it runs
            SQLException noRows = catchThrowableOfType(SQLException.class, () -> {
                try (Statement st = c.createStatement()) {
                    st.executeQuery("INSERT INTO customers (customer_id, name, tier) VALUES (71007, 'no rows', 2)");
                }
            });
            assertThat(noRows.getSQLState()).isEqualTo("07000");
        }
        assertThat(locate("customers", "customer_id")).containsKeys(71001L, 71003L, 71004L, 71005L, 71006L)
                .doesNotContainKeys(71002L, 71007L);
        int shard = shardOf("SELECT name FROM customers WHERE customer_id = ?", 71001L);
        assertThat(directColumn(shard, "SELECT tier FROM customers WHERE customer_id = 71001")).containsExactly(isPostgres() ? 3L : 2L);
    }
}
