package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.shardctl.ShardCtl;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.strategy.KeyType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drivers whose topology is stale (they read the store only when a write is refused:
 * {@code refresh-interval: 0}) write keys of buckets a move took from their source after the move
 * has deleted the rows there. Their UPDATE and DELETE match no row on the source, so no row trigger
 * sees them; the source refuses them all the same (its fence rows carry the version of the flip),
 * the driver reads the new topology and the write changes the row on the target. In a transaction
 * the refusal is a 40001 whose retry goes to the target; a batch fails as refused, and its retry
 * goes to the target. Databases {@code sjdbc_it_move_stale_<pg|my>_*}.
 */
class StaleDriverTest {
    private static final int BUCKETS = 8;
    private static final int ROWS = 200;

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL"})
    void updateAndDeleteOfAMovedKeyAfterCleanupAreRefusedOnTheSourceAndRunOnTheTarget(Dialect dialect, @TempDir Path dir)
            throws Exception {
        String prefix = "sjdbc_it_move_stale_" + (dialect == Dialect.POSTGRESQL ? "pg" : "my") + "_";
        TestDatabases.Db store = database(dialect, prefix + "store");
        TestDatabases.Db s0 = database(dialect, prefix + "0");
        TestDatabases.Db s1 = database(dialect, prefix + "1");
        try (Connection c = s0.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customer (id BIGINT PRIMARY KEY, v INT NOT NULL)");
            for (int id = 1; id <= ROWS; id++) st.executeUpdate("INSERT INTO customer VALUES (" + id + ", 0)");
        }
        Path config = dir.resolve("shards.yaml");
        Files.writeString(config, "shards:\n" + shard("s0", s0) + shard("s1", s1)
                + "tables:\n  customer: { key: id, strategy: hash, buckets: " + BUCKETS + ", shards: [s0] }\n"
                + "metadata:\n  url: '" + store.url() + (store.url().contains("?") ? "&" : "?") + "user=" + store.user()
                + "&password=" + store.password() + "'\n  refresh-interval: 0\n");
        HashPlacement hash = HashPlacement.initial(false, BUCKETS, KeyType.AUTO, new int[] {0});
        List<Long> moved = new ArrayList<>();
        for (long id = 1; moved.size() < 4; id++) if (hash.bucketOf(id) < 4) moved.add(id);

        try (ShardDataSource updater = new ShardDataSource(config); ShardDataSource deleter = new ShardDataSource(config);
             ShardDataSource inTransaction = new ShardDataSource(config); ShardDataSource batcher = new ShardDataSource(config)) {
            for (ShardDataSource d : List.of(updater, deleter, inTransaction, batcher)) {
                assertThat(count(d, "SELECT COUNT(*) FROM customer")).isEqualTo(ROWS);
            }
            long before = updater.topology().version();
            ctl(config, "move", "buckets", "customer", "0-3", "--to", "s1");
            assertThat(count(s0, "SELECT COUNT(*) FROM customer WHERE id = " + moved.get(0))).as("cleaned up on the source").isZero();
            assertThat(updater.topology().version()).as("the driver has not seen the move").isEqualTo(before);

            try (Connection c = updater.getConnection(); Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("UPDATE customer SET v = 7 WHERE id = " + moved.get(0))).isEqualTo(1);
                assertThat(st.executeUpdate("UPDATE customer SET v = 7 WHERE id = " + (ROWS + 1))).as("a key no shard has").isZero();
            }
            assertThat(updater.topology().version()).isGreaterThan(before);
            assertThat(count(s1, "SELECT v FROM customer WHERE id = " + moved.get(0))).isEqualTo(7);

            try (Connection c = deleter.getConnection(); Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("DELETE FROM customer WHERE id = " + moved.get(1))).isEqualTo(1);
            }
            assertThat(count(s1, "SELECT COUNT(*) FROM customer WHERE id = " + moved.get(1))).isZero();

            try (Connection c = inTransaction.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                assertThatThrownBy(() -> st.executeUpdate("UPDATE customer SET v = 9 WHERE id = " + moved.get(2)))
                        .isInstanceOf(SQLTransactionRollbackException.class)
                        .hasMessageContaining("left shard s0")
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("40001");
                c.rollback();
                assertThat(st.executeUpdate("UPDATE customer SET v = 9 WHERE id = " + moved.get(2))).as("the application's retry").isEqualTo(1);
                c.commit();
            }
            assertThat(count(s1, "SELECT v FROM customer WHERE id = " + moved.get(2))).isEqualTo(9);

            try (Connection c = batcher.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE customer SET v = 5 WHERE id = ?")) {
                ps.setLong(1, moved.get(3));
                ps.addBatch();
                assertThatThrownBy(ps::executeBatch).isInstanceOf(BatchUpdateException.class)
                        .hasMessageContaining("left shard s0").hasMessageContaining("not run again");
                ps.setLong(1, moved.get(3));
                ps.addBatch();
                assertThat(ps.executeBatch()).as("the application's retry of the batch").containsExactly(1);
            }
            assertThat(count(s1, "SELECT v FROM customer WHERE id = " + moved.get(3))).isEqualTo(5);
        }
        assertThat(count(s0, "SELECT COUNT(*) FROM customer WHERE id IN (" + moved.get(0) + ", " + moved.get(1) + ", " + moved.get(2)
                + ", " + moved.get(3) + ")"))
                .as("nothing written to the source").isZero();
    }

    private static TestDatabases.Db database(Dialect dialect, String name) throws SQLException {
        return dialect == Dialect.POSTGRESQL ? TestDatabases.postgres(name) : TestDatabases.mariaDb(name);
    }

    private static String shard(String name, TestDatabases.Db db) {
        return "  " + name + ": { url: '" + db.url() + "', username: " + db.user() + ", password: '" + db.password() + "' }\n";
    }

    private static void ctl(Path config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new))).as(out + "\n" + err)
                .isEqualTo(ShardCtl.OK);
    }

    private static long count(ShardDataSource driver, String sql) throws SQLException {
        try (Connection c = driver.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(TestDatabases.Db db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
