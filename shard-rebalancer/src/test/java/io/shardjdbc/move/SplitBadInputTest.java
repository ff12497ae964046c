package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.shardctl.ShardCtl;
import io.shardjdbc.metadata.PlacementState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A split that cannot start fails with a clear error and changes nothing: a value no range holds, a
 * value that is already a bound, a value not of the key's type, an unknown shard, an unknown table, a
 * table that is not range-sharded. Afterwards no move is recorded, the published ranges are as the
 * config wrote them, and the rows are where they were. PostgreSQL, databases {@code split_bad_*}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitBadInputTest {
    private PgDeployment d;

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        d = PgDeployment.create(dir, "split_bad", 2, 2,
                "  events: { key: id, strategy: range, ranges: [ { below: 100, shard: s0 }, { below: 200, shard: s1 } ] }\n"
                        + "  customer: { key: id, strategy: hash, buckets: 8, shards: [s0] }\n");
        d.exec(0, "CREATE TABLE events (id BIGINT PRIMARY KEY)", "INSERT INTO events SELECT g FROM generate_series(0, 99) g",
                "CREATE TABLE customer (id BIGINT PRIMARY KEY)");
        d.exec(1, "CREATE TABLE events (id BIGINT PRIMARY KEY)", "INSERT INTO events SELECT g FROM generate_series(100, 199) g");
    }

    @AfterAll
    void nothingChanged() throws SQLException {
        try (JdbcMetadataStore s = JdbcMetadataStore.open(d.store().url(), d.store().user(), d.store().password())) {
            assertThat(s.moves().list()).isEmpty();
            PlacementState p = s.placement();
            if (p != null) {
                assertThat(p.groups().get("events").ranges()).containsExactly(new PlacementState.RangeEntry("100", "s0"),
                        new PlacementState.RangeEntry("200", "s1"));
            }
        }
        assertThat(count(0, "SELECT count(*) FROM events")).isEqualTo(100);
        assertThat(count(1, "SELECT count(*) FROM events")).isEqualTo(100);
        assertThat(count(1, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")).isZero();
    }

    @Test
    void aValueAboveTheLastBoundIsInNoRange() {
        assertThat(shardctl("split", "range", "events", "--at", "250", "--to", "s0"))
                .contains("split events at 250: no range holds 250, it is above the last bound")
                .contains("[, 100) on s0, [100, 200) on s1");
    }

    @Test
    void aValueThatIsABoundAlreadySplitsNothing() {
        assertThat(shardctl("split", "range", "events", "--at", "100.0", "--to", "s0"))
                .contains("split events at 100: 100 is already a range bound");
    }

    @Test
    void aValueOfAnotherTypeIsRefused() {
        assertThat(shardctl("split", "range", "events", "--at", "2026-01-01", "--to", "s0"))
                .contains("'2026-01-01' is not a number range bound");
    }

    @Test
    void anUnknownShardIsNamed() {
        assertThat(shardctl("split", "range", "events", "--at", "150", "--to", "s9")).contains("unknown shard 's9'");
    }

    @Test
    void anUnknownTableIsNamed() {
        assertThat(shardctl("split", "range", "nosuch", "--at", "150", "--to", "s0")).contains("table nosuch is not a sharded table");
    }

    @Test
    void aTableThatIsNotRangeShardedHasNoRanges() {
        assertThat(shardctl("split", "range", "customer", "--at", "5", "--to", "s1"))
                .contains("table customer is hash-sharded; split range splits ranges of range-sharded tables");
        assertThat(shardctl("split", "list", "events", "--at", "150", "--to", "s0")).contains("split takes a range of a range table");
    }

    /** Runs shardctl, expecting it to fail, and returns what it printed on stderr. */
    private String shardctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = d.config().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), all)).as(out + "\n" + err).isEqualTo(ShardCtl.ERROR);
        return err.toString();
    }

    private long count(int shard, String sql) throws SQLException {
        try (Connection c = d.shard(shard).connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
