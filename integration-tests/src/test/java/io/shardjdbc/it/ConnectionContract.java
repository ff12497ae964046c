package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The logical connection as the databases see it: physical sessions are opened lazily and all
 * released on close; session statements reach every shard session; savepoints behave natively on a
 * shard; the JDBC statement protocol that frameworks rely on; many threads at once.
 */
abstract class ConnectionContract extends ShardContract {

    ConnectionContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "conn";
    }

    /** Client sessions the server has open on the databases of {@code set}. */
    private long sessionsOn(ShardDatabases set) throws SQLException {
        String sql = isPostgres()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname LIKE ? AND pid <> pg_backend_pid()"
                : "SELECT COUNT(*) FROM information_schema.processlist WHERE db LIKE ? AND id <> CONNECTION_ID()";
        try (Connection admin = dbs.server().connectAdmin(); PreparedStatement ps = admin.prepareStatement(sql)) {
            ps.setString(1, set.prefix().replace("_", "\\_") + "\\_%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Polls a condition the server reaches asynchronously (a closed session's backend exiting). */
    private static void eventually(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, limit).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private boolean noSessionsOn(ShardDatabases set) {
        try {
            return sessionsOn(set) == 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void physicalSessionsOpenLazilyAndCloseWithTheDataSource() throws Exception {
        // databases of its own, so that no other data source's sessions are counted
        ShardDatabases lazy = ShardDatabases.create(dbs.server(), dbs.prefix() + "_lazy", Schema.SHARDS);
        Schema.create(lazy);
        ShardDataSource own = new ShardDataSource(lazy.writeConfig(Schema.TABLES));
        try {
            try (Connection c = own.getConnection()) {
                assertThat(sessionsOn(lazy)).as("sessions before any statement ran").isZero();
                // a point read needs one shard only
                queryColumn(c, "SELECT name FROM customers WHERE customer_id = ?", 1L);
                assertThat(sessionsOn(lazy)).as("sessions after a one-shard read").isEqualTo(1);
                queryColumn(c, "SELECT name FROM customers WHERE tier = ?", 1);
                assertThat(sessionsOn(lazy)).as("sessions after a scatter read").isBetween(1L, 4L * 2);
                assertThat(c.isValid(2)).as("every shard answers").isTrue();
                c.close();
                c.close(); // idempotent
                assertThat(c.isClosed()).isTrue();
            }
        } finally {
            own.close();
        }
        eventually("every physical session closed after ShardDataSource.close()", Duration.ofSeconds(10), () -> noSessionsOn(lazy));
    }

    @Test
    void sessionStatementsReachEveryShardSession() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            String read;
            if (isPostgres()) {
                st.execute("SET application_name TO 'sjdbc-it-session'");
                read = "SELECT current_setting('application_name')";
            } else {
                st.execute("SET @sjdbc_it = 'sjdbc-it-session'");
                read = "SELECT @sjdbc_it";
            }
            for (int s = 0; s < dbs.size(); s++) {
                assertThat(queryColumn(c, "/* shard: " + name(s) + " */ " + read)).as("on s%d", s).containsExactly("sjdbc-it-session");
            }
        }
        // the setting belonged to that logical connection: the next one does not inherit it from
        // the pooled physical sessions
        try (Connection c = ds.getConnection()) {
            String read = isPostgres() ? "SELECT current_setting('application_name')" : "SELECT @sjdbc_it";
            for (int s = 0; s < dbs.size(); s++) {
                assertThat(queryColumn(c, "/* shard: " + name(s) + " */ " + read)).as("on s%d in a new connection", s)
                        .doesNotContain("sjdbc-it-session");
            }
        }
    }

    @Test
    void savepointsOnOneShardBehaveNatively() throws Exception {
        long first = 50_000, second = 50_001;
        try (Connection c = ds.getConnection()) {
            // keep both rows on one shard: the savepoint is that shard's own
            long other = second;
            while (shardOf("SELECT name FROM customers WHERE customer_id = ?", other) != shardOf("SELECT name FROM customers WHERE customer_id = ?", first)) {
                other++;
            }
            c.setAutoCommit(false);
            executeAll(c, "INSERT INTO customers (customer_id, name, tier) VALUES (" + first + ", 'kept', 0)");
            Savepoint sp = c.setSavepoint("sp1");
            executeAll(c, "INSERT INTO customers (customer_id, name, tier) VALUES (" + other + ", 'undone', 0)");
            assertThat(queryColumn(c, "SELECT name FROM customers WHERE customer_id = ?", other)).containsExactly("undone");
            c.rollback(sp);
            assertThat(queryColumn(c, "SELECT name FROM customers WHERE customer_id = ?", other)).isEmpty();
            c.commit();
            int shard = shardOf("SELECT name FROM customers WHERE customer_id = ?", first);
            assertThat(directColumn(shard, "SELECT name FROM customers WHERE customer_id IN (?, ?)", first, other)).containsExactly("kept");
        }
    }

    @Test
    void statementProtocolThatFrameworksRelyOn() throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThat(st.execute("INSERT INTO customers (customer_id, name, tier) VALUES (60000, 'p', 1), (60001, 'q', 1), (60002, 'r', 1)")).isFalse();
            assertThat(st.getUpdateCount()).isEqualTo(3);
            assertThat(st.getResultSet()).isNull();
            assertThat(st.getMoreResults()).isFalse();
            assertThat(st.getUpdateCount()).isEqualTo(-1);

            assertThat(st.execute("SELECT customer_id, name FROM customers WHERE customer_id IN (60000, 60001, 60002)")).isTrue();
            assertThat(st.getUpdateCount()).isEqualTo(-1);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.getResultSet()) {
                assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
                assertThat(rs.getMetaData().getColumnLabel(2)).isEqualToIgnoringCase("name");
                assertThat(rs.findColumn("NAME")).isEqualTo(2);
                while (rs.next()) {
                    names.add(rs.getString("name"));
                    assertThat(rs.wasNull()).isFalse();
                }
                assertThat(rs.getStatement()).isSameAs(st);
            }
            assertThat(names).containsExactlyInAnyOrder("p", "q", "r");
            assertThat(st.getMoreResults()).isFalse();
            assertThat(st.getUpdateCount()).isEqualTo(-1);

            // name is NOT NULL: the database refuses, and its own integrity SQLState comes through
            SQLException e = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class,
                    () -> st.executeUpdate("UPDATE customers SET name = NULL WHERE customer_id = 60000"));
            assertThat((Throwable) e).isNotNull();
            assertThat(e.getSQLState()).startsWith("23");
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT customer_id, tier FROM customers WHERE customer_id = ?")) {
            assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(1);
            ps.setLong(1, 60001);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject("tier", Integer.class)).isEqualTo(1);
                assertThat(rs.getLong(1)).isEqualTo(60001L);
            }
            assertThat(c.getMetaData().getURL()).startsWith("jdbc:shard:");
        }
    }

    @Test
    void manyThreadsShareTheDataSource() throws Exception {
        int threads = 8, perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = 70_000 + (long) t * perThread;
                results.add(pool.submit(() -> {
                    int found = 0;
                    try (Connection c = ds.getConnection();
                         PreparedStatement ins = c.prepareStatement("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, 2)");
                         PreparedStatement sel = c.prepareStatement("SELECT name FROM customers WHERE customer_id = ?")) {
                        for (long id = base; id < base + perThread; id++) {
                            ins.setLong(1, id);
                            ins.setString(2, "thread-" + id);
                            ins.executeUpdate();
                            sel.setLong(1, id);
                            try (ResultSet rs = sel.executeQuery()) {
                                if (rs.next() && rs.getString(1).equals("thread-" + id)) found++;
                            }
                        }
                    }
                    return found;
                }));
            }
            for (Future<Integer> f : results) assertThat(f.get()).isEqualTo(perThread);
        } finally {
            pool.shutdownNow();
        }
        var where = locate("customers", "customer_id");
        List<String> wrong = new ArrayList<>();
        for (long id = 70_000; id < 70_000 + threads * perThread; id++) {
            int expected = shardOf("SELECT name FROM customers WHERE customer_id = ?", id);
            if (!Integer.valueOf(expected).equals(where.get(id))) wrong.add(id + " on " + where.get(id) + ", routed to s" + expected);
        }
        assertThat(wrong).isEmpty();
    }
}
