package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.directory.jdbc.JdbcMetadataStore;
import io.shardjdbc.directory.jdbc.MoveJournal;
import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.shardctl.ShardCtl;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.strategy.KeyType;
import io.shardjdbc.topology.Fence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import io.shardjdbc.config.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * shardctl killed in the middle of a move, in a child JVM: killed ({@code kill -9}) mid-copy, and halted
 * as a kill would right after recording the catch-up, the fence and the flip. {@code resume} completes
 * each; {@code abort} restores the source; {@code reverse} moves finished buckets back. Afterwards every row is exactly once on the shard the
 * topology names (or, after an abort, where it was), and no replication slot, fence row or lease is
 * left. The kill mid-copy and the halt after the fence also run on MariaDB, whose capture resumes from
 * a binary log position kept in the journal. Databases {@code sjdbc_it_move_crash_*}.
 */
class MoveCrashTest {
    private static final int ROWS = 4_000;
    private static final int BUCKETS = 16;

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL"})
    void killedMidCopyThenResumed(Dialect dialect, @TempDir Path dir) throws Exception {
        Fixture f = new Fixture(dir, "copy", dialect);
        Process p = f.child("--chunk", "100", "--rate", "500");
        MoveJournal.Move m = f.awaitMove(p, x -> x.state().equals(MoveEngine.COPYING) && x.rowsCopied() > 0);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(f.moveNow(m.id()).state()).isEqualTo(MoveEngine.COPYING);
        f.shardctlOk("resume", m.id());
        f.assertMovedOnce(m.id());
    }

