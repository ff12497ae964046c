package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.shardctl.ShardCtl;
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
 * {@code shardctl move key tenants acme --to s1}: one key of a directory table moves online with its
 * co-located rows; a running driver then reads and writes the key on the new shard (the flip's new
 * version makes it forget its cached directory entry), the other keys stay, and {@code verify}
 * exits 0. PostgreSQL, databases {@code sjdbc_it_move_key_*}.
 */
class MoveKeyTest {
    @Test
    void aDirectoryKeyMovesWithItsGroupWhileADriverKeepsWorking(@TempDir Path dir) throws Exception {
        PgDeployment d = PgDeployment.create(dir, "sjdbc_it_move_key", 2, 2,
                "  tenants: { key: tenant_id, strategy: directory, shards: [s0] }\n  projects: { key: tenant_id, colocate: tenants }\n");
        d.exec(0, "CREATE TABLE tenants (tenant_id VARCHAR(40) PRIMARY KEY, name TEXT NOT NULL)",
                "CREATE TABLE projects (id BIGINT PRIMARY KEY, tenant_id VARCHAR(40) NOT NULL, title TEXT)");
        TestDatabases.Db s0 = d.shard(0);
        TestDatabases.Db s1 = d.shard(1);
        Path config = d.config();

        try (ShardDataSource driver = new ShardDataSource(config)) {
            try (Connection c = driver.getConnection();
                 PreparedStatement tenant = c.prepareStatement("INSERT INTO tenants (tenant_id, name) VALUES (?, ?)");
                 PreparedStatement project = c.prepareStatement("INSERT INTO projects (id, tenant_id, title) VALUES (?, ?, ?)")) {
                for (String t : new String[] {"acme", "globex"}) {
                    tenant.setString(1, t);
                    tenant.setString(2, t.toUpperCase());
                    tenant.executeUpdate();
                }
                for (int i = 1; i <= 80; i++) {
                    project.setLong(1, i);
                    project.setString(2, i <= 50 ? "acme" : "globex");
                    project.setString(3, "p" + i);
                    project.executeUpdate();
                }
            }
            assertThat(count(s0, "SELECT count(*) FROM projects")).isEqualTo(80);

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", config.toString(), "--json",
                    "move", "key", "tenants", "acme", "--to", "s1");
            assertThat(code).as(out + "\n" + err).isEqualTo(ShardCtl.OK);

            // the same driver: acme's rows are read from s1 and a new one is written there
            try (Connection c = driver.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO projects (id, tenant_id, title) VALUES (81, 'acme', 'after')")) {
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM projects WHERE tenant_id = 'acme'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(51);
                }
            }
        }
        assertThat(count(s1, "SELECT count(*) FROM projects WHERE tenant_id = 'acme'")).isEqualTo(51);
        assertThat(count(s1, "SELECT count(*) FROM tenants WHERE tenant_id = 'acme'")).isEqualTo(1);
        assertThat(count(s1, "SELECT count(*) FROM projects WHERE tenant_id <> 'acme'")).isZero();
        assertThat(count(s0, "SELECT count(*) FROM projects WHERE tenant_id = 'acme'")).as("acme left on s0").isZero();
        assertThat(count(s0, "SELECT count(*) FROM projects WHERE tenant_id = 'globex'")).isEqualTo(30);
        assertThat(count(s0, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")).isZero();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", config.toString(), "directory", "get", "tenants", "acme"))
                .as(err.toString()).isEqualTo(ShardCtl.OK);
        assertThat(out.toString()).contains("s1");
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", config.toString(), "verify"))
                .as(out + "\n" + err).isEqualTo(ShardCtl.OK);
    }

    private static long count(TestDatabases.Db db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
