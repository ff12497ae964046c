package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.metadata.PlacementState.RangeEntry;
import io.shardjdbc.shardctl.ShardCtl;
import io.shardjdbc.topology.Fence;
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
 * A part of a range comes back to a shard that a wider range left earlier: {@code [101, )} goes from s0
 * to s1, then {@code [301, )} from s1 back to s0. The fence s0 kept for {@code [101, )} narrows to
 * {@code [101, 301)}: a driver writes keys from 301 up to s0 again, and s0 still refuses keys of
 * {@code [101, 301)}. PostgreSQL, databases {@code split_back_*}.
 */
class SplitBackTest {
    @Test
    void aPartComingBackIsNoLongerFencedWhereItArrives(@TempDir Path dir) throws Exception {
        PgDeployment d = PgDeployment.create(dir, "split_back", 2, 2,
                "  events: { key: id, strategy: range, key-type: integer, ranges: [ { shard: s0 } ] }\n");
        d.exec(0, "CREATE TABLE events (id BIGINT PRIMARY KEY, v INT NOT NULL)", "INSERT INTO events SELECT g, 0 FROM generate_series(1, 400) g");
        ctl(d, "split", "range", "events", "--at", "101", "--to", "s1");
        ctl(d, "split", "range", "events", "--at", "301", "--to", "s0");
        try (JdbcMetadataStore s = JdbcMetadataStore.open(d.store().url(), d.store().user(), d.store().password())) {
            assertThat(s.placement().groups().get("events").ranges()).containsExactly(new RangeEntry("101", "s0"), new RangeEntry("301", "s1"),
                    new RangeEntry(null, "s0"));
        }
        assertThat(count(d, 0, "SELECT count(*) FROM events")).isEqualTo(200);
        assertThat(count(d, 1, "SELECT count(*) FROM events")).isEqualTo(200);

        try (ShardDataSource driver = new ShardDataSource(d.config()); Connection c = driver.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO events (id, v) VALUES (?, 1)")) {
            for (long id : new long[] {500, 1_000}) {
                ps.setLong(1, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(count(d, 0, "SELECT count(*) FROM events WHERE v = 1")).isEqualTo(2);
        // past the driver: s0 takes keys of the part that came back, and refuses those of [101, 301)
        try (Connection c = d.shard(0).connect(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("INSERT INTO events (id, v) VALUES (1500, 1)")).isEqualTo(1);
        }
        try (Connection c = d.shard(0).connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO events (id, v) VALUES (200, 2)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(Fence.SQLSTATE));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", d.config().toString(), "verify"))
                .as(out + "\n" + err).isEqualTo(ShardCtl.OK);
    }

    private static void ctl(PgDeployment d, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "--config";
        all[1] = d.config().toString();
        all[2] = "--json";
        System.arraycopy(args, 0, all, 3, args.length);
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), all)).as(out + "\n" + err).isEqualTo(ShardCtl.OK);
    }

    private static long count(PgDeployment d, int shard, String sql) throws SQLException {
        try (Connection c = d.shard(shard).connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
