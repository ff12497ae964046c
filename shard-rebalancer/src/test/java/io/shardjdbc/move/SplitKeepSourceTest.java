package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.shardctl.ShardCtl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan --at} counts what a split would move; {@code split range --keep-source}: after the flip the
 * moved part stays on the source, {@code verify} counts it as kept by a move (awaiting cleanup) and
 * exits 0, and {@code resume} deletes it.
 * PostgreSQL, databases {@code split_keep_*}.
 */
class SplitKeepSourceTest {
    @Test
    void theKeptPartAwaitsCleanupUntilResume(@TempDir Path dir) throws Exception {
        PgDeployment d = PgDeployment.create(dir, "split_keep", 2, 2,
                "  events: { key: id, strategy: range, key-type: integer, ranges: [ { shard: s0 } ] }\n");
        d.exec(0, "CREATE TABLE events (id BIGINT PRIMARY KEY, v INT NOT NULL)", "INSERT INTO events SELECT g, 0 FROM generate_series(1, 400) g");
        String cfg = d.config().toString();

        assertThat(ctl(cfg, "plan", "events", "--at", "301", "--rate", "50"))
                .contains("events: range [301, ) on s0 moves 100 rows, about ").contains(", about 2 s at 50 rows/s");
        ctl(cfg, "split", "range", "events", "--at", "301", "--to", "s1", "--keep-source", "1h");
        assertThat(count(d, 1, "SELECT count(*) FROM events")).isEqualTo(100);
        assertThat(count(d, 0, "SELECT count(*) FROM events")).as("the source keeps its rows").isEqualTo(400);
        assertThat(ctl(cfg, "verify")).contains("100 kept by a move, awaiting cleanup").contains("every row is on the shard its key places it on");

        MoveJournal.Move kept;
        try (JdbcMetadataStore s = JdbcMetadataStore.open(d.store().url(), d.store().user(), d.store().password())) {
            kept = s.moves().list().get(0);
        }
        assertThat(kept.state()).isEqualTo(MoveEngine.KEPT);
        assertThat(kept.units()).containsExactly("301 .. ");
        ctl(cfg, "resume", kept.id());
        assertThat(count(d, 0, "SELECT count(*) FROM events")).as("the kept rows deleted").isEqualTo(300);
        assertThat(ctl(cfg, "verify")).doesNotContain("awaiting cleanup");
    }

    /** Runs shardctl, expecting exit 0, and returns what it printed. */
    private static String ctl(String config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config;
        System.arraycopy(args, 0, all, 2, args.length);
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), all)).as(out + "\n" + err).isEqualTo(ShardCtl.OK);
        return out.toString();
    }

    private static long count(PgDeployment d, int shard, String sql) throws SQLException {
        try (Connection c = d.shard(shard).connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