    @Test
    void haltedAfterCatchUpThenAborted(@TempDir Path dir) throws Exception {
        Fixture f = new Fixture(dir, "catchup", Dialect.POSTGRESQL);
        MoveJournal.Move m = f.haltedAfter(MoveEngine.CATCHUP);
        f.shardctlOk("abort", m.id());
        f.assertSourceAsBefore(m.id());
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"POSTGRESQL", "MYSQL"})
    void haltedAfterTheFenceThenResumed(Dialect dialect, @TempDir Path dir) throws Exception {
        Fixture f = new Fixture(dir, "fenced", dialect);
        MoveJournal.Move m = f.haltedAfter(MoveEngine.FENCED);
        // the fence holds while nobody runs the move
        try (Connection c = f.connect(f.shard[0]); Statement st = c.createStatement()) {
            long id = f.keyInMovingBuckets();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.executeUpdate("UPDATE customer SET v = v + 1 WHERE id = " + id))
                    .satisfies(e -> assertThat(Fence.refused(e)).isTrue());
        }
        f.shardctlOk("resume", m.id());
        f.assertMovedOnce(m.id());
    }

    @Test
    void haltedAfterTheFlipThenResumed(@TempDir Path dir) throws Exception {
        Fixture f = new Fixture(dir, "flipped", Dialect.POSTGRESQL);
        MoveJournal.Move m = f.haltedAfter(MoveEngine.FLIPPED);
        f.shardctlOk("resume", m.id());
        f.assertMovedOnce(m.id());

        // and back: the buckets return to s0 by a move of their own
        f.shardctlOk("reverse", m.id());
        MoveJournal.Move back = f.moves().get(1);
        assertThat(back.source()).isEqualTo("s1");
        assertThat(back.state()).isEqualTo(MoveEngine.DONE);
        try (Connection c = f.connect(f.shard[0]); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id) FROM customer")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(ROWS);
            assertThat(rs.getLong(2)).isEqualTo(ROWS);
        }
        try (Connection c = f.connect(f.shard[1]); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM customer")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    /** Two shards, rows on s0, a move of buckets 0-7 to s1 run by a child JVM; shards and store of one database. */
    private static final class Fixture {
        final Dialect dialect;
        final TestDatabases.Db store;
        final TestDatabases.Db[] shard = new TestDatabases.Db[2];
        final Path config;
        final HashPlacement hash = HashPlacement.initial(false, BUCKETS, KeyType.AUTO, new int[] {0});
        private JdbcMetadataStore reader;

        Fixture(Path dir, String name, Dialect dialect) throws Exception {
            this.dialect = dialect;
            String prefix = "sjdbc_it_move_crash_" + name + (dialect == Dialect.POSTGRESQL ? "_" : "_my_");
            store = database(prefix + "store");
            StringBuilder yaml = new StringBuilder("shards:\n");
            for (int i = 0; i < 2; i++) {
                shard[i] = database(prefix + i);
                yaml.append("  s").append(i).append(": { url: '").append(shard[i].url()).append("', username: ")
                        .append(shard[i].user()).append(", password: '").append(shard[i].password()).append("' }\n");
            }
            yaml.append("tables:\n  customer: { key: id, strategy: hash, buckets: ").append(BUCKETS).append(", shards: [s0] }\n")
                    .append("metadata:\n  url: '").append(store.url()).append(store.url().contains("?") ? "&" : "?").append("user=")
                    .append(store.user()).append("&password=").append(store.password()).append("'\n  refresh-interval: 100ms\n");
            config = dir.resolve("shards.yaml");
            Files.writeString(config, yaml);
            try (Connection c = connect(shard[0]); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE customer (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, v INT NOT NULL)");
                st.execute(dialect == Dialect.POSTGRESQL
                        ? "INSERT INTO customer SELECT g, 'c' || g, 0 FROM generate_series(1, " + ROWS + ") g"
                        : "INSERT INTO customer SELECT seq, CONCAT('c', seq), 0 FROM seq_1_to_" + ROWS);
            }
        }

        private TestDatabases.Db database(String name) throws SQLException {
            return dialect == Dialect.POSTGRESQL ? TestDatabases.postgres(name) : TestDatabases.mariaDb(name);
        }

        /** shardctl in its own JVM, moving buckets 0-7 of customer to s1. */
        Process child(String... extra) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ShardCtl.class.getName(), "--config", config.toString(),
                    "--json", "move", "buckets", "customer", "0-7", "--to", "s1"));
            cmd.addAll(List.of(extra));
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        }

        /** Runs the move in a child JVM that halts right after recording {@code state}; the move as it was left. */
        MoveJournal.Move haltedAfter(String state) throws Exception {
            Process p = child("--halt-after", state);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            MoveJournal.Move m = onlyMove();
            assertThat(m.state()).isEqualTo(state);
            return m;
        }

        MoveJournal.Move awaitMove(Process p, java.util.function.Predicate<MoveJournal.Move> until) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                assertThat(p.isAlive()).as("shardctl ended before the point of the kill (exit %s)", p.isAlive() ? "" : p.exitValue()).isTrue();
                List<MoveJournal.Move> moves = moves();
                if (!moves.isEmpty() && until.test(moves.get(0))) return moves.get(0);
                Thread.sleep(20);
            }
            throw new AssertionError("the move did not reach the point of the kill in time");
        }

        List<MoveJournal.Move> moves() throws SQLException {
            if (reader == null) reader = JdbcMetadataStore.open(store.url(), store.user(), store.password());
            return reader.moves().list();
        }

        MoveJournal.Move onlyMove() throws SQLException {
            List<MoveJournal.Move> moves = moves();
            assertThat(moves).hasSize(1);
            return moves.get(0);
        }

        MoveJournal.Move moveNow(String id) throws SQLException {
            return moves().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
        }

        void shardctlOk(String... args) {
            if (reader != null) reader.close();
            reader = null;
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--json"));
            all.addAll(List.of(args));
            int code = ShardCtl.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
            assertThat(code).as(out + "\n" + err).isEqualTo(ShardCtl.OK);
        }

        long keyInMovingBuckets() throws SQLException {
            for (long id = 1; ; id++) if (hash.bucketOf(id) < 8) return id;
        }

        /** Every row once: buckets 0-7 on s1, 8-15 on s0; the move done; no slot, no lease. */
        void assertMovedOnce(String id) throws SQLException {
            MoveJournal.Move m = moveNow(id);
            assertThat(m.state()).isEqualTo(MoveEngine.DONE);
            assertThat(m.leaseOwner()).isNull();
            List<Long> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                try (Connection c = connect(shard[i]); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT id, name, v FROM customer")) {
                    while (rs.next()) {
                        long key = rs.getLong(1);
                        assertThat(rs.getString(2)).isEqualTo("c" + key);
                        assertThat(hash.bucketOf(key) < 8 ? 1 : 0).as("shard of " + key).isEqualTo(i);
                        seen.add(key);
                    }
                }
            }
            assertThat(seen).hasSize(ROWS).doesNotHaveDuplicates();
            assertNoSlots();
        }

        /** After an abort: every row on s0 as loaded, none on s1, no fence row of the move, no slot, the topology unchanged. */
        void assertSourceAsBefore(String id) throws SQLException {
            MoveJournal.Move m = moveNow(id);
            assertThat(m.state()).isEqualTo(MoveEngine.ABORTED);
            assertThat(m.leaseOwner()).isNull();
            try (Connection c = connect(shard[0]); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT count(*) FROM customer")).isEqualTo(ROWS);
                if (count(st, "SELECT count(*) FROM pg_tables WHERE tablename = '" + Fence.TABLE + "'") > 0) {
                    assertThat(count(st, "SELECT count(*) FROM " + Fence.TABLE + " WHERE move_id = '" + id + "'")).isZero();
                }
                assertThat(st.executeUpdate("UPDATE customer SET v = v WHERE id = " + keyInMovingBuckets())).isEqualTo(1);
            }
            try (Connection c = connect(shard[1]); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT count(*) FROM customer")).isZero();
            }
            try (Connection c = connect(store); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT count(*) FROM sjdbc_bucket WHERE shard = 's1' AND topology_version = "
                        + "(SELECT topology_version FROM sjdbc_topology)")).isZero();
            }
            assertNoSlots();
        }

        /** Nothing of the change capture left: no slot or publication (PostgreSQL), no marker row (MariaDB). */
        private void assertNoSlots() throws SQLException {
            try (Connection c = connect(shard[0]); Statement st = c.createStatement()) {
                if (dialect == Dialect.POSTGRESQL) {
                    assertThat(count(st, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")).isZero();
                    assertThat(count(st, "SELECT count(*) FROM pg_publication")).isZero();
                } else {
                    assertThat(count(st, "SELECT COUNT(*) FROM " + MyCapture.MARKER_TABLE)).isZero();
                }
            }
        }

        private static long count(Statement st, String sql) throws SQLException {
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        Connection connect(TestDatabases.Db db) throws SQLException {
            Properties p = new Properties();
            if (db.user() != null) p.setProperty("user", db.user());
            if (db.password() != null) p.setProperty("password", db.password());
            return DriverManager.getConnection(db.url(), p);
        }
    }
}
