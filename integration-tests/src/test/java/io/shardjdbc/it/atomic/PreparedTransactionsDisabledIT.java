package io.shardjdbc.it.atomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.config.ConfigLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL server that refuses two-phase commit ({@code max_prepared_transactions = 0}, the
 * server's default; here an embedded server of this test's own) fails the first atomic commit with a
 * message naming the setting, and the transaction is rolled back on every shard.
 */
class PreparedTransactionsDisabledIT {

    @Test
    void theFirstAtomicCommitNamesTheMissingSetting() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("max_prepared_transactions", "0").start()) {
            try (Connection admin = pg.getPostgresDatabase().getConnection(); Statement s = admin.createStatement()) {
                for (int i = 0; i < 2; i++) s.execute("CREATE DATABASE sjdbc_it_atomic_noprep_" + i);
            }
            StringBuilder yaml = new StringBuilder("shards:\n");
            for (int i = 0; i < 2; i++) {
                yaml.append("  s").append(i).append(": { url: \"").append(pg.getJdbcUrl("postgres", "sjdbc_it_atomic_noprep_" + i))
                        .append("\" }\n");
            }
            yaml.append("tables:\n  accounts: { key: id, strategy: hash, function: mod, buckets: 2 }\n")
                    .append("transactions: atomic\ntransaction-recovery: off\n");
            var config = ConfigLoader.parse("noprep.yaml", yaml.toString(), Map.of(), name -> null);
            try (ShardDataSource ds = new ShardDataSource(config); Connection c = ds.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("/* shard: s0 */ CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL, balance BIGINT NOT NULL)");
                    s.execute("/* shard: s1 */ CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL, balance BIGINT NOT NULL)");
                }
                c.setAutoCommit(false);
                AtomicShards.insert(c, 0, "a", 1); // s0
                AtomicShards.insert(c, 1, "b", 1); // s1
                assertThatThrownBy(c::commit).isInstanceOf(SQLException.class)
                        .hasMessageContaining("max_prepared_transactions").hasMessageContaining("shard s1")
                        .hasMessageContaining("rolled back on every shard")
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55000");
                c.setAutoCommit(true);
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM accounts")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }
}
