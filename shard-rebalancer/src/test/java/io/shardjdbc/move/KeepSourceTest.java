package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.shardctl.ShardCtl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --keep-source}: after the flip the moved rows stay on the source (the move is KEPT), {@code
 * verify} counts them as awaiting cleanup and exits 0; {@code reverse} moves the buckets back over
 * the kept copy; {@code resume} of another kept move deletes its rows from the source. PostgreSQL,
 * databases {@code sjdbc_it_move_keep_*}.
 */
class KeepSourceTest {
    private static final int ROWS = 400;

    @Test
    void keptRowsAwaitCleanupUntilResumeOrReverse(@TempDir Path dir) throws Exception {
        PgDeployment d = PgDeployment.create(dir, "sjdbc_it_move_keep", 2, 2, "  customer: { key: id, strategy: hash, buckets: 8, shards: [s0] }\n");
        d.exec(0, "CREATE TABLE customer (id BIGINT PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO customer SELECT g, 0 FROM generate_series(1, " + ROWS + ") g");
        TestDatabases.Db store = d.store();
        TestDatabases.Db s0 = d.shard(0);
        TestDatabases.Db s1 = d.shard(1);
        String cfg = d.config().toString();

        ctl(cfg, "move", "buckets", "customer", "0-3", "--to", "s1", "--keep-source", "1h");
        long onS1 = count(s1, "SELECT count(*) FROM customer");
        assertThat(onS1).isPositive();
        assertThat(count(s0, "SELECT count(*) FROM customer")).as("the source keeps its rows").isEqualTo(ROWS);
        String verify = ctl(cfg, "verify");
        assertThat(verify).contains(onS1 + " kept by a move, awaiting cleanup").contains("every row is on the shard its key places it on");

        MoveJournal.Move kept = moves(store).get(0);
        assertThat(kept.state()).isEqualTo(MoveEngine.KEPT);
        ctl(cfg, "reverse", kept.id());
        assertThat(count(s0, "SELECT count(*), count(DISTINCT id) FROM customer")).isEqualTo(ROWS);
        assertThat(count(s1, "SELECT count(*) FROM customer")).isZero();
        assertThat(moves(store)).extracting(MoveJournal.Move::state).containsOnly(MoveEngine.DONE);

        ctl(cfg, "move", "buckets", "customer", "4-7", "--to", "s1", "--keep-source", "30m");
        MoveJournal.Move second = moves(store).stream().filter(m -> m.state().equals(MoveEngine.KEPT)).findFirst().orElseThrow();
        ctl(cfg, "resume", second.id());
        long moved = count(s1, "SELECT count(*) FROM customer");
        assertThat(count(s0, "SELECT count(*) FROM customer")).as("the kept rows deleted").isEqualTo(ROWS - moved);
        assertThat(ctl(cfg, "verify")).doesNotContain("awaiting cleanup");
    }

    /** Runs shardctl, expecting exit 0, and returns what it printed. */
    private static String ctl(String config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--config", config));
        all.addAll(List.of(args));
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new))).as(out + "\n" + err)
                .isEqualTo(ShardCtl.OK);
        return out.toString();
    }

    private static List<MoveJournal.Move> moves(TestDatabases.Db store) throws SQLException {
        try (JdbcMetadataStore reader = JdbcMetadataStore.open(store.url(), store.user(), store.password())) {
            return reader.moves().list();
        }
    }

    private static long count(TestDatabases.Db db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
