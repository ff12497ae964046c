package io.shardjdbc.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The SQL front end is bounded: long lists of plain values (IN lists, multi-row VALUES, chains of
 * {@code key = v OR ...}) are folded out of Calcite's text and route exactly as if parsed; what is
 * still too large or too deeply nested is refused with SQLState 54001 saying why, never an Error.
 */
class ParseBoundsTest {
    private final Topology pg = Topologies.postgres();
    private final Router router = new Router(pg, 1000);

    private int shardOf(Object key) throws SQLException {
        return ((ShardedTable) pg.table("customer")).placement().shardOf(key);
    }

    private Set<Integer> shardsOf(int from, int to) throws SQLException {
        Set<Integer> out = new TreeSet<>();
        for (long k = from; k < to; k++) out.add(shardOf(k));
        return out;
    }

    private static String chain(String column, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " OR ").append(column).append(" = ").append(i);
        return sb.toString();
    }

    private SQLException refused(String sql) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> router.route(sql, Parameters.NONE));
        assertThat((Throwable) e).as("refusal").isNotNull();
        return e;
    }

    @Test
    void aLongOrChainOnTheKeyRoutesToTheShardsOfItsValues() throws SQLException {
        String sql = "SELECT * FROM customer WHERE " + chain("customer_id", 4357); // about 60 KB
        RoutePlan p = router.route(sql, Parameters.NONE);
        assertThat(p.units()).extracting(RouteUnit::shard).containsExactlyElementsOf(shardsOf(0, 4357));
        assertThat(p.units()).allSatisfy(u -> assertThat(u.sql()).isEqualTo(sql));

        String inParens = "SELECT * FROM customer WHERE name <> 'x' AND (" + chain("customer_id", 40) + ")";
        assertThat(router.route(inParens, Parameters.NONE).units()).extracting(RouteUnit::shard)
                .containsExactlyElementsOf(shardsOf(0, 40));
    }

    @Test
    void aChainThatAnAndBindsIntoIsReadByThePlainParse() throws SQLException {
        // ... OR customer_id = 39 AND name = 'x': the last term binds with AND; the route is still the 40 keys'
        String sql = "SELECT * FROM customer WHERE " + chain("customer_id", 40) + " AND name = 'x'";
        assertThat(router.route(sql, Parameters.NONE).units()).extracting(RouteUnit::shard)
                .containsExactlyElementsOf(shardsOf(0, 40));
        String notFirst = "SELECT * FROM customer WHERE NOT " + chain("customer_id", 40);
        assertThat(router.route(notFirst, Parameters.NONE).units()).hasSize(pg.shardCount());
    }

    @Test
    void aMegabyteStatementOf60000TermsRoutes() throws SQLException {
        String sql = "SELECT * FROM customer WHERE " + chain("customer_id", 60_000);
        assertThat(sql.length()).isGreaterThan(1_000_000);
        assertThat(router.route(sql, Parameters.NONE).units()).hasSize(pg.shardCount());
    }

    @Test
    void aLongInListIsCutPerShardAfterFoldingAndEditsStillLandInPlace() throws SQLException {
        StringBuilder sb = new StringBuilder("SELECT customer_id FROM customer WHERE customer_id IN (");
        for (int i = 0; i < 1000; i++) sb.append(i == 0 ? "" : ",\n ").append(i);
        String sql = sb.append(") ORDER BY customer_id LIMIT 10 OFFSET 5").toString();
        RoutePlan p = router.route(sql, Parameters.NONE);
        assertThat(p.units()).extracting(RouteUnit::shard).containsExactlyElementsOf(shardsOf(0, 1000));
        for (RouteUnit u : p.units()) {
            assertThat(u.sql()).as("merge edit after the folded list").endsWith("ORDER BY customer_id LIMIT 15");
            String list = u.sql().substring(u.sql().indexOf("IN (") + 4, u.sql().indexOf(") ORDER"));
            for (String v : list.split(",")) assertThat(shardOf(Long.parseLong(v.trim()))).isEqualTo(u.shard());
        }
    }

    @Test
    void seventyThousandParameterMarkersAreCutSoEachShardReceivesOnlyItsOwn() throws SQLException {
        int n = 70_000;
        StringBuilder sb = new StringBuilder("SELECT * FROM customer WHERE customer_id IN (");
        Object[] params = new Object[n + 1];
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
            params[i] = (long) i;
        }
        params[n] = "x";
        String sql = sb.append(") AND name <> ?").toString();
        RoutePlan p = router.route(sql, Parameters.of(params));
        assertThat(p.units()).hasSize(pg.shardCount());
        int markers = 0;
        for (RouteUnit u : p.units()) {
            int count = u.parameterCount(n + 1);
            markers += count - 1;
            assertThat(count - 1).as("markers on %s", u.shardName()).isLessThan(65_535);
            for (int physical = 1; physical < count; physical++) {
                assertThat(shardOf(params[u.logicalIndex(physical) - 1])).isEqualTo(u.shard());
            }
            assertThat(u.logicalIndex(count)).as("the marker after the list").isEqualTo(n + 1);
        }
        assertThat(markers).isEqualTo(n);
    }

    @Test
    void aShortParameterListKeepsItsTextOnEveryShard() throws SQLException {
        String sql = "SELECT * FROM customer WHERE customer_id IN (?, ?, ?, ?, ?, ?, ?, ?)";
        RoutePlan p = router.route(sql, Parameters.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L));
        assertThat(p.units()).allSatisfy(u -> assertThat(u.sql()).isEqualTo(sql));
    }

    @Test
    void aFoldedMultiRowInsertSplitsByEachRowsKey() throws SQLException {
        StringBuilder sb = new StringBuilder("INSERT INTO customer (customer_id, name) VALUES ");
        for (int i = 0; i < 2000; i++) sb.append(i == 0 ? "" : ", ").append("(").append(i).append(", 'n''").append(i).append("')");
        RoutePlan p = router.route(sb.toString(), Parameters.NONE);
        assertThat(p.units()).extracting(RouteUnit::shard).containsExactlyInAnyOrderElementsOf(shardsOf(0, 2000));
        int rows = 0;
        for (RouteUnit u : p.units()) {
            for (String row : u.sql().substring(u.sql().indexOf("VALUES") + 6).split("\\),")) {
                long key = Long.parseLong(row.trim().substring(1, row.trim().indexOf(',')));
                assertThat(shardOf(key)).isEqualTo(u.shard());
                rows++;
            }
        }
        assertThat(rows).isEqualTo(2000);
    }

    @Test
    void deepNestingIsRefusedWithWhyNotAnError() {
        StringBuilder sb = new StringBuilder("SELECT * FROM customer WHERE customer_id IN (");
        for (int i = 0; i < 500; i++) sb.append("SELECT customer_id FROM orders WHERE customer_id IN (");
        sb.append("1");
        sb.append(")".repeat(501));
        SQLException e = refused(sb.toString());
        assertThat(e.getSQLState()).isEqualTo("54001");
        assertThat(e.getMessage()).contains("nest").contains("128");
    }

    @Test
    void tooManyTermsThatCannotBeFoldedAreRefusedWithWhy() {
        StringBuilder sb = new StringBuilder("SELECT * FROM customer WHERE ");
        for (int i = 0; i < 60_000; i++) sb.append(i == 0 ? "" : " OR ").append(i % 2 == 0 ? "name = " : "customer_id > ").append(i);
        SQLException e = refused(sb.toString());
        assertThat(e.getSQLState()).isEqualTo("54001");
        assertThat(e.getMessage()).contains("tokens").contains("20000");
    }

    @Test
    void aHintRunsAStatementTooLargeToAnalyse() throws SQLException {
        StringBuilder sb = new StringBuilder("/* shard: s2 */ SELECT * FROM customer WHERE ");
        for (int i = 0; i < 30_000; i++) sb.append(i == 0 ? "" : " OR ").append(i % 2 == 0 ? "name = " : "customer_id > ").append(i);
        assertThat(router.route(sb.toString(), Parameters.NONE).units()).extracting(RouteUnit::shardName).containsExactly("s2");
    }
}
