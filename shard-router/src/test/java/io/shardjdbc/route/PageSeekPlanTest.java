package io.shardjdbc.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.mergeplan.PageSeek;
import io.shardjdbc.sql.Keywords;
import io.shardjdbc.sql.LexedSql;
import io.shardjdbc.sql.StatementAnalyzer;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Given a deep page on several shards: the probe, the bounded fetch and the small-shard SQL of its seek. */
class PageSeekPlanTest {
    private static PageSeek seek(Dialect d, int shards, String sql, Object... params) throws SQLException {
        StatementAnalyzer a = new StatementAnalyzer(d);
        LexedSql lexed = a.lex(sql);
        MergeTemplate t = MergePlanner.plan(a.shape(lexed, Keywords.kind(lexed)), lexed, d, "t");
        return t.seek(t.instantiate(Parameters.of(params)), shards, sql, lexed.paramOffsets());
    }

    private static PageSeek pg(String sql, Object... params) throws SQLException {
        return seek(Dialect.POSTGRESQL, 4, sql, params);
    }

    @Test
    void aDeepPageProbesEachShardAtItsShareOfTheOffsetThenFetchesBetweenBounds() throws SQLException {
        PageSeek s = pg("SELECT id, k FROM sbtest WHERE k > ? ORDER BY id LIMIT 20 OFFSET 10000", 5);
        assertThat(s.key()).isEqualTo("id");
        assertThat(s.shardOffset()).isEqualTo(2500);
        assertThat(s.window()).as("4 windows reach offset + limit").isEqualTo(5);
        assertThat(s.probeSql()).isEqualTo("SELECT id, k, id AS sj_h1 FROM sbtest WHERE k > ? ORDER BY id LIMIT 5 OFFSET 2500");
        assertThat(s.fetchSql("7", "99", false)).isEqualTo(
                "SELECT id, k, id AS sj_h1 FROM sbtest WHERE (k > ?) AND id >= 7 AND id <= 99 ORDER BY id LIMIT 10020");
        assertThat(s.smallSql()).isEqualTo("SELECT id, k, id AS sj_h1 FROM sbtest WHERE k > ? ORDER BY id LIMIT 2500");
    }

    @Test
    void withoutWhereTheBoundsBecomeOneAndDescendingBoundsAreReversed() throws SQLException {
        PageSeek s = seek(Dialect.MYSQL, 3, "SELECT s.id AS x FROM sbtest s ORDER BY x DESC LIMIT 3000, 10");
        assertThat(s.key()).isEqualTo("s.id");
        assertThat(s.fetchSql("900", "800", true)).startsWith(
                "SELECT s.id AS x, s.id AS sj_h1, WEIGHT_STRING(").contains("FROM sbtest s WHERE s.id <= 900 AND s.id >= 800 ORDER BY x DESC LIMIT 3010");
    }

    @Test
    void parametersOfLimitAndOffsetAreResolvedAndTheFilterKeepsItsMarkers() throws SQLException {
        PageSeek s = pg("SELECT id FROM sbtest WHERE c = ? ORDER BY id LIMIT ? OFFSET ?", "x", 10, 4000);
        assertThat(s.fetchParameters()).containsExactly(1);
        assertThat(s.probeParameters()).containsExactly(1);
        assertThat(s.probeSql()).endsWith("ORDER BY id LIMIT 3 OFFSET 1000");
    }

    @Test
    void shallowPagesAndShapesWithoutAPlainOrderColumnRunTheOrdinaryWay() throws SQLException {
        assertThat(pg("SELECT id FROM sbtest ORDER BY id LIMIT 20 OFFSET 999")).as("offset below the threshold").isNull();
        assertThat(seek(Dialect.POSTGRESQL, 1, "SELECT id FROM sbtest ORDER BY id LIMIT 20 OFFSET 5000")).as("one shard").isNull();
        assertThat(pg("SELECT id FROM sbtest ORDER BY id LIMIT 20")).as("no offset").isNull();
        assertThat(pg("SELECT id FROM sbtest ORDER BY k + 1 LIMIT 20 OFFSET 5000")).as("an expression").isNull();
        assertThat(pg("SELECT id FROM sbtest ORDER BY k, id LIMIT 20 OFFSET 5000")).as("two keys").isNull();
        assertThat(pg("SELECT DISTINCT k FROM sbtest ORDER BY k LIMIT 20 OFFSET 5000")).as("DISTINCT").isNull();
        assertThat(pg("SELECT k, COUNT(*) FROM sbtest GROUP BY k ORDER BY k LIMIT 20 OFFSET 5000")).as("GROUP BY").isNull();
        assertThat(pg("SELECT id FROM sbtest ORDER BY id LIMIT 20 OFFSET 5000 FOR UPDATE")).as("row locks").isNull();
        assertThat(pg("SELECT k + 1 AS id FROM sbtest ORDER BY id LIMIT 20 OFFSET 5000")).as("alias of an expression").isNull();
        assertThat(pg("SELECT a.id FROM sbtest a JOIN sbtest_c c ON c.id = a.id ORDER BY id LIMIT 20 OFFSET 5000"))
                .as("an unqualified name in a join").isNull();
    }
}
