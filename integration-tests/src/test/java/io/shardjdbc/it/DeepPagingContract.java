package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.execute.PageSeekStats;
import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deep pages ({@code ORDER BY key LIMIT l OFFSET o} with a large offset) across 4 shards are fetched
 * by seek (a probe round, then a round bounded by the probe's keys) and must be exactly the page one
 * database holding every row returns: unique and tied keys, NULLs, DESC, dates, filters, parameters,
 * shards too small to reach their share of the offset, and pages past the end. The seek must also
 * read far fewer rows than the shards x (offset + limit) of the ordinary merge.
 */
abstract class DeepPagingContract extends ShardContract {
    static final int ROWS = 20_000;
    private static final String PAGES_DDL =
            "CREATE TABLE pages (id BIGINT PRIMARY KEY, k INT NULL, d DATE NOT NULL, grp VARCHAR(8) NOT NULL)";
    private static final String SKEWED_DDL = "CREATE TABLE skewed (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)";
    private static final long[] OFFSETS = {1000, 1234, 5003, 10_000, 19_990, 25_000};

    private ShardDatabases reference;

    DeepPagingContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "paging";
    }

    @Override
    protected String configBody() {
        return Schema.TABLES + """
                  pages:        { key: id, strategy: hash }
                  skewed:
                    key: id
                    strategy: range
                    ranges: [ { below: 100, shard: s0 }, { below: 200, shard: s1 }, { below: 1000000, shard: s2 }, { shard: s3 } ]
                """;
    }

    @Override
    protected void load() throws Exception {
        dbs.executeOnEach(PAGES_DDL, SKEWED_DDL);
        reference = ShardDatabases.create(dbs.server(), dbs.prefix() + "_ref", 1);
        reference.executeOnEach(PAGES_DDL, SKEWED_DDL);
        try (Connection sharded = ds.getConnection(); Connection ref = reference.connect(0)) {
            for (Connection c : List.of(sharded, ref)) {
                c.setAutoCommit(false);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO pages (id, k, d, grp) VALUES (?, ?, ?, ?)");
                     PreparedStatement s = c.prepareStatement("INSERT INTO skewed (id, v) VALUES (?, ?)")) {
                    for (long id = 1; id <= ROWS; id++) {
                        p.setLong(1, id);
                        if (id % 97 == 0) p.setNull(2, java.sql.Types.INTEGER); else p.setInt(2, (int) (id * 7919 % 5000));
                        p.setObject(3, LocalDate.parse("2020-01-01").plusDays(id * 31 % 3000));
                        p.setString(4, id % 3 == 0 ? "b" : "a");
                        p.addBatch();
                        s.setLong(1, id);
                        s.setLong(2, id * 13 % 20_011);
                        s.addBatch();
                    }
                    p.executeBatch();
                    s.executeBatch();
                }
                c.commit();
            }
        }
    }

    /** Each query takes the offset as its %d. */
    private List<String> queries() {
        List<String> q = new ArrayList<>(List.of(
                "SELECT id, k, grp FROM pages ORDER BY id LIMIT 20 OFFSET %d",
                "SELECT id FROM pages WHERE grp = 'b' ORDER BY id DESC LIMIT 15 OFFSET %d",
                "SELECT id AS x, d FROM pages ORDER BY x LIMIT 10 OFFSET %d",
                "SELECT p.id FROM pages p WHERE p.k < 2500 ORDER BY p.id LIMIT 30 OFFSET %d",
                "SELECT k FROM pages ORDER BY k LIMIT 25 OFFSET %d",
                "SELECT k FROM pages ORDER BY k DESC LIMIT 25 OFFSET %d",
                "SELECT d FROM pages ORDER BY d LIMIT 30 OFFSET %d",
                "SELECT d FROM pages WHERE grp = 'a' ORDER BY 1 DESC LIMIT 7 OFFSET %d",
                "SELECT id, v FROM skewed ORDER BY id LIMIT 20 OFFSET %d",
                "SELECT v FROM skewed ORDER BY v LIMIT 20 OFFSET %d",
                "SELECT v FROM skewed WHERE id >= 150 ORDER BY v DESC LIMIT 20 OFFSET %d"));
        if (isPostgres()) {
            q.add("SELECT k FROM pages ORDER BY k NULLS FIRST LIMIT 25 OFFSET %d");
            q.add("SELECT k FROM pages ORDER BY k DESC NULLS LAST LIMIT 25 OFFSET %d");
        }
        return q;
    }

    @Test
    void deepPagesMatchOneDatabaseHoldingEveryRow() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (String template : queries()) {
            for (long offset : OFFSETS) {
                String sql = template.formatted(offset);
                try (Connection c = ds.getConnection(); Connection r = reference.connect(0);
                     Statement st = c.createStatement(); Statement rst = r.createStatement()) {
                    List<List<Object>> actual = rows(st.executeQuery(sql));
                    List<List<Object>> expected = rows(rst.executeQuery(sql));
                    if (!actual.equals(expected)) {
                        mismatches.add(sql + "\n    reference " + expected + "\n    driver    " + actual);
                    }
                }
            }
        }
        assertThat(mismatches).as("deep pages that differ from the reference database").isEmpty();
        assertThat(Engine.of(ds).pageSeeks().served()).as("pages the seek served").isGreaterThan(20);
    }

    @Test
    void preparedDeepPagesWithParametersMatchAndReuseTheStatement() throws Exception {
        String sql = "SELECT id, grp FROM pages WHERE grp <> ? ORDER BY id LIMIT ? OFFSET ?";
        try (Connection c = ds.getConnection(); Connection r = reference.connect(0);
             PreparedStatement ps = c.prepareStatement(sql); PreparedStatement rps = r.prepareStatement(sql)) {
            for (long offset = 1000; offset < 16_000; offset += 1_111) {
                for (PreparedStatement p : List.of(ps, rps)) {
                    p.setString(1, "b");
                    p.setInt(2, 12);
                    p.setLong(3, offset);
                }
                assertThat(rows(ps.executeQuery())).as("offset %d", offset).isEqualTo(rows(rps.executeQuery()));
            }
        }
    }

    @Test
    void aSeekReadsFarFewerRowsThanShardsTimesOffsetPlusLimit() throws Exception {
        PageSeekStats stats = Engine.of(ds).pageSeeks();
        long servedBefore = stats.served();
        long rowsBefore = stats.rowsFetched();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, k, d, grp FROM pages ORDER BY id LIMIT 20 OFFSET 10000")) {
            assertThat(rows(rs)).hasSize(20);
        }
        assertThat(stats.served() - servedBefore).isEqualTo(1);
        long fetched = stats.rowsFetched() - rowsBefore;
        long ordinary = 4L * (10_000 + 20);
        assertThat(fetched).as("rows the seek read (the ordinary merge reads %d)", ordinary).isLessThan(ordinary / 20);
    }

    @Test
    void theExplainedPlanNamesTheSeek() throws Exception {
        assertThat(ds.explain("SELECT id FROM pages ORDER BY id LIMIT 20 OFFSET 10000").toString())
                .contains("seek on id from 2500 per shard");
        assertThat(ds.explain("SELECT id FROM pages ORDER BY id LIMIT 20 OFFSET 100").toString()).doesNotContain("seek");
    }
}
