package io.shardjdbc.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.config.Dialect;
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
 * Splits of range keys that are no numbers: a date key on PostgreSQL, a text key in a case-insensitive
 * collation on MariaDB (compared by code point, as the driver compares, not by the collation). The
 * rows from the value up move, the rest stay, the fence refuses the moved part on the source, and a
 * driver places new keys either side of the value on their shards. Databases {@code split_types_*}.
 */
class SplitKeyTypesTest {
    @Test
    void aDateKeySplitsAtADay(@TempDir Path dir) throws Exception {
        PgDeployment d = PgDeployment.create(Dialect.POSTGRESQL, dir, "split_types_pg", 2, 2,
                "  events: { key: day, strategy: range, key-type: date, ranges: [ { below: '2027-01-01', shard: s0 }, { shard: s1 } ] }\n");
        d.exec(0, "CREATE TABLE events (day DATE PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO events SELECT DATE '2026-01-01' + g, 0 FROM generate_series(0, 363) g");
        splitAndCheck(d, "day", "2026-07-01", "'2026-08-01'", "2025-12-31", "2026-12-31", 181, 183);
    }

    @Test
    void aTextKeySplitsByCodePointWhateverTheCollation(@TempDir Path dir) throws Exception {
        PgDeployment d = PgDeployment.create(Dialect.MYSQL, dir, "split_types_my", 2, 2,
                "  events: { key: code, strategy: range, key-type: string, ranges: [ { shard: s0 } ] }\n");
        // in utf8mb4_general_ci 'Apple' >= 'a'; by code point every capital comes before 'a', as the driver orders keys
        d.exec(0, "CREATE TABLE events (code VARCHAR(20) COLLATE utf8mb4_general_ci PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO events VALUES ('Apple', 0), ('Mango', 0), ('Zebra', 0), ('banana', 0), ('cherry', 0), ('zulu', 0)");
        splitAndCheck(d, "code", "a", "'kiwi'", "Zz", "b", 3, 3);
    }

    /**
     * Splits events (key column {@code key}) at {@code at} onto s1 and checks that {@code movedRows} rows went and {@code keptRows}
     * stayed, that inserting {@code fencedKey} on s0 directly is refused, and that the driver writes
     * {@code below} to s0 and {@code above} to s1.
     */
    private static void splitAndCheck(PgDeployment d, String key, String at, String fencedKey, String below, String above, long keptRows,
                                      long movedRows) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", d.config().toString(), "--json",
                "split", "range", "events", "--at", at, "--to", "s1")).as(out + "\n" + err).isEqualTo(ShardCtl.OK);
        assertThat(count(d, 0, "SELECT count(*) FROM events")).isEqualTo(keptRows);
        assertThat(count(d, 1, "SELECT count(*) FROM events")).isEqualTo(movedRows);
        try (Connection c = d.shard(0).connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO events (" + key + ", v) VALUES (" + fencedKey + ", 1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(Fence.SQLSTATE));
        }
        try (ShardDataSource driver = new ShardDataSource(d.config()); Connection c = driver.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO events (" + key + ", v) VALUES (?, 2)")) {
            for (String k : new String[] {below, above}) {
                ps.setObject(1, k.matches("\\d{4}-\\d\\d-\\d\\d") ? java.sql.Date.valueOf(k) : k);
                ps.executeUpdate();
            }
        }
        assertThat(count(d, 0, "SELECT count(*) FROM events WHERE v = 2")).isEqualTo(1);
        assertThat(count(d, 1, "SELECT count(*) FROM events WHERE v = 2")).isEqualTo(1);
        assertThat(ShardCtl.run(new PrintWriter(out), new PrintWriter(err), "--config", d.config().toString(), "verify"))
                .as(out + "\n" + err).isEqualTo(ShardCtl.OK);
    }

    private static long count(PgDeployment d, int shard, String sql) throws SQLException {
        try (Connection c = d.shard(shard).connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
