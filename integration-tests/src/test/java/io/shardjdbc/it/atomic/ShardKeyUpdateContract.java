package io.shardjdbc.it.atomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UPDATEs that change a shard key under {@code transactions: atomic}: the rows move to the new key's
 * shard whole (deleted on the old one, inserted on the new one, in one two-phase transaction) with the
 * right update count — one row, several rows, a WHERE not on the key, inside a larger transaction that
 * rolls back, and 8 threads moving the same rows at once (none lost or duplicated). Under best-effort
 * the statement is refused, naming {@code transactions: atomic}.
 * Placement: {@code accounts} by id % 3, {@code orders} by customer_id % 3 (0 on s0, 1 on s1, 2 on s2).
 */
abstract class ShardKeyUpdateContract extends AtomicContract {
    private ShardDataSource ds;

    ShardKeyUpdateContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    String concern() {
        return "keys";
    }

    @BeforeAll
    void setUp() throws Exception {
        ds = shards.dataSource("");
    }

    @AfterEach
    void nothingLeftPrepared() throws Exception {
        assertThat(shards.preparedBranches()).isEmpty();
    }

    @Test
    void aRowWhoseKeyChangesMovesWholeToTheNewKeysShard() throws Exception {
        try (Connection c = ds.getConnection()) {
            AtomicShards.insert(c, 1, "moved", 41); // s1
            assertThat(update(c, "UPDATE accounts SET id = ?, balance = balance + 1 WHERE id = ?", 3L, 1L)).isEqualTo(1);
        }
        assertThat(shards.rowsOn(1, "id = 1")).isZero();
        assertThat(shards.balanceOn(0, 3)).isEqualTo(42);
        assertThat(shards.rowsOn(0, "id = 3 AND owner = 'moved'")).isEqualTo(1);
    }

    @Test
    void severalRowsMoveAndTheCountSaysHowManyChanged() throws Exception {
        try (Connection c = ds.getConnection()) {
            insertOrder(c, 100, 4, "open"); // s1
            insertOrder(c, 101, 4, "open");
            insertOrder(c, 102, 4, "done");
            assertThat(update(c, "UPDATE orders SET customer_id = ? WHERE customer_id = ?", 8L, 4L)).isEqualTo(3);
        }
        assertThat(shards.rowsOn(1, "orders", "order_id IN (100, 101, 102)")).isZero();
        assertThat(shards.rowsOn(2, "orders", "customer_id = 8 AND order_id IN (100, 101, 102)")).isEqualTo(3);
    }

    @Test
    void aWhereNotOnTheKeyFindsRowsOnEveryShardAndMovesThoseNotYetThere() throws Exception {
        try (Connection c = ds.getConnection()) {
            insertOrder(c, 200, 10, "lost"); // s1
            insertOrder(c, 201, 11, "lost"); // s2
            insertOrder(c, 202, 12, "lost"); // s0: stays
            insertOrder(c, 203, 13, "kept"); // s1: not matched
            assertThat(update(c, "UPDATE orders SET customer_id = 15, note = 'regrouped' WHERE status = 'lost'")).isEqualTo(3);
        }
        assertThat(shards.rowsOn(0, "orders", "customer_id = 15 AND note = 'regrouped'")).isEqualTo(3);
        assertThat(shards.rowsOn(1, "orders", "order_id = 200") + shards.rowsOn(2, "orders", "order_id = 201")).isZero();
        assertThat(shards.rowsOn(1, "orders", "order_id = 203 AND customer_id = 13")).isEqualTo(1);
    }

    @Test
    void insideALargerTransactionARollbackPutsEverythingBack() throws Exception {
        try (Connection c = ds.getConnection()) {
            AtomicShards.insert(c, 301, "stay", 5); // s1
            c.setAutoCommit(false);
            AtomicShards.insert(c, 302, "new", 1); // s2
            assertThat(update(c, "UPDATE accounts SET id = ? WHERE id = ?", 300L, 301L)).isEqualTo(1);
            assertThat(ids(c, "SELECT id FROM accounts WHERE owner = 'stay'")).containsExactly(300L); // the transaction sees its move
            c.rollback();
            assertThat(ids(c, "SELECT id FROM accounts WHERE owner IN ('stay', 'new')")).containsExactly(301L);
        }
        assertThat(shards.rowsOn(1, "id = 301")).isEqualTo(1);
        assertThat(shards.rowsOn(0, "id = 300") + shards.rowsOn(2, "id = 302")).isZero();
    }

    @Test
    void outsideAtomicTransactionsTheUpdateIsRefusedNamingTheMode() throws Exception {
        try (ShardDataSource bestEffort = new ShardDataSource(shards.dbs.writeConfig(
                AtomicShards.TABLES.replace("transactions: atomic", "transactions: best-effort")));
             Connection c = bestEffort.getConnection()) {
            AtomicShards.insert(c, 401, "x", 1); // s2
            assertThatThrownBy(() -> update(c, "UPDATE accounts SET id = ? WHERE id = ?", 402L, 401L))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("transactions: atomic")
                    .hasMessageContaining("accounts").hasMessageContaining("id");
        }
        assertThat(shards.rowsOn(2, "id = 401")).isEqualTo(1);
    }

    @Test
    void eightThreadsMovingAndReadingTheSameRowsLoseAndDuplicateNothing() throws Exception {
        int items = 8;
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < items; i++) AtomicShards.insert(c, 1000 + i, "item" + i, i);
        }
        int threads = 8;
        int movesPerThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            results.add(pool.submit(() -> {
                int moved = 0;
                try (Connection c = ds.getConnection()) {
                    for (int m = 0; m < movesPerThread; m++) {
                        String owner = "item" + ThreadLocalRandom.current().nextInt(items);
                        long newId = 100_000L + (long) thread * 1_000 + m; // unique: no two moves pick the same key
                        try {
                            moved += (int) update(c, "UPDATE accounts SET id = ? WHERE owner = ?", newId, owner);
                            ids(c, "SELECT id FROM accounts WHERE owner = '" + owner + "'");
                        } catch (SQLException e) {
                            if (!retryable(e)) throw e;
                        }
                    }
                }
                return moved;
            }));
        }
        pool.shutdown();
        int moved = 0;
        for (Future<Integer> f : results) moved += f.get(5, TimeUnit.MINUTES);
        assertThat(moved).as("moves that changed a row").isPositive();
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < items; i++) {
                List<Long> where = ids(c, "SELECT id FROM accounts WHERE owner = 'item" + i + "'");
                assertThat(where).as("item%d", i).hasSize(1);
                long id = where.get(0);
                assertThat(shards.rowsOn((int) (id % 3), "id = " + id + " AND owner = 'item" + i + "' AND balance = " + i))
                        .as("item%d on the shard of its id %d", i, id).isEqualTo(1);
            }
        }
        long total = 0;
        for (int s = 0; s < AtomicShards.SHARDS; s++) total += shards.rowsOn(s, "owner LIKE 'item%'");
        assertThat(total).isEqualTo(items);
    }

    /** Lock conflicts between the movers: deadlocks and serialization failures roll the move back whole. */
    private static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("40") || s.getErrorCode() == 1213 || s.getErrorCode() == 1614)) return true;
        }
        return false;
    }

    private static long update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeLargeUpdate();
        }
    }

    private static List<Long> ids(Connection c, String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    private static void insertOrder(Connection c, long order, long customer, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id, customer_id, status) VALUES (?, ?, ?)")) {
            ps.setLong(1, order);
            ps.setLong(2, customer);
            ps.setString(3, status);
            ps.executeUpdate();
        }
    }
}
