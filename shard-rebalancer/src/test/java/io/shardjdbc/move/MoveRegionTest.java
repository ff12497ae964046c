package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.shardctl.ShardCtl;
import io.shardjdbc.topology.Fence;
import io.shardjdbc.metadata.PlacementState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shardctl move region accounts eu --to s2}: a geo table's region spread over s0 and s1 moves to
 * s2 online, one move per shard it was on, with its co-located rows; the other region stays where it
 * is; a running driver then writes the region's new rows to s2; the fences refuse the region's rows
 * on its former shards; {@code verify} exits 0. PostgreSQL and MariaDB, databases {@code split_region_*}.
 */
class MoveRegionTest {
    @Test
    void aRegionMovesToOneShardAndTheOtherRegionStaysOnPostgres(@TempDir Path dir) throws Exception {
        aRegionMovesToOneShardAndTheOtherRegionStays(Dialect.POSTGRESQL, dir, "split_region_pg");
    }

    @Test
    void aRegionMovesToOneShardAndTheOtherRegionStaysOnMariaDb(@TempDir Path dir) throws Exception {
        aRegionMovesToOneShardAndTheOtherRegionStays(Dialect.MYSQL, dir, "split_region_my");
    }

    private static void aRegionMovesToOneShardAndTheOtherRegionStays(Dialect dialect, Path dir, String prefix) throws Exception {
        PgDeployment d = PgDeployment.create(dialect, dir, prefix, 3, 3,
                "  accounts: { key: id, strategy: geo, region-column: country, buckets: 16, regions: {"
                        + " eu: { countries: [DE, FR], shards: [s0, s1] }, us: { countries: [US], shards: [s1] } } }\n"
                        + "  payments: { key: account_id, colocate: accounts, region-column: country }\n");
        for (int i = 0; i < 2; i++) {
            d.exec(i, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, country VARCHAR(2) NOT NULL, v INT NOT NULL)",
                    "CREATE TABLE payments (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, country VARCHAR(2) NOT NULL)");
        }
        String[] countries = {"DE", "FR", "US"};
        long[] euOn = new long[2];
        try (ShardDataSource driver = new ShardDataSource(d.config())) {
            try (Connection c = driver.getConnection();
                 PreparedStatement account = c.prepareStatement("INSERT INTO accounts (id, country, v) VALUES (?, ?, 0)");
                 PreparedStatement payment = c.prepareStatement("INSERT INTO payments (id, account_id, country) VALUES (?, ?, ?)")) {
                for (long id = 1; id <= 300; id++) {
                    String country = countries[(int) (id % 3)];
                    account.setLong(1, id);
                    account.setString(2, country);
                    account.executeUpdate();
                    payment.setLong(1, id * 10);
                    payment.setLong(2, id);
                    payment.setString(3, country);
                    payment.executeUpdate();
                }
            }
            euOn[0] = count(d, 0, "SELECT min(id) FROM accounts");
            euOn[1] = count(d, 1, "SELECT min(id) FROM accounts WHERE country <> 'US'");
            assertThat(euOn).as("eu on s0 and s1").doesNotContain(0L);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", d.config().toString(), "--json",
                    "move", "region", "accounts", "eu", "--to", "s2");
            assertThat(code).as(out + "\n" + err).isEqualTo(ShardCtl.OK);

            // the same driver, after the flips: a new eu account goes to s2, a new us account to s1
            try (Connection c = driver.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (id, country, v) VALUES (?, ?, 0)")) {
                ps.setLong(1, 1001);
                ps.setString(2, "fr");
                ps.executeUpdate();
                ps.setLong(1, 1002);
                ps.setString(2, "US");
                ps.executeUpdate();
            }
        }
        // the fences on s0 and s1 refuse eu rows written there past the driver (one each shard held)
        for (int i = 0; i < 2; i++) {
            String again = "INSERT INTO accounts (id, country, v) VALUES (" + euOn[i] + ", 'DE', 0)";
            try (Connection c = d.shard(i).connect(); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeUpdate(again))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(Fence.SQLSTATE));
            }
        }
        assertThat(count(d, 2, "SELECT count(*) FROM accounts")).isEqualTo(201);
        assertThat(count(d, 2, "SELECT count(*) FROM accounts WHERE country = 'US'")).isZero();
        assertThat(count(d, 2, "SELECT count(*) FROM payments")).isEqualTo(200);
        assertThat(count(d, 0, "SELECT count(*) FROM accounts") + count(d, 0, "SELECT count(*) FROM payments")).as("left on s0").isZero();
        assertThat(count(d, 1, "SELECT count(*) FROM accounts WHERE country <> 'US'")).as("eu left on s1").isZero();
        assertThat(count(d, 1, "SELECT count(*) FROM accounts")).isEqualTo(101);
        if (dialect == Dialect.POSTGRESQL) {
            for (int i = 0; i < 3; i++) {
                assertThat(count(d, i, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")).isZero();
            }
        }
        try (JdbcMetadataStore s = JdbcMetadataStore.open(d.store().url(), d.store().user(), d.store().password())) {
            PlacementState.GroupState g = s.placement().groups().get("accounts");
            assertThat(g.regions().get("eu").buckets()).containsOnly("s2");
            assertThat(g.regions().get("us").buckets()).containsOnly("s1");
            assertThat(s.moves().list()).hasSize(2).allMatch(m -> m.state().equals(MoveEngine.DONE) && m.target().equals("s2"));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", d.config().toString(), "verify"))
                .as(out + "\n" + err).isEqualTo(ShardCtl.OK);
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", d.config().toString(),
                "move", "region", "accounts", "asia", "--to", "s0")).isEqualTo(ShardCtl.ERROR);
        assertThat(err.toString()).contains("table accounts has no region asia; its regions are [eu, us]");
    }

    private static long count(PgDeployment d, int shard, String sql) throws SQLException {
        try (Connection c = d.shard(shard).connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
