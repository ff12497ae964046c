package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.TestServers;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every refusal is a SQLException with a standard SQLState and a message that names what failed,
 * and nothing reaches a shard it should not: unparsable SQL, unknown tables under
 * {@code unknown-tables: reject}, changing a shard key, an unreachable shard, a {@code scatter:
 * reject} table without its key, and multi-shard shapes that need a merge not built yet.
 */
abstract class ErrorsContract extends ShardContract {

    ErrorsContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "err";
    }

    @Override
    protected void load() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (long id = 1; id <= 40; id++) {
                st.executeUpdate("INSERT INTO customers (customer_id, name, tier) VALUES (" + id + ", 'e" + id + "', " + id % 2 + ")");
                st.executeUpdate("INSERT INTO strict_items (item_id, label) VALUES (" + id + ", 'item" + id + "')");
            }
        }
    }

    private static SQLException thrownBy(String what, SqlCall call) {
        SQLException e = catchThrowableOfType(SQLException.class, call::run);
        assertThat((Throwable) e).as("expected a SQLException from %s", what).isNotNull();
        return e;
    }

    @FunctionalInterface
    interface SqlCall {
        void run() throws Exception;
    }

    private SQLException executing(ShardDataSource source, String sql, Object... params) {
        return thrownBy(sql + " " + java.util.Arrays.toString(params), () -> {
            try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
                ps.execute();
            }
        });
    }

    @Test
    void unparsableSqlWithoutAHintIsASyntaxErrorNamingTheStatement() {
        String sql = "SELECT name FROM customers WHERE customer_id = = ?";
        SQLException e = executing(ds, sql, 1L);
        assertThat(e.getSQLState()).as("SQLState of %s", e).startsWith("42");
        assertThat(e.getMessage()).contains("customer_id = = ?");
        assertThat(e.getMessage()).containsAnyOf("line", "column", "position");
    }

    @Test
    void anUnknownTableIsRejectedWhenTheConfigSaysSo() {
        ShardDataSource strict = dataSource(Schema.TABLES + "unknown-tables: reject\n");
        SQLException e = executing(strict, "SELECT * FROM no_such_table WHERE id = ?", 1);
        assertThat(e.getSQLState()).as("SQLState of %s", e).isIn("42S02", "42P01");
        assertThat(e.getMessage()).contains("no_such_table");
        // audit_log exists on s0 but is not listed: rejected as well, before reaching the database
        SQLException unlisted = executing(strict, "INSERT INTO audit_log (note) VALUES ('x')");
        assertThat(unlisted.getSQLState()).isIn("42S02", "42P01");
        assertThat(unlisted.getMessage()).contains("audit_log");
    }

    @Test
    void updatingAShardKeyColumnIsRejected() throws Exception {
        SQLException e = executing(ds, "UPDATE customers SET customer_id = ? WHERE customer_id = ?", 1000L, 1L);
        assertThat(e.getSQLState()).as("SQLState of %s", e).isEqualTo("0AS01");
        assertThat(e.getMessage()).contains("customer_id").contains("customers");
        int shard = shardOf("SELECT name FROM customers WHERE customer_id = ?", 1L);
        assertThat(directColumn(shard, "SELECT name FROM customers WHERE customer_id = 1")).containsExactly("e1");
    }

    @Test
    void anUnreachableShardIsAConnectionErrorNamingIt() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort(); // free once closed: nothing listens there
        }
        List<String> urls = new ArrayList<>(dbs.urls());
        String scheme = isPostgres() ? "jdbc:postgresql" : "jdbc:mysql";
        urls.set(1, scheme + "://127.0.0.1:" + deadPort + "/" + dbs.databases().get(1)
                + (isPostgres() ? "?connectTimeout=2" : "?connectTimeout=2000&allowPublicKeyRetrieval=true&useSSL=false"));
        ShardDataSource broken = dataSource(dbs.writeConfigText(dbs.shardsYaml(urls)
                + "pool: { connection-timeout: 1s }\n" + Schema.TABLES));
        // id 1 of the mod table is on s1, the dead shard; id 0 is on s0, alive
        SQLException e = executing(broken, "SELECT c FROM sbtest WHERE id = ?", 1L);
        assertThat(e.getSQLState()).as("SQLState of %s", e).startsWith("08");
        assertThat(e.getMessage()).contains("s1");
        try (Connection c = broken.getConnection()) {
            assertThat(queryColumn(c, "SELECT c FROM sbtest WHERE id = ?", 0L)).as("a live shard still answers").isEmpty();
        }
    }

    @Test
    void aScatterRejectTableNeedsItsKey() throws Exception {
        SQLException e = executing(ds, "SELECT item_id FROM strict_items WHERE label = ?", "item3");
        assertThat(e.getSQLState()).as("SQLState of %s", e).isNotBlank();
        assertThat(e.getMessage()).contains("strict_items").contains("item_id");
        SQLException update = executing(ds, "UPDATE strict_items SET label = 'x'");
        assertThat(update.getMessage()).contains("strict_items");
        for (int s = 0; s < dbs.size(); s++) {
            assertThat(directColumn(s, "SELECT label FROM strict_items WHERE label = 'x'")).as("nothing updated on s%d", s).isEmpty();
        }
        try (Connection c = ds.getConnection()) {
            assertThat(queryColumn(c, "SELECT label FROM strict_items WHERE item_id = ?", 3L)).containsExactly("item3");
            assertThat(queryColumn(c, "SELECT label FROM strict_items WHERE item_id IN (?, ?)", 3L, 4L)).containsExactlyInAnyOrder("item3", "item4");
        }
    }

    @Test
    void multiShardShapesWithoutACorrectMergeAreRefusedNamingTheShape() {
        // each: the statement, and words of which the message must name one; shapes that merge cannot answer go to
        // federation, which refuses what it cannot compute as the database does, and never takes row locks
        String[][] shapes = {
                {"SELECT customer_id, AVG(tier) OVER (ORDER BY customer_id) FROM customers", "AVG"},
                {"SELECT c.name FROM customers c JOIN orders o ON o.order_id = c.customer_id FOR UPDATE", "row lock"},
                {"SELECT * FROM customers GROUP BY tier", "group"}};
        List<String> wrong = new ArrayList<>();
        for (String[] shape : shapes) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> {
                try (Connection c = ds.getConnection(); Statement st = c.createStatement(); var rs = st.executeQuery(shape[0])) {
                    while (rs.next()) { }
                }
            });
            if (!(e instanceof SQLFeatureNotSupportedException)) {
                wrong.add(shape[0] + ": expected SQLFeatureNotSupportedException, got " + (e == null ? "a result" : e));
            } else if (!"0AS01".equals(e.getSQLState())) {
                wrong.add(shape[0] + ": SQLState " + e.getSQLState() + ", expected 0AS01");
            } else {
                String m = e.getMessage().toLowerCase(java.util.Locale.ROOT);
                boolean named = false;
                for (int i = 1; i < shape.length; i++) named |= m.contains(shape[i].toLowerCase(java.util.Locale.ROOT));
                if (!named) wrong.add(shape[0] + ": message names none of " + List.of(shape).subList(1, shape.length) + ": " + e.getMessage());
            }
        }
        assertThat(wrong).as("multi-shard shapes without a correct merge").isEmpty();
    }

    @Test
    void aQueryTimeoutStopsTheStatementOnEveryShard() throws Exception {
        String tag = "timeout_probe_" + System.nanoTime();
        // every shard sleeps on its first row; the 1 s timeout must end all of them, not only one
        String sleep = "SELECT " + (isPostgres() ? "pg_sleep(30)" : "SLEEP(30)") + ", '" + tag + "' FROM customers LIMIT 1";
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            SQLException e = thrownBy(sleep, () -> {
                try (var rs = st.executeQuery(sleep)) {
                    while (rs.next()) { }
                }
            });
            assertThat(e.getSQLState()).as("SQLState of %s", e).isEqualTo("57014");
            assertThat(e.getMessage()).containsPattern("shard s[0-3]");
            for (int s = 0; s < dbs.size(); s++) {
                String running = isPostgres()
                        ? "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%" + tag + "%' "
                                + "AND query NOT LIKE '%pg_stat_activity%'"
                        : "SELECT count(*) FROM information_schema.processlist WHERE info LIKE '%" + tag + "%' "
                                + "AND info NOT LIKE '%processlist%'";
                assertThat(directLong(s, running)).as("statements still running on s%d", s).isZero();
            }
            // the connection is still usable afterwards
            assertThat(queryColumn(c, "SELECT name FROM customers WHERE customer_id = ?", 3L)).containsExactly("e3");
        }
    }

    @Test
    void singleShardShapesRunNatively() throws Exception {
        // the same shapes pinned to one shard by the key need no merge and just work
        try (Connection c = ds.getConnection()) {
            assertThat(queryColumn(c, "SELECT COUNT(*) FROM customers WHERE customer_id = ?", 7L)).containsExactly(1L);
            assertThat(queryColumn(c, "SELECT name FROM customers WHERE customer_id IN (?) ORDER BY name LIMIT 1", 8L)).containsExactly("e8");
        }
    }
}
