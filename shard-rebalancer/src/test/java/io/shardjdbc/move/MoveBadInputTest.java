package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.shardctl.ShardCtl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moves that cannot start fail with a clear error and change nothing: an unknown shard, a table
 * without a primary key, a group with an unfinished move, an unreachable target, a table that is not
 * hash-sharded. Afterwards no move is recorded (but the one set up), no slot exists on the source
 * and the source's rows are as before. Databases {@code sjdbc_it_move_bad_*}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoveBadInputTest {
    private TestDatabases.Db store;
    private TestDatabases.Db s0;
    private Path config;

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        store = TestDatabases.postgres("sjdbc_it_move_bad_store");
        s0 = TestDatabases.postgres("sjdbc_it_move_bad_0");
        TestDatabases.Db s1 = TestDatabases.postgres("sjdbc_it_move_bad_1");
        try (Connection c = connect(s0); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customer (id BIGINT PRIMARY KEY, name TEXT)");
            st.execute("CREATE TABLE nopk (id BIGINT, name TEXT)");
            st.execute("CREATE TABLE events (id BIGINT PRIMARY KEY)");
            st.execute("INSERT INTO customer SELECT g, 'c' || g FROM generate_series(1, 100) g");
            st.execute("INSERT INTO nopk SELECT g, 'n' || g FROM generate_series(1, 100) g");
        }
        config = dir.resolve("shards.yaml");
        Files.writeString(config, "shards:\n"
                + "  s0: { url: '" + s0.url() + "', username: " + s0.user() + ", password: '" + s0.password() + "' }\n"
                + "  s1: { url: '" + s1.url() + "', username: " + s1.user() + ", password: '" + s1.password() + "' }\n"
                + "  s2: { url: 'jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2', username: x }\n"
                + "tables:\n"
                + "  customer: { key: id, strategy: hash, buckets: 8, shards: [s0] }\n"
                + "  nopk: { key: id, strategy: hash, buckets: 8, shards: [s0] }\n"
                + "  events: { key: id, strategy: range, ranges: [ { shard: s0 } ] }\n"
                + "metadata: { url: '" + store.url() + (store.url().contains("?") ? "&" : "?") + "user=" + store.user()
                + "&password=" + store.password() + "' }\n");
    }

    @AfterAll
    void nothingChanged() throws SQLException {
        try (Connection c = connect(s0); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT count(*) FROM customer")).isEqualTo(100);
            assertThat(count(st, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")).isZero();
        }
    }

    @Test
    void anUnknownShardIsNamedWithTheKnownOnes() {
        Run r = shardctl("rebalance", "customer", "--shards", "s0,s9");
        assertThat(r.code).isEqualTo(ShardCtl.ERROR);
        assertThat(r.err).contains("unknown shard 's9'").contains("[s0, s1, s2]");
    }

    @Test
    void aTableWithoutPrimaryKeyIsRefusedWithTheReason() throws SQLException {
        Run r = shardctl("move", "buckets", "nopk", "0-3", "--to", "s1");
        assertThat(r.code).isEqualTo(ShardCtl.ERROR);
        assertThat(r.err).contains("table nopk on shard s0 has no primary key, so it cannot be moved online");
        assertThat(movesOf("nopk")).isEmpty();
    }

    @Test
    void anUnreachableTargetIsNamedAndNothingIsRecorded() throws SQLException {
        Run r = shardctl("move", "buckets", "customer", "0", "--to", "s2");
        assertThat(r.code).isEqualTo(ShardCtl.ERROR);
        assertThat(r.err).contains("shard s2 is unreachable");
        assertThat(movesOf("customer")).allMatch(m -> !m.target().equals("s2"));
    }

    @Test
    void aTableThatIsNotHashShardedHasNoBuckets() {
        Run r = shardctl("move", "buckets", "events", "0", "--to", "s1");
        assertThat(r.code).isEqualTo(ShardCtl.ERROR);
        assertThat(r.err).contains("table events is placed by range; buckets belong to hash-sharded tables");
    }

    @Test
    void aGroupWithAnUnfinishedMoveRefusesAnother() throws SQLException {
        try (JdbcMetadataStore s = JdbcMetadataStore.open(store.url(), store.user(), store.password())) {
            s.moves().create(new MoveJournal.Move("m-held", "customer", "buckets", "s0", "s1", MoveEngine.COPYING, List.of("5"),
                    null, null, 0, 0, "{}", null, null, null));
        }
        Run r = shardctl("move", "buckets", "customer", "4-6", "--to", "s1");
        assertThat(r.code).isEqualTo(ShardCtl.ERROR);
        assertThat(r.err).contains("move m-held of customer is unfinished (COPYING)").contains("shardctl abort m-held");
        assertThat(movesOf("customer")).extracting(MoveJournal.Move::id).containsExactly("m-held");
    }

    private List<MoveJournal.Move> movesOf(String group) throws SQLException {
        try (JdbcMetadataStore s = JdbcMetadataStore.open(store.url(), store.user(), store.password())) {
            return s.moves().list().stream().filter(m -> m.group().equals(group)).toList();
        }
    }

    private record Run(int code, String out, String err) { }

    private Run shardctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = ShardCtl.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(TestDatabases.Db db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password());
        return DriverManager.getConnection(db.url(), p);
    }
}
