package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.strategy.KeyType;
import io.shardjdbc.topology.Fence;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fence inside the source database: once a unit has a fence row, every INSERT, UPDATE and DELETE
 * of its rows fails with SQLState 55S01 and a message naming the table, the unit and the move, from
 * any client; rows of other units and the move engine's own (bypassing) session write as before; the
 * unit the trigger computes in SQL is the bucket the driver computes in Java. Databases
 * {@code sjdbc_it_move_fence_*}.
 */
class FenceTest {
    private static final int BUCKETS = 16;

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL"})
    void aFencedUnitRefusesEveryWriteAndOtherUnitsWriteOn(Dialect dialect) throws Exception {
        try (Connection c = open(dialect, "fence"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(40))");
            for (String sql : Fence.install(dialect, "orders", "id", new Fence.UnitFunction.Bucket(false, BUCKETS))) st.execute(sql);
            for (long id = 1; id <= 40; id++) st.executeUpdate("INSERT INTO orders VALUES (" + id + ", 'a')");

            HashPlacement hash = HashPlacement.initial(false, BUCKETS, KeyType.AUTO, new int[] {0});
            int frozen = hash.bucketOf(7L);
            long other = 1;
            while (hash.bucketOf(other) == frozen) other++;
            long newInUnit = 41;
            while (hash.bucketOf(newInUnit) != frozen) newInUnit++;
            st.executeUpdate("INSERT INTO " + Fence.TABLE + " (tbl, unit, move_id) VALUES ('orders', '" + frozen + "', 'm42')");

            for (String write : new String[] {"INSERT INTO orders VALUES (" + newInUnit + ", 'b')",
                    "UPDATE orders SET item = 'c' WHERE id = 7", "DELETE FROM orders WHERE id = 7"}) {
                assertThatThrownBy(() -> st.executeUpdate(write)).as(write)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo(Fence.SQLSTATE);
                            assertThat(Fence.refused(e)).isTrue();
                            assertThat(e.getMessage()).contains(Fence.MESSAGE_PREFIX + " table orders, unit " + frozen)
                                    .contains("move m42");
                        });
            }
            assertThat(st.executeUpdate("UPDATE orders SET item = 'd' WHERE id = " + other)).isEqualTo(1);
            assertThat(st.executeUpdate("DELETE FROM orders WHERE id = " + other)).isEqualTo(1);

            st.execute(Fence.bypass(dialect));
            assertThat(st.executeUpdate("DELETE FROM orders WHERE id = 7")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL"})
    void theBucketInSqlIsTheDriversBucket(Dialect dialect) throws Exception {
        try (Connection c = open(dialect, "bucket"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE k (id BIGINT PRIMARY KEY, name VARCHAR(40))");
            for (long id = -50; id <= 300; id += 7) st.executeUpdate("INSERT INTO k VALUES (" + id + ", 'key-" + id + "')");
            for (boolean mod : new boolean[] {false, true}) {
                HashPlacement byId = HashPlacement.initial(mod, 1024, KeyType.AUTO, new int[] {0});
                HashPlacement byName = HashPlacement.initial(false, 1024, KeyType.AUTO, new int[] {0});
                try (ResultSet rs = st.executeQuery("SELECT id, name, " + Fence.unitSql(dialect, "id", new Fence.UnitFunction.Bucket(mod, 1024))
                        + ", " + Fence.bucketSql(dialect, "name", false, 1024) + " FROM k")) {
                    while (rs.next()) {
                        assertThat(rs.getString(3)).as("id " + rs.getLong(1)).isEqualTo(String.valueOf(byId.bucketOf(rs.getLong(1))));
                        assertThat(rs.getLong(4)).isEqualTo(byName.bucketOf(rs.getString(2)));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL"})
    void installingTwiceAndUninstallingLeaveOrdinaryWrites(Dialect dialect) throws Exception {
        try (Connection c = open(dialect, "again"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (k VARCHAR(20) PRIMARY KEY)");
            for (int i = 0; i < 2; i++) {
                for (String sql : Fence.install(dialect, "t", "k", new Fence.UnitFunction.Key())) st.execute(sql);
            }
            st.executeUpdate("INSERT INTO " + Fence.TABLE + " (tbl, unit, move_id) VALUES ('t', 'acme', 'm1')");
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO t VALUES ('acme')"))
                    .satisfies(e -> assertThat(Fence.refused(e)).isTrue());
            st.executeUpdate("INSERT INTO t VALUES ('other')");
            for (String sql : Fence.uninstall(dialect, "t")) st.execute(sql);
            assertThat(st.executeUpdate("INSERT INTO t VALUES ('acme')")).isEqualTo(1);
        }
    }

    /**
     * PostgreSQL: a REPEATABLE READ transaction that began before the fence reads the fence table as
     * it was then, yet its write of a frozen unit is refused (the epoch the fence advanced is read
     * outside its snapshot); a transaction begun after the fence writes other units as before.
     */
    @Test
    void aTransactionOlderThanTheFenceIsRefusedToo() throws Exception {
        TestDatabases.Db db = TestDatabases.postgres("sjdbc_it_move_fence_epoch");
        try (Connection c = db.connect(); Statement st = c.createStatement(); Connection old = db.connect()) {
            st.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(40))");
            for (String sql : Fence.install(Dialect.POSTGRESQL, "orders", "id", new Fence.UnitFunction.Bucket(false, BUCKETS))) st.execute(sql);
            HashPlacement hash = HashPlacement.initial(false, BUCKETS, KeyType.AUTO, new int[] {0});
            int frozen = hash.bucketOf(7L);
            long other = 1;
            while (hash.bucketOf(other) == frozen) other++;

            old.setAutoCommit(false);
            old.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement o = old.createStatement(); ResultSet rs = o.executeQuery("SELECT count(*) FROM " + Fence.TABLE)) {
                rs.next(); // the snapshot is taken: no fence yet
            }
            c.setAutoCommit(false);
            st.execute(Fence.advanceEpoch());
            st.executeUpdate("INSERT INTO " + Fence.TABLE + " (tbl, unit, move_id) VALUES ('orders', '" + frozen + "', 'm7')");
            c.commit();
            c.setAutoCommit(true);

            try (Statement o = old.createStatement()) {
                assertThatThrownBy(() -> o.executeUpdate("INSERT INTO orders VALUES (7, 'late')"))
                        .satisfies(e -> assertThat(Fence.refused(e)).isTrue())
                        .hasMessageContaining("frozen after this transaction began");
            }
            old.rollback();
            assertThat(st.executeUpdate("INSERT INTO orders VALUES (" + other + ", 'fresh')")).isEqualTo(1);
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO orders VALUES (7, 'fresh')"))
                    .satisfies(e -> assertThat(Fence.refused(e)).isTrue());
        }
    }

    private static Connection open(Dialect dialect, String name) throws SQLException {
        TestDatabases.Db db = dialect == Dialect.POSTGRESQL ? TestDatabases.postgres("sjdbc_it_move_fence_" + name)
                : TestDatabases.mariaDb("sjdbc_it_move_fence_" + name);
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password());
        return DriverManager.getConnection(db.url(), p);
    }
}
