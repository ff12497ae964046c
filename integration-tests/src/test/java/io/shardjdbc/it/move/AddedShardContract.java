package io.shardjdbc.it.move;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.Engine;
import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shard added to the metadata store while applications run ({@code shard add}, then units moved to
 * it) is opened by running drivers when they see the version that names it: with the credentials of
 * {@code shard-defaults:}, no restart, and connections opened before it existed use it.
 *
 * <p>Three databases; the drivers' file names s0 and s1 only, s2 exists only in the store. Table
 * {@code items} is split by {@code id % 4}: buckets 0 and 2 on s0, 1 and 3 on s1 at first.
 */
abstract class AddedShardContract extends MoveFixture {
    AddedShardContract(TestServers.Kind kind) {
        super(kind, "added", 3);
    }

    @BeforeEach
    void twoShardsInTheStore() throws SQLException {
        dbs.executeOnEach("DELETE FROM items");
        publish(2, "s0", "s1", "s0", "s1");
    }

    /** {@code shard add s2}, and buckets 2 and 3 moved to it, in one version (this test copies no rows). */
    private long publishS2WithBuckets2And3() throws SQLException {
        return publish(3, "s0", "s1", "s2", "s2");
    }

    /** A driver whose file names s0 and s1 and gives the credentials of shards only the store names. */
    private ShardDataSource driverKnowingS0AndS1(String refreshInterval) {
        TestServers.Server server = dbs.server();
        String password = server.password() == null ? "" : server.password();
        return driver(dbs.writeConfigText(dbs.shardsYaml(dbs.urls().subList(0, 2))
                + "shard-defaults: { username: " + yamlString(server.user()) + ", password: " + yamlString(password)
                + ", pool: { maximum-pool-size: 3 } }\n"
                + "tables:\n  items: { key: id, strategy: hash, function: mod, buckets: 4 }\n"
                + meta.yaml("  refresh-interval: " + refreshInterval + "\n")));
    }

    private static String yamlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private List<Long> idsOn(int shard) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = dbs.connect(shard); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM items ORDER BY id")) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    private static void insert(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        ps.setString(2, "row " + id);
        assertThat(ps.executeUpdate()).isEqualTo(1);
    }

    @Test
    void aRunningDriverOpensAShardTheStoreAddsAndWritesToItWithoutRestart() throws Exception {
        ShardDataSource driver = driverKnowingS0AndS1("50ms");
        try (Connection c = driver.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO items (id, name) VALUES (?, ?)")) {
            insert(ps, 1);
            long added = publishS2WithBuckets2And3();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (driver.topology().version() != added) {
                assertThat(System.nanoTime() - deadline).as("the driver applies version %d", added).isNegative();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertThat(driver.topology().shards()).containsExactly("s0", "s1", "s2");
            for (long id = 2; id <= 7; id++) insert(ps, id);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(id) FROM items")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("a scatter read reaches the new shard").isEqualTo(7);
                assertThat(rs.getLong(2)).isEqualTo(28);
            }
        }
        assertThat(idsOn(2)).containsExactly(2L, 3L, 6L, 7L);
        assertThat(idsOn(0)).containsExactly(4L);
        assertThat(idsOn(1)).containsExactly(1L, 5L);
        assertThat(Engine.of(driver).topologySource().lastRefreshError()).isNull();
    }

    @Test
    void aStaleDriverRefusedByTheFenceOfAUnitMovedToANewShardOpensItAndWritesThere() throws Exception {
        ShardDataSource driver = driverKnowingS0AndS1("0"); // no background polling: only the fence tells it
        long id = 3; // bucket 3, on s1 until the move
        try (Connection s1 = dbs.connect(1); Statement st = s1.createStatement()) {
            st.execute("INSERT INTO items (id, name) VALUES (" + id + ", 'before')");
            // the fence of the move: the source refuses every write to the moved buckets
            st.execute(postgres()
                    ? """
                      CREATE OR REPLACE FUNCTION items_fence() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN
                        IF mod(NEW.id, 4) IN (2, 3) THEN
                          RAISE EXCEPTION 'shard-jdbc fence: table items unit bucket % is moving (move m-add)', mod(NEW.id, 4)
                            USING ERRCODE = '55S01';
                        END IF;
                        RETURN NEW;
                      END $$"""
                    : "CREATE TRIGGER items_fence BEFORE UPDATE ON items FOR EACH ROW BEGIN"
                      + " IF MOD(NEW.id, 4) IN (2, 3) THEN"
                      + "  SIGNAL SQLSTATE '55S01' SET MESSAGE_TEXT = 'shard-jdbc fence: table items unit bucket 3 is moving (move m-add)';"
                      + " END IF; END");
            if (postgres()) {
                st.execute("CREATE TRIGGER items_fence BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION items_fence()");
            }
        }
        try (Connection s2 = dbs.connect(2); Statement st = s2.createStatement()) {
            st.execute("INSERT INTO items (id, name) VALUES (" + id + ", 'before')"); // the copy
        }
        try {
            long moved = publishS2WithBuckets2And3();
            try (Connection c = driver.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE items SET name = ? WHERE id = ?")) {
                ps.setString(1, "after");
                ps.setLong(2, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(driver.topology().version()).isEqualTo(moved);
            try (Connection s2 = dbs.connect(2); Statement st = s2.createStatement();
                 ResultSet rs = st.executeQuery("SELECT name FROM items WHERE id = " + id)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("after");
            }
        } finally {
            try (Connection s1 = dbs.connect(1); Statement st = s1.createStatement()) {
                st.execute("DROP TRIGGER items_fence" + (postgres() ? " ON items" : ""));
            }
        }
    }
}
