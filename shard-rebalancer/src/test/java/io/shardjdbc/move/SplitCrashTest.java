package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.shardctl.ShardCtl;
import io.shardjdbc.topology.Fence;
import io.shardjdbc.metadata.PlacementState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A split whose shardctl halts (as {@code kill -9} would) right after recording a step, in a child
 * JVM: after the fence or the flip, {@code resume} completes it — the part on s1, the rest on s0, every
 * row once, the ranges split once; after the catch-up, {@code abort} leaves the source as before and the
 * ranges unsplit. No replication slot is left. PostgreSQL, databases {@code split_crash_*}.
 */
class SplitCrashTest {
    private static final int ROWS = 2_000;

    @ParameterizedTest
    @ValueSource(strings = {MoveEngine.FENCED, MoveEngine.FLIPPED})
    void haltedThenResumed(String state, @TempDir Path dir) throws Exception {
        PgDeployment d = deployment(dir, state);
        MoveJournal.Move m = haltedAfter(d, state);
        if (state.equals(MoveEngine.FENCED)) {
            // the fence holds the part while nobody runs the split
            try (Connection c = d.shard(0).connect(); Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeUpdate("UPDATE events SET v = v + 1 WHERE id = 1500"))
                        .satisfies(e -> assertThat(Fence.refused(e)).isTrue());
            }
        }
        ctl(d, "resume", m.id());
        assertThat(count(d, 0, "SELECT count(*) FROM events WHERE id < 1001")).isEqualTo(1000);
        assertThat(count(d, 0, "SELECT count(*) FROM events")).isEqualTo(1000);
        assertThat(count(d, 1, "SELECT count(*), count(DISTINCT id) FROM events WHERE id >= 1001")).isEqualTo(1000);
        assertThat(ranges(d)).containsExactly(new PlacementState.RangeEntry("1001", "s0"), new PlacementState.RangeEntry(null, "s1"));
        assertThat(count(d, 0, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")).isZero();
    }

    @Test
    void haltedAfterCatchUpThenAborted(@TempDir Path dir) throws Exception {
        PgDeployment d = deployment(dir, "abort");
        MoveJournal.Move m = haltedAfter(d, MoveEngine.CATCHUP);
        ctl(d, "abort", m.id());
        assertThat(count(d, 0, "SELECT count(*) FROM events")).isEqualTo(ROWS);
        assertThat(count(d, 1, "SELECT count(*) FROM events")).isZero();
        try (Connection c = d.shard(0).connect(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE events SET v = v + 1 WHERE id = 1500")).isEqualTo(1);
        }
        assertThat(ranges(d)).containsExactly(new PlacementState.RangeEntry(null, "s0"));
        assertThat(count(d, 0, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")).isZero();
    }

    private static PgDeployment deployment(Path dir, String name) throws Exception {
        PgDeployment d = PgDeployment.create(dir, "split_crash_" + name.toLowerCase(java.util.Locale.ROOT), 2, 2,
                "  events: { key: id, strategy: range, key-type: integer, ranges: [ { shard: s0 } ] }\n");
        d.exec(0, "CREATE TABLE events (id BIGINT PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO events SELECT g, 0 FROM generate_series(1, " + ROWS + ") g");
        return d;
    }

    /** Splits events at 1001 onto s1 in a child JVM that halts right after recording {@code state}; the split as it was left. */
    private static MoveJournal.Move haltedAfter(PgDeployment d, String state) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ShardCtl.class.getName(), "--config", d.config().toString(), "--json",
                "split", "range", "events", "--at", "1001", "--to", "s1", "--halt-after", state));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        try (JdbcMetadataStore s = JdbcMetadataStore.open(d.store().url(), d.store().user(), d.store().password())) {
            List<MoveJournal.Move> moves = s.moves().list();
            assertThat(moves).hasSize(1);
            assertThat(moves.get(0).state()).isEqualTo(state);
            return moves.get(0);
        }
    }

    private static List<PlacementState.RangeEntry> ranges(PgDeployment d) throws SQLException {
        try (JdbcMetadataStore s = JdbcMetadataStore.open(d.store().url(), d.store().user(), d.store().password())) {
            return s.placement().groups().get("events").ranges();
        }
    }

    private static void ctl(PgDeployment d, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--config", d.config().toString(), "--json"));
        all.addAll(List.of(args));
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new))).as(out + "\n" + err)
                .isEqualTo(ShardCtl.OK);
    }

    private static long count(PgDeployment d, int shard, String sql) throws SQLException {
        try (Connection c = d.shard(shard).connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
