package io.shardjdbc.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.mergeplan.MergePlan;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.Router;
import io.shardjdbc.topology.Topology;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The merge primitives on their own: given a statement (its merge plan comes from the router) and the
 * rows each shard returned for it (written out here, hidden columns included, in each shard's order),
 * exactly this merged result. Shard rows are literal VALUES served by an in-memory H2 database, so the
 * primitives read real {@link ResultSet}s.
 */
class MergePrimitivesTest {
    private static final String YAML = """
            shards:
              s0: { url: jdbc:postgresql://db0/app }
              s1: { url: jdbc:postgresql://db1/app }
              s2: { url: jdbc:postgresql://db2/app }
            tables:
              t: { key: id, strategy: hash, function: mod, buckets: 3 }
            """;
    private static final List<String> SHARDS = List.of("s0", "s1", "s2");
    private final Router router = new Router(Topology.of(ConfigLoader.parse("merge.yaml", YAML, Map.of(), k -> null)), 100);
    private Connection h2;

    @BeforeEach
    void open() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:");
    }

    @AfterEach
    void close() throws SQLException {
        h2.close();
    }

    private MergePlan plan(String sql) throws SQLException {
        RoutePlan p = router.route(sql, Parameters.NONE);
        assertThat(p.units()).as("scatters over every shard: %s", p).hasSize(3);
        return p.merge();
    }

    /** One shard's result: {@code columns} names, then each row's values as SQL literals. */
    private ResultSet shard(String columns, String... rows) throws SQLException {
        int n = columns.split(",").length;
        String values = rows.length == 0
                ? "(" + String.join(", ", java.util.Collections.nCopies(n, "CAST(NULL AS INT)")) + ")"
                : String.join(", ", Arrays.stream(rows).map(r -> "(" + r + ")").toList());
        String sql = "SELECT * FROM (VALUES " + values + ") AS v(" + columns + ")" + (rows.length == 0 ? " WHERE 1 = 0" : "");
        return h2.createStatement().executeQuery(sql);
    }

    /** The merged rows as text, {@code |} between columns (the value types are the shards'). */
    private static List<String> read(ShardCursor c, int visible) throws SQLException {
        List<String> out = new ArrayList<>();
        while (c.next()) {
            Object[] row = new Object[visible];
            for (int i = 1; i <= visible; i++) row[i - 1] = c.current().getObject(i);
            out.add(text(row));
        }
        c.close();
        return out;
    }

    private static List<String> rows(List<Object[]> merged) {
        return merged.stream().map(MergePrimitivesTest::text).toList();
    }

    private static String text(Object[] row) {
        return String.join("|", Arrays.stream(row).map(String::valueOf).toList());
    }

    private List<String> sortMerge(MergePlan plan, int visible, long maxRows, ResultSet... parts) throws SQLException {
        return read(new SortMergeCursor(List.of(parts), SHARDS, plan, maxRows, 1_000_000, TextOrder.CODE_POINT), visible);
    }

    @Test
    void aDescendingTopKTakesTheLargestAcrossShardsAndPutsNullsFirstAsPostgreSqlDoes() throws SQLException {
        MergePlan p = plan("SELECT id, k FROM t ORDER BY k DESC LIMIT 4");
        // each shard sorted k DESC (NULLs first on PostgreSQL), hidden sort column last
        assertThat(sortMerge(p, 2, 0,
                shard("id, k, h", "3, 90, 90", "6, 10, 10"),
                shard("id, k, h", "1, NULL, NULL", "4, 90, 90", "7, 5, 5"),
                shard("id, k, h", "2, 50, 50")))
                .containsExactly("1|null", "3|90", "4|90", "2|50");
    }

    @Test
    void tiesKeepTheShardOrderSoEqualKeysComeOutInAStableOrder() throws SQLException {
        MergePlan p = plan("SELECT id, k FROM t ORDER BY k");
        assertThat(sortMerge(p, 2, 0,
                shard("id, k, h", "3, 1, 1", "6, 2, 2"),
                shard("id, k, h", "1, 1, 1", "4, 2, 2"),
                shard("id, k, h", "2, 1, 1")))
                .containsExactly("3|1", "1|1", "2|1", "6|2", "4|2");
    }

    @Test
    void offsetAndLimitSkipAcrossShardsAndAnEmptyShardContributesNothing() throws SQLException {
        MergePlan p = plan("SELECT id FROM t ORDER BY id LIMIT 2 OFFSET 3");
        assertThat(sortMerge(p, 1, 0,
                shard("id, h", "3, 3", "6, 6", "9, 9"),
                shard("id, h"),
                shard("id, h", "2, 2", "5, 5", "8, 8")))
                .containsExactly("6", "8");
    }

    @Test
    void theStatementsMaxRowsCutsTheMergedStream() throws SQLException {
        MergePlan p = plan("SELECT id FROM t ORDER BY id");
        assertThat(sortMerge(p, 1, 2, shard("id, h", "3, 3"), shard("id, h", "1, 1"), shard("id, h", "2, 2")))
                .containsExactly("1", "2");
    }

    @Test
    void distinctDropsRowsAnotherShardAlreadyReturned() throws SQLException {
        MergePlan p = plan("SELECT DISTINCT k FROM t");
        assertThat(sortMerge(p, 1, 0, shard("k", "1", "2"), shard("k", "2", "NULL"), shard("k", "NULL", "1")))
                .containsExactlyInAnyOrder("1", "2", "null");
    }

    @Test
    void countAndSumFoldAcrossShardsAndNoRowsStillGiveOneRow() throws SQLException {
        MergePlan p = plan("SELECT COUNT(*), SUM(k) FROM t");
        GroupedMerge g = new GroupedMerge(p, 1_000_000, TextOrder.CODE_POINT);
        assertThat(rows(g.merge(List.of(shard("c, s", "2, 30"), shard("c, s", "0, NULL"), shard("c, s", "1, 5")), SHARDS, 2)))
                .containsExactly("3|35");
        assertThat(rows(g.merge(List.of(shard("c, s", "0, NULL"), shard("c, s", "0, NULL"), shard("c, s", "0, NULL")), SHARDS, 2)))
                .as("SUM of no rows is NULL, COUNT is 0").containsExactly("0|null");
    }

    @Test
    void avgIsTheSumOfSumsOverTheSumOfCountsWithPostgreSqlsDivision() throws SQLException {
        MergePlan p = plan("SELECT AVG(k) FROM t");
        // the shard SQL is SELECT AVG(k), SUM(k) AS sj_h1, COUNT(k) AS sj_h2: the shards' own AVG is not used
        List<Object[]> merged = new GroupedMerge(p, 1_000_000, TextOrder.CODE_POINT).merge(List.of(
                shard("a, s, c", "1.5, 3, 2"), shard("a, s, c", "NULL, NULL, 0"), shard("a, s, c", "4, 4, 1")), SHARDS, 1);
        assertThat(merged).hasSize(1);
        assertThat((BigDecimal) merged.get(0)[0]).isEqualByComparingTo("2.3333333333333333");
    }

    @Test
    void groupsFoldAcrossShardsThenHavingOrderByAndLimitApplyToTheGroups() throws SQLException {
        MergePlan p = plan("SELECT k, COUNT(*) FROM t GROUP BY k HAVING COUNT(*) > 1 ORDER BY k DESC LIMIT 2");
        // shard SQL: SELECT k, COUNT(*), COUNT(*) AS sj_h1 ... GROUP BY k (HAVING and LIMIT are the merge's)
        List<Object[]> merged = new GroupedMerge(p, 1_000_000, TextOrder.CODE_POINT).merge(List.of(
                shard("k, c, h", "1, 1, 1", "2, 1, 1", "3, 1, 1"),
                shard("k, c, h", "1, 2, 2", "3, 1, 1"),
                shard("k, c, h", "2, 1, 1", "4, 1, 1", "NULL, 2, 2")), SHARDS, 2);
        assertThat(rows(merged)).as("groups 1 (3), 2 (2), 3 (2), NULL (2) pass HAVING; DESC puts NULL first")
                .containsExactly("null|2", "3|2");
    }

    @Test
    void minAndMaxIgnoreNullsAndShardsWithoutRows() throws SQLException {
        MergePlan p = plan("SELECT MIN(k), MAX(k) FROM t");
        List<Object[]> merged = new GroupedMerge(p, 1_000_000, TextOrder.CODE_POINT).merge(List.of(
                shard("mn, mx", "5, 9"), shard("mn, mx", "NULL, NULL"), shard("mn, mx", "-2, 3")), SHARDS, 2);
        assertThat(rows(merged)).containsExactly("-2|9");
    }

    @Test
    void moreGroupsThanTheCapFailWith54000InsteadOfExhaustingMemory() throws SQLException {
        MergePlan p = plan("SELECT k, COUNT(*) FROM t GROUP BY k");
        GroupedMerge g = new GroupedMerge(p, 2, TextOrder.CODE_POINT);
        assertThatThrownBy(() -> g.merge(List.of(shard("k, c", "1, 1", "2, 1"), shard("k, c", "3, 1"), shard("k, c")), SHARDS, 2))
                .isInstanceOf(SQLException.class).satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54000"));
    }

    @Test
    void textUnderALinguisticCollationIsRefusedRatherThanOrderedWrongly() throws SQLException {
        MergePlan p = plan("SELECT MIN(name) FROM t");
        GroupedMerge g = new GroupedMerge(p, 1_000, TextOrder.refused("s0 (collation en_US.UTF-8)"));
        assertThatThrownBy(() -> g.merge(List.of(shard("n", "'b'"), shard("n", "'a'"), shard("n", "'c'")), SHARDS, 1))
                .isInstanceOf(SQLException.class).hasMessageContaining("en_US.UTF-8");
    }
}
