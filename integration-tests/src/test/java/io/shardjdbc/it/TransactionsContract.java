package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Transactions through the driver: with autocommit off, writes on two shards are visible to the
 * transaction's own reads and to nobody else; rollback removes both, commit persists both.
 * {@code transactions: single-shard} refuses the second shard.
 */
abstract class TransactionsContract extends ShardContract {

    TransactionsContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "tx";
    }

    /** Two customer ids from {@code from} on, routed to different shards. */
    private long[] keysOnTwoShards(long from) throws SQLException {
        long a = from;
        int shardA = shardOf("SELECT name FROM customers WHERE customer_id = ?", a);
        for (long b = from + 1; b < from + 1000; b++) {
            if (shardOf("SELECT name FROM customers WHERE customer_id = ?", b) != shardA) return new long[] {a, b};
        }
        throw new AssertionError("no two keys on different shards from " + from);
    }

    private void insertCustomer(Connection c, long id, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, 0)")) {
            ps.setLong(1, id);
            ps.setString(2, name);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private List<Object> namesThroughDriver(Connection c, long id) throws SQLException {
        return queryColumn(c, "SELECT name FROM customers WHERE customer_id = ?", id);
    }

    private List<Object> namesOnShard(long id) throws SQLException {
        return directColumn(shardOf("SELECT name FROM customers WHERE customer_id = ?", id), "SELECT name FROM customers WHERE customer_id = ?", id);
    }

    @Test
    void rollbackRemovesTheWritesOfBothShards() throws Exception {
        long[] k = keysOnTwoShards(1_000);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insertCustomer(c, k[0], "tx-a");
            insertCustomer(c, k[1], "tx-b");
            // the transaction reads its own writes ...
            assertThat(namesThroughDriver(c, k[0])).containsExactly("tx-a");
            assertThat(namesThroughDriver(c, k[1])).containsExactly("tx-b");
            assertThat(sortedIds(queryColumn(c, "SELECT customer_id FROM customers WHERE customer_id IN (?, ?)", k[0], k[1])))
                    .containsExactly(Math.min(k[0], k[1]), Math.max(k[0], k[1]));
            // ... which nobody else sees before commit
            assertThat(namesOnShard(k[0])).isEmpty();
            assertThat(namesOnShard(k[1])).isEmpty();
            c.rollback();
            assertThat(namesThroughDriver(c, k[0])).isEmpty();
            assertThat(namesThroughDriver(c, k[1])).isEmpty();
        }
        Map<Object, Integer> where = locate("customers", "customer_id");
        assertThat(where).doesNotContainKeys(k[0], k[1]);
    }

    @Test
    void commitPersistsTheWritesOfBothShards() throws Exception {
        long[] k = keysOnTwoShards(2_000);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insertCustomer(c, k[0], "tx-c");
            insertCustomer(c, k[1], "tx-d");
            assertThat(namesOnShard(k[0])).isEmpty();
            c.commit();
        }
        assertThat(namesOnShard(k[0])).containsExactly("tx-c");
        assertThat(namesOnShard(k[1])).containsExactly("tx-d");
        try (Connection c = ds.getConnection()) {
            assertThat(namesThroughDriver(c, k[0])).containsExactly("tx-c");
            assertThat(namesThroughDriver(c, k[1])).containsExactly("tx-d");
        }
    }

    @Test
    void rollbackRestoresUpdatedAndDeletedRows() throws Exception {
        long[] k = keysOnTwoShards(3_000);
        try (Connection c = ds.getConnection()) {
            insertCustomer(c, k[0], "before-a");
            insertCustomer(c, k[1], "before-b");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE customers SET name = ? WHERE customer_id = ?")) {
                ps.setString(1, "after-a");
                ps.setLong(2, k[0]);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customers WHERE customer_id = ?")) {
                ps.setLong(1, k[1]);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(namesThroughDriver(c, k[0])).containsExactly("after-a");
            assertThat(namesThroughDriver(c, k[1])).isEmpty();
            c.rollback();
            c.setAutoCommit(true);
        }
        assertThat(namesOnShard(k[0])).containsExactly("before-a");
        assertThat(namesOnShard(k[1])).containsExactly("before-b");
    }

    @Test
    void closingAConnectionWithAnOpenTransactionDiscardsIt() throws Exception {
        long[] k = keysOnTwoShards(4_000);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insertCustomer(c, k[0], "abandoned");
            insertCustomer(c, k[1], "abandoned");
            // closed without commit: JDBC leaves commit-or-rollback on close to the driver; the pools
            // behind the driver (and a user's expectation) say roll back, and never half of it
        }
        assertThat(namesOnShard(k[0])).isEmpty();
        assertThat(namesOnShard(k[1])).isEmpty();
    }

    @Test
    void singleShardModeRefusesASecondShard() throws Exception {
        ShardDataSource single = dataSource(Schema.TABLES + "transactions: single-shard\n");
        long[] k = keysOnTwoShards(5_000);
        try (Connection c = single.getConnection()) {
            c.setAutoCommit(false);
            insertCustomer(c, k[0], "single-a");
            assertThatThrownBy(() -> insertCustomer(c, k[1], "single-b"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("single-shard");
            c.rollback();
        }
        assertThat(namesOnShard(k[0])).isEmpty();
        assertThat(namesOnShard(k[1])).isEmpty();
        // a single-shard transaction works as usual
        try (Connection c = single.getConnection()) {
            c.setAutoCommit(false);
            insertCustomer(c, k[0], "single-a");
            assertThat(namesThroughDriver(c, k[0])).containsExactly("single-a");
            c.commit();
        }
        assertThat(namesOnShard(k[0])).containsExactly("single-a");
    }

    @Test
    void aShardLostBeforeCommitIsNamedAndNeverSilentlyHalfCommitted() throws Exception {
        long[] k = keysOnTwoShards(6_000);
        int a = shardOf("SELECT name FROM customers WHERE customer_id = ?", k[0]);
        int b = shardOf("SELECT name FROM customers WHERE customer_id = ?", k[1]);
        SQLException e;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insertCustomer(c, k[0], "lost-a");
            insertCustomer(c, k[1], "lost-b");
            killSessionInTransaction(b);
            e = org.assertj.core.api.Assertions.catchThrowableOfType(SQLException.class, c::commit);
            assertThat((Throwable) e).as("commit with shard s%d gone", b).isNotNull();
        }
        assertThat(e.getMessage()).as("the failed shard is named").contains(name(b));
        assertThat(namesOnShard(k[1])).as("the killed session's write").isEmpty();
        if (!namesOnShard(k[0]).isEmpty()) {
            // s<a> committed before s<b> failed: the error must say so, it is not a clean rollback
            assertThat(e.getMessage()).as("a partial commit names the committed shard").contains(name(a));
        }
        try (Connection c = ds.getConnection()) {
            insertCustomer(c, k[1], "after");
            assertThat(namesThroughDriver(c, k[1])).as("the shard is usable again").containsExactly("after");
        }
    }

    /** Ends, from outside, the one session on shard {@code shard}'s database that has an open transaction. */
    private void killSessionInTransaction(int shard) throws SQLException {
        String db = dbs.databases().get(shard);
        try (Connection admin = dbs.server().connectAdmin()) {
            if (isPostgres()) {
                List<List<Object>> killed = new java.util.ArrayList<>();
                try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = ? AND state = 'idle in transaction'")) {
                    ps.setString(1, db);
                    try (var rs = ps.executeQuery()) {
                        killed.addAll(rows(rs));
                    }
                }
                assertThat(killed).as("sessions in a transaction on %s", db).containsExactly(List.of(true));
            } else {
                List<Object> ids = new java.util.ArrayList<>();
                try (PreparedStatement ps = admin.prepareStatement("SELECT p.id FROM information_schema.innodb_trx t "
                        + "JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id WHERE p.db = ?")) {
                    ps.setString(1, db);
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) ids.add(rs.getLong(1));
                    }
                }
                assertThat(ids).as("sessions in a transaction on %s", db).hasSize(1);
                try (var st = admin.createStatement()) {
                    st.execute("KILL " + ids.get(0));
                }
            }
        }
    }

    private static List<Long> sortedIds(List<Object> ids) {
        return ids.stream().map(v -> ((Number) v).longValue()).sorted().toList();
    }
}
