package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sorted pages across shards whose databases use a linguistic collation (ICU en-US: case and
 * accents are secondary differences, punctuation sorts apart), the default of many installations:
 * an ORDER BY ... LIMIT is merged in the database's own order — the same rows in the same order as
 * one database of that collation — and an ORDER BY over text without a LIMIT is still refused. A
 * federated query's final ORDER BY is the database's order too (it ranks the text values); a
 * federated MIN or MAX of text is refused.
 * (This machine has no en_US.UTF-8 libc locale; ICU is what PostgreSQL 15 offers here.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresLinguisticOrderIT {
    private static final String[] WORDS = {"apple", "Apple", "Äpfel", "apples", "banana", "Banana", "zebra", "Zebra", "éclair",
        "Eclair", "eclair", "_under", "under", "123", "a b", "ab", "a-b", "Ölfeld", "oelfeld", "Zürich", "zurich", "ß", "ss", "résumé",
        "resume", "Resume"};
    private ShardDatabases dbs;
    private ShardDataSource ds;
    private Connection reference;

    @BeforeAll
    void setUp() throws Exception {
        dbs = ShardDatabases.create(TestServers.get(TestServers.Kind.POSTGRESQL), "sjdbc_it_pg_icu", 5,
                "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
        // databases 0-3 are the shards, database 4 the one unsharded database to compare with
        List<String> shardUrls = dbs.urls().subList(0, 4);
        ds = new ShardDataSource(dbs.writeConfigText(dbs.shardsYaml(shardUrls) + "tables:\n  words: { key: id }\n"));
        reference = dbs.connect(4);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); Statement r = reference.createStatement()) {
            String ddl = "CREATE TABLE words (id BIGINT PRIMARY KEY, word VARCHAR(40))";
            s.execute(ddl);
            r.execute(ddl);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO words (id, word) VALUES (?, ?)");
                 PreparedStatement rs = reference.prepareStatement("INSERT INTO words (id, word) VALUES (?, ?)")) {
                for (int i = 0; i < 260; i++) {
                    String w = WORDS[i % WORDS.length] + (i % 3 == 0 ? "" : " " + (char) ('a' + i % 26));
                    for (PreparedStatement p : List.of(ps, rs)) {
                        p.setLong(1, i + 1);
                        p.setString(2, i % 17 == 0 ? null : w);
                        p.executeUpdate();
                    }
                }
            }
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        if (ds != null) ds.close();
        if (reference != null) reference.close();
    }

    @Test
    void sortedPagesAreTheOrderOfOneDatabaseOfTheSameCollation() throws SQLException {
        for (String sql : List.of(
                "SELECT id, word FROM words ORDER BY word, id LIMIT 20",
                "SELECT id, word FROM words ORDER BY word DESC, id LIMIT 15 OFFSET 30",
                "SELECT word, id FROM words WHERE id > 40 ORDER BY word NULLS FIRST, id DESC LIMIT 25 OFFSET 3",
                "SELECT DISTINCT word FROM words ORDER BY word LIMIT 30")) {
            try (Connection c = ds.getConnection()) {
                assertThat(ds.explain(sql).toString()).as(sql).doesNotContain("federated");
                assertThat(rows(c, sql)).as(sql).isEqualTo(rows(reference, sql));
            }
        }
    }

    @Test
    void textOrderedWithoutALimitIsStillRefusedNotReturnedInTheWrongOrder() {
        assertThatThrownBy(() -> {
            try (Connection c = ds.getConnection()) {
                rows(c, "SELECT id, word FROM words ORDER BY word, id");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("LIMIT")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0AS01"));
    }

    @Test
    void aFederatedQueryOrdersTextAsOneDatabaseOfTheSameCollation() throws SQLException {
        for (String sql : List.of(
                "SELECT word FROM words WHERE id < 150 UNION SELECT word FROM words WHERE id > 100 ORDER BY word NULLS FIRST",
                "SELECT w.id, w.word FROM words w JOIN words v ON v.id = w.id + 1 WHERE v.word IS NOT NULL "
                        + "ORDER BY w.word DESC, w.id",
                "SELECT word, COUNT(*) OVER () AS n FROM words ORDER BY word, id LIMIT 40 OFFSET 10")) {
            try (Connection c = ds.getConnection()) {
                assertThat(ds.explain(sql).isFederated()).as(sql).isTrue();
                assertThat(rows(c, sql)).as(sql).isEqualTo(rows(reference, sql));
            }
        }
    }

    @Test
    void aFederatedMinOrMaxOfTextIsRefusedNotComputedByCodePoint() {
        assertThatThrownBy(() -> {
            try (Connection c = ds.getConnection()) {
                rows(c, "SELECT MIN(w.word), MAX(v.word) FROM words w JOIN words v ON v.id = w.id + 1");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("MIN or MAX over text").hasMessageContaining("ICU")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0AS01"));
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) row.add(rs.getObject(i));
                out.add(row);
            }
        }
        return out;
    }
}
