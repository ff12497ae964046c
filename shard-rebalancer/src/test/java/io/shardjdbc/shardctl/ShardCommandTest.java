package io.shardjdbc.shardctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.move.PgDeployment;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.strategy.KeyType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shard add} publishes a shard that a running driver then uses without a restart (buckets
 * moved onto it are read and written there, and {@code verify} and {@code status} read it); {@code shard remove} refuses a shard that holds buckets
 * and takes it out once they have moved away; a duplicate name and an unreachable URL are refused
 * with nothing published. PostgreSQL, databases {@code sjdbc_it_shard_cmd_*}.
 */
class ShardCommandTest {
    private static final int BUCKETS = 8;

    @Test
    void anAddedShardIsUsedByARunningDriverAndRemovedOnceEmpty(@TempDir Path dir) throws Exception {
        // only s0 in the file: the added shard takes its credentials from the first shard
        PgDeployment d = PgDeployment.create(dir, "sjdbc_it_shard_cmd", 2, 1,
                "  customer: { key: id, strategy: hash, buckets: " + BUCKETS + ", shards: [s0] }\n");
        d.exec(0, "CREATE TABLE customer (id BIGINT PRIMARY KEY, name TEXT NOT NULL)",
                "INSERT INTO customer SELECT g, 'c' || g FROM generate_series(1, 200) g");
        TestDatabases.Db store = d.store();
        TestDatabases.Db s1 = d.shard(1);
        Path config = d.config();
        String cfg = config.toString();
        HashPlacement hash = HashPlacement.initial(false, BUCKETS, KeyType.AUTO, new int[] {0});

        try (ShardDataSource driver = new ShardDataSource(config)) {
            assertThat(count(driver, "SELECT count(*) FROM customer")).isEqualTo(200);

            Ctl.Run added = Ctl.run("--config", cfg, "shard", "add", "s1", "--url", s1.url());
            assertThat(added.code()).as(added.err()).isEqualTo(ShardCtl.OK);
            Ctl.Run moved = Ctl.run("--config", cfg, "--json", "move", "buckets", "customer", "0-3", "--to", "s1");
            assertThat(moved.code()).as(moved.err()).isEqualTo(ShardCtl.OK);

            // the same driver, not restarted: writes land on the added shard, and every row is read
            long key = 1000;
            while (hash.bucketOf(key) > 3) key++;
            try (Connection c = driver.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO customer (id, name) VALUES (?, 'new')")) {
                ps.setLong(1, key);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(count(driver, "SELECT count(*) FROM customer")).isEqualTo(201);
            try (Connection c = s1.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM customer WHERE id = " + key)) {
                rs.next();
                assertThat(rs.getLong(1)).as("the new row on s1").isEqualTo(1);
            }

            // verify reads the added shard with the credentials drivers use for it
            Ctl.Run verified = Ctl.run("--config", cfg, "verify");
            assertThat(verified.code()).as(verified.out() + verified.err()).isEqualTo(ShardCtl.OK);
            assertThat(verified.out()).contains("s1").contains("every row is on the shard its key places it on");
            // and status counts its rows beside its buckets
            Ctl.Run status = Ctl.run("--config", cfg, "status");
            assertThat(status.code()).as(status.out() + status.err()).isEqualTo(ShardCtl.OK);
            try (Connection c = s1.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM customer")) {
                rs.next();
                assertThat(status.out()).containsPattern("s1 +" + rs.getLong(1) + " +4\\n");
            }

            Ctl.Run refused = Ctl.run("--config", cfg, "shard", "remove", "s1");
            assertThat(refused.code()).isEqualTo(ShardCtl.ERROR);
            assertThat(refused.err()).contains("shard s1 is not empty").contains("4 buckets of customer");

            Ctl.Run back = Ctl.run("--config", cfg, "move", "buckets", "customer", "0-3", "--to", "s0");
            assertThat(back.code()).as(back.err()).isEqualTo(ShardCtl.OK);
            Ctl.Run removed = Ctl.run("--config", cfg, "--json", "shard", "remove", "s1");
            assertThat(removed.code()).as(removed.err()).isEqualTo(ShardCtl.OK);
            assertThat(count(driver, "SELECT count(*) FROM customer")).isEqualTo(201);
        }
        try (JdbcMetadataStore reader = JdbcMetadataStore.open(store.url(), store.user(), store.password())) {
            long version = reader.version();
            assertThat(reader.placement().shards()).extracting(e -> e.name()).containsExactly("s0");

            Ctl.Run duplicate = Ctl.run("--config", cfg, "shard", "add", "s0", "--url", s1.url());
            assertThat(duplicate.code()).isEqualTo(ShardCtl.ERROR);
            assertThat(duplicate.err()).contains("shard s0 exists already");
            Ctl.Run unreachable = Ctl.run("--config", cfg, "shard", "add", "s2", "--url", "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2");
            assertThat(unreachable.code()).isEqualTo(ShardCtl.ERROR);
            assertThat(unreachable.err()).contains("shard s2").contains("is unreachable").contains("nothing was published");
            assertThat(reader.version()).as("nothing published").isEqualTo(version);
        }
    }

    private static long count(ShardDataSource driver, String sql) throws SQLException {
        try (Connection c = driver.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
