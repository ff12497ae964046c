package io.shardjdbc.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.sql.TransactionCommand;
import io.shardjdbc.strategy.HashPlacement;
import io.shardjdbc.topology.ShardedTable;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given a topology and a statement with its parameters: exactly these shards and this physical SQL. */
class RouterTest {
    private final Topology pg = Topologies.postgres();
    private final Router router = new Router(pg, 1000);

    private RoutePlan route(String sql, Object... params) throws SQLException {
        return router.route(sql, Parameters.of(params));
    }

    /** Asserts that a statement is federated and returns the reason the router gives. */
    private String federated(String sql, Object... params) throws SQLException {
        RoutePlan p = route(sql, params);
        assertThat(p.isFederated()).as("federated: %s", sql).isTrue();
        assertThat(p.units()).as("a federated plan has no units of its own").isEmpty();
        assertThat(p.kind()).isEqualTo(StatementKind.QUERY);
        return p.federation().reason();
    }

    private int shardOf(String table, Object key) throws SQLException {
        return ((ShardedTable) pg.table(table)).placement().shardOf(key);
    }

    private static List<String> shards(RoutePlan p) {
        return p.units().stream().map(RouteUnit::shardName).toList();
    }

    @Test
    void pointSelectByParameterGoesToTheKeysShardUnchanged() throws SQLException {
        String sql = "SELECT name FROM customer WHERE customer_id = ?";
        RoutePlan p = route(sql, 42L);
        assertThat(p.units()).containsExactly(new RouteUnit(shardOf("customer", 42L), pg.shardName(shardOf("customer", 42L)), sql, null));
        assertThat(p.kind()).isEqualTo(StatementKind.QUERY);
    }

    @Test
    void literalKeysRouteLikeParameters() throws SQLException {
        for (int key = 0; key < 50; key++) {
            RoutePlan p = route("select * from customer c where c.customer_id = " + key + " and name like 'x%'");
            assertThat(p.units()).singleElement().extracting(RouteUnit::shard).isEqualTo(shardOf("customer", key));
        }
    }

    @Test
    void equalValuesOfDifferentTypesShareAShard() throws SQLException {
        int s = shardOf("customer", 5);
        assertThat(shardOf("customer", 5L)).isEqualTo(s);
        assertThat(shardOf("customer", "5")).isEqualTo(s);
        assertThat(shardOf("customer", new java.math.BigDecimal("5.00"))).isEqualTo(s);
    }

    @Test
    void aParameterInListKeepsItsTextAndBindsEachShardOnlyItsOwnValues() throws SQLException {
        String sql = "SELECT * FROM customer WHERE customer_id IN (?, ?, ?, ?) AND name <> ?";
        Object[] params = {1L, 2L, 3L, 4L, "x"};
        RoutePlan p = route(sql, params);
        java.util.Set<Integer> expectedShards = new java.util.TreeSet<>();
        for (int i = 0; i < 4; i++) expectedShards.add(shardOf("customer", params[i]));
        assertThat(p.units()).extracting(RouteUnit::shard).containsExactlyElementsOf(expectedShards);
        for (RouteUnit u : p.units()) {
            assertThat(u.sql()).as("same text on every shard, so prepared statements are reused").isEqualTo(sql);
            for (int physical = 1; physical <= 4; physical++) {
                Object bound = params[u.logicalIndex(physical) - 1];
                assertThat(shardOf("customer", bound)).as("IN value bound on %s", u.shardName()).isEqualTo(u.shard());
            }
            assertThat(u.logicalIndex(5)).isEqualTo(5);
        }
    }

    @Test
    void aLiteralInListIsCutDownToEachShardsValues() throws SQLException {
        RoutePlan p = route("SELECT * FROM sbtest WHERE id IN (1, 2, 5, 6) AND k = ?", 9);
        assertThat(p.units()).extracting(RouteUnit::sql).containsExactlyInAnyOrder(
                "SELECT * FROM sbtest WHERE id IN (1, 5) AND k = ?", "SELECT * FROM sbtest WHERE id IN (2, 6) AND k = ?");
        assertThat(p.units()).allSatisfy(u -> assertThat(u.parameterMap()).containsExactly(1));
    }

    @Test
    void modTablesKeepAnExistingIdModNSplit() throws SQLException {
        for (long id = -10; id < 40; id++) {
            RoutePlan p = route("SELECT c FROM sbtest WHERE id = ?", id);
            assertThat(p.units().get(0).shardName()).isEqualTo("s" + Math.floorMod(id, 4));
        }
    }

    @Test
    void multiRowInsertIsSplitPerShard() throws SQLException {
        String sql = "INSERT INTO sbtest (id, k, c) VALUES (?, ?, 'a'), (5, ?, 'b'), (?, 7, ?) RETURNING id";
        RoutePlan p = route(sql, 4L, 10, 11, 8L, "z");
        assertThat(p.units()).hasSize(2);
        RouteUnit s0 = p.units().stream().filter(u -> u.shardName().equals("s0")).findFirst().orElseThrow();
        RouteUnit s1 = p.units().stream().filter(u -> u.shardName().equals("s1")).findFirst().orElseThrow();
        assertThat(s0.sql()).isEqualTo("INSERT INTO sbtest (id, k, c) VALUES (?, ?, 'a'), (?, 7, ?) RETURNING id");
        assertThat(s0.parameterMap()).containsExactly(1, 2, 4, 5);
        assertThat(s1.sql()).isEqualTo("INSERT INTO sbtest (id, k, c) VALUES (5, ?, 'b') RETURNING id");
        assertThat(s1.parameterMap()).containsExactly(3);
        assertThat(p.updateCount()).isEqualTo(RoutePlan.UpdateCount.SUM);
    }

    @Test
    void singleRowInsertRunsUnchanged() throws SQLException {
        String sql = "insert into customer(customer_id, name) values (?, ?)";
        RoutePlan p = route(sql, 77L, "n");
        assertThat(p.units()).singleElement().satisfies(u -> {
            assertThat(u.sql()).isEqualTo(sql);
            assertThat(u.parameterMap()).isNull();
            assertThat(u.shard()).isEqualTo(shardOf("customer", 77L));
        });
    }

    @Test
    void rangePredicatesTouchOnlyOverlappingRanges() throws SQLException {
        assertThat(shards(route("SELECT * FROM events WHERE created_at BETWEEN ? AND ?", "2023-03-01", "2024-02-01")))
                .containsExactly("s0", "s1");
        assertThat(shards(route("SELECT * FROM events WHERE created_at >= DATE '2024-06-01'"))).containsExactly("s1", "s2");
        assertThat(shards(route("SELECT * FROM events WHERE created_at < ?", java.sql.Date.valueOf("2024-01-01"))))
                .containsExactly("s0");
        assertThat(shards(route("SELECT * FROM events WHERE created_at = ?", java.time.LocalDate.of(2030, 1, 1))))
                .containsExactly("s2");
    }

    @Test
    void broadcastReadsGoToOneShardAndWritesToAll() throws SQLException {
        assertThat(shards(route("SELECT name FROM countries WHERE code = ?", "DE"))).containsExactly("s0");
        RoutePlan w = route("INSERT INTO countries (code, name) VALUES (?, ?)", "DE", "Germany");
        assertThat(shards(w)).containsExactly("s0", "s1", "s2", "s3");
        assertThat(w.updateCount()).isEqualTo(RoutePlan.UpdateCount.FIRST);
    }

    @Test
    void ddlOnLogicalTablesIsBroadcast() throws SQLException {
        assertThat(shards(route("CREATE TABLE IF NOT EXISTS customer (customer_id BIGINT PRIMARY KEY, name TEXT)")))
                .containsExactly("s0", "s1", "s2", "s3");
        assertThat(shards(route("create unique index concurrently if not exists ix on orders (customer_id, status)")))
                .hasSize(4);
        assertThat(shards(route("CREATE TABLE audit_log (id serial primary key)"))).containsExactly("s0");
        assertThat(shards(route("DROP TABLE IF EXISTS audit_log, customer"))).hasSize(4);
    }

    @Test
    void shardHintRoutesEvenUnparsableStatements() throws SQLException {
        String sql = "/* shard: s2 */ UPDATE orders SET status = 'X' FROM customer c WHERE c.customer_id = orders.customer_id";
        assertThat(route(sql).units()).containsExactly(new RouteUnit(2, "s2", sql, null));
        assertThatThrownBy(() -> route("UPDATE orders SET status = 'X' FROM customer c WHERE c.customer_id = orders.customer_id"))
                .isInstanceOf(java.sql.SQLSyntaxErrorException.class)
                .hasMessageContaining("cannot parse").hasMessageContaining("hint");
    }

    @Test
    void changingTheShardKeyIsPlannedAsAMoveWhereTheRowsAreNow() throws SQLException {
        RoutePlan byKey = route("UPDATE customer SET name = ?, customer_id = ? WHERE customer_id = ?", "n", 1, 2);
        assertThat(byKey.units()).hasSize(1);
        assertThat(byKey.keyMove()).isNotNull();
        assertThat(byKey.keyMove().newKey(Parameters.of("n", 1, 2))).isEqualTo(1);
        assertThat(byKey.keyMove().refusal()).contains("customer_id").contains("transactions: atomic");
        RoutePlan byName = route("UPDATE customer SET customer_id = 7 WHERE name = ?", "x");
        assertThat(byName.units()).hasSize(4);
        assertThat(byName.keyMove().newKey(Parameters.NONE)).isEqualTo(7L);
        assertThat(route("UPDATE customer SET name = ? WHERE customer_id = ?", "n", 2).keyMove()).isNull();
    }

    @Test
    void aComputedShardKeyIsRejected() {
        assertThatThrownBy(() -> route("UPDATE customer SET customer_id = customer_id + 1 WHERE customer_id = ?", 2))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("customer_id").hasMessageContaining("computed value")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("0AS01");
    }

    @Test
    void scatterConcatenatesPlainRowsAndPlansAMergeForTheRest() throws SQLException {
        RoutePlan plain = route("SELECT * FROM customer WHERE name = ?", "x");
        assertThat(shards(plain)).hasSize(4);
        assertThat(plain.merge()).isNull();
        RoutePlan sorted = route("SELECT * FROM customer ORDER BY name LIMIT 10");
        assertThat(sorted.merge()).isNotNull();
        assertThat(sorted.units()).extracting(RouteUnit::sql)
                .containsOnly("SELECT *, name AS sj_h1 FROM customer ORDER BY name LIMIT 10");
        RoutePlan lowerCaseAggregate = route("select sum(total) from orders");
        assertThat(lowerCaseAggregate.merge()).isNotNull();
        assertThat(lowerCaseAggregate.merge().aggregates()).isTrue();
        RoutePlan one = route("SELECT count(*) FROM customer WHERE customer_id = ?", 3);
        assertThat(one.units()).hasSize(1);
        assertThat(one.merge()).as("one shard answers whole").isNull();
    }

    @Test
    void scatterRejectTablesNeedTheirKey() throws SQLException {
        assertThatThrownBy(() -> route("SELECT * FROM secrets WHERE v = 1"))
                .isInstanceOf(java.sql.SQLSyntaxErrorException.class).hasMessageContaining("scatter: reject");
        assertThat(shards(route("SELECT * FROM secrets WHERE id = 1"))).hasSize(1);
    }

    @Test
    void colocatedJoinOnTheKeyRunsInsideEachShard() throws SQLException {
        RoutePlan p = route("SELECT c.name, o.total FROM customer c JOIN orders o ON o.customer_id = c.customer_id "
                + "JOIN countries k ON k.code = c.country WHERE c.customer_id = ?", 9L);
        assertThat(p.units()).singleElement().extracting(RouteUnit::shard).isEqualTo(shardOf("customer", 9L));
        assertThat(p.isFederated()).as("co-located statements never touch the planner").isFalse();
        assertThat(federated("SELECT * FROM customer c JOIN orders o ON o.status = c.name WHERE c.customer_id = 1"))
                .contains("without equating their shard keys");
        assertThat(federated("SELECT * FROM customer c JOIN products p ON p.product_id = c.customer_id"))
                .contains("sharded independently");
    }

    @Test
    void joinsThatCannotRunInsideEachShardAreFederatedButCorrelatedWritesStayRefused() throws SQLException {
        assertThat(federated("SELECT c.name, p.name FROM customer c JOIN products p ON p.name = c.name WHERE p.product_id = ?", 3L))
                .contains("customer").contains("products");
        assertThatThrownBy(() -> route("UPDATE customer c SET name = (SELECT MAX(p.name) FROM products p WHERE p.price = c.customer_id)"))
                .as("a value per written row from other shards cannot be read first")
                .isInstanceOf(SQLFeatureNotSupportedException.class).hasFieldOrPropertyWithValue("SQLState", "0AS01");
        assertThatThrownBy(() -> route("SELECT * FROM customer c JOIN orders o ON o.status = c.name FOR UPDATE"))
                .as("row locks cannot be federated").isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("row locks");
    }

    @Test
    void subqueriesTiedToTheOuterRowsByTheShardKeyRunInsideEachShard() throws SQLException {
        assertThat(route("SELECT * FROM customer c WHERE c.customer_id IN (SELECT o.customer_id FROM orders o WHERE o.total > 100)")
                .units()).hasSize(4);
        assertThat(route("SELECT c.name FROM customer c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id "
                + "AND o.status = 'NEW') AND c.customer_id = ?", 7L).units()).hasSize(1);
        assertThat(route("SELECT c.name FROM customer c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE c.customer_id = o.customer_id)")
                .units()).hasSize(4);
        assertThat(route("SELECT c.name, (SELECT count(*) FROM orders o WHERE o.customer_id = c.customer_id) AS n FROM customer c")
                .units()).hasSize(4);
        assertThat(route("DELETE FROM orders WHERE customer_id IN (SELECT customer_id FROM customer WHERE email IS NULL)")
                .units()).hasSize(4);
    }

    @Test
    void subqueriesNotTiedByTheShardKeyAreFederated() throws SQLException {
        for (String sql : List.of(
                "SELECT * FROM customer WHERE customer_id = 1 AND name IN (SELECT name FROM customer)",
                "SELECT * FROM customer c WHERE c.name IN (SELECT o.status FROM orders o)",
                "SELECT * FROM customer c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.status = c.name)",
                "SELECT * FROM orders WHERE customer_id = 5 AND total > (SELECT avg(total) FROM orders)",
                "SELECT * FROM (SELECT * FROM customer) x",
                "SELECT * FROM countries k WHERE k.code IN (SELECT country FROM customer)")) {
            assertThat(federated(sql)).as(sql).contains("subquery");
        }
    }

    @Test
    void postgresCastsDoNotHideTheKey() throws SQLException {
        RoutePlan p = route("SELECT * FROM customer WHERE customer_id = ?::bigint FOR UPDATE SKIP LOCKED", "12");
        assertThat(p.units()).singleElement().extracting(RouteUnit::shard).isEqualTo(shardOf("customer", 12L));
    }

    @Test
    void upsertsRouteByTheirRows() throws SQLException {
        RoutePlan p = route("INSERT INTO customer (customer_id, name) VALUES (?, ?) ON CONFLICT (customer_id) "
                + "DO UPDATE SET name = EXCLUDED.name || ? RETURNING customer_id", 3L, "a", "b");
        assertThat(p.units()).singleElement().extracting(RouteUnit::shard).isEqualTo(shardOf("customer", 3L));
    }

    @Test
    void transactionStatementsBecomeCommands() throws SQLException {
        assertThat(route("BEGIN").transaction().action()).isEqualTo(TransactionCommand.Action.BEGIN);
        assertThat(route("start transaction").transaction().action()).isEqualTo(TransactionCommand.Action.BEGIN);
        assertThat(route("COMMIT;").transaction().action()).isEqualTo(TransactionCommand.Action.COMMIT);
        assertThat(route("ROLLBACK TO SAVEPOINT sp1").transaction())
                .isEqualTo(new TransactionCommand(TransactionCommand.Action.ROLLBACK_TO_SAVEPOINT, "sp1"));
        assertThat(route("release savepoint sp1").transaction())
                .isEqualTo(new TransactionCommand(TransactionCommand.Action.RELEASE_SAVEPOINT, "sp1"));
    }

    @Test
    void sessionStatementsGoEverywhere() throws SQLException {
        RoutePlan p = route("SET search_path TO app, public");
        assertThat(p.kind()).isEqualTo(StatementKind.SESSION);
        assertThat(p.units()).hasSize(4);
    }

    @Test
    void unknownTablesGoToTheDefaultShardOrAreRejected() throws SQLException {
        assertThat(shards(route("SELECT * FROM audit_log WHERE id = 3"))).containsExactly("s0");
        Router strict = new Router(Topologies.of("postgresql", "unknown-tables: reject\n"), 10);
        assertThatThrownBy(() -> strict.route("SELECT * FROM audit_log", Parameters.NONE))
                .isInstanceOf(java.sql.SQLSyntaxErrorException.class)
                .hasMessageContaining("audit_log")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42P01");
    }

    @Test
    void mysqlSyntaxRoutesToo() throws SQLException {
        Router my = new Router(Topologies.mysql(), 100);
        Topology t = my.topology();
        int s = ((ShardedTable) t.table("customer")).placement().shardOf("it's");
        RoutePlan p = my.route("SELECT `name` FROM `customer` WHERE `customer_id` = 'it\\'s' LIMIT 1", Parameters.NONE);
        assertThat(p.units()).singleElement().extracting(RouteUnit::shard).isEqualTo(s);
        RoutePlan up = my.route("INSERT INTO customer (customer_id, name) VALUES (?, \"n\") ON DUPLICATE KEY UPDATE name = VALUES(name)",
                Parameters.of(8L));
        assertThat(up.units()).singleElement().extracting(RouteUnit::shard)
                .isEqualTo(((ShardedTable) t.table("customer")).placement().shardOf(8L));
    }

    @Test
    void statementsWithoutTablesRunOnTheDefaultShard() throws SQLException {
        assertThat(shards(route("SELECT 1"))).containsExactly("s0");
        assertThat(shards(route("select now()"))).containsExactly("s0");
    }

    @Test
    void bucketsSpreadEvenly() {
        HashPlacement p = (HashPlacement) ((ShardedTable) pg.table("customer")).placement();
        int[] perShard = new int[4];
        for (int b = 0; b < p.buckets(); b++) perShard[p.shardOfBucket(b)]++;
        assertThat(perShard).containsExactly(256, 256, 256, 256);
    }

    @Test
    void orOfKeyPredicatesRoutesToTheUnion() throws SQLException {
        RoutePlan p = route("SELECT * FROM sbtest WHERE id = ? OR id = ? OR (id = 9 AND k > 3)", 1L, 2L);
        assertThat(shards(p)).containsExactly("s1", "s2");
        assertThat(shards(route("SELECT * FROM sbtest WHERE id = 1 OR k = 2"))).hasSize(4);
    }

    @Test
    void upsertParametersAfterTheRowsFollowEverySplit() throws SQLException {
        Router my = new Router(Topologies.mysql(), 100);
        RoutePlan p = my.route("INSERT INTO sbtest (id, k) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE k = k + ?",
                Parameters.of(1L, 10, 2L, 20, 5));
        assertThat(p.units()).extracting(RouteUnit::sql).containsOnly(
                "INSERT INTO sbtest (id, k) VALUES (?, ?) ON DUPLICATE KEY UPDATE k = k + ?");
        assertThat(p.units()).extracting(RouteUnit::parameterMap).containsExactly(new int[] {1, 2, 5}, new int[] {3, 4, 5});
    }

    @Test
    void aNullKeyMatchesNothingButAnInsertNeedsOne() throws SQLException {
        assertThat(route("SELECT * FROM customer WHERE customer_id = ?", (Object) null).units()).hasSize(1);
        assertThatThrownBy(() -> route("INSERT INTO customer (customer_id, name) VALUES (?, 'x')", (Object) null))
                .isInstanceOf(java.sql.SQLIntegrityConstraintViolationException.class).hasMessageContaining("customer_id");
        assertThatThrownBy(() -> route("INSERT INTO customer (name) VALUES ('x')"))
                .hasMessageContaining("must give its shard key customer_id");
    }

    @Test
    void windowFunctionsRunOnOneShardAndAreRefusedAcrossShards() throws SQLException {
        String sql = "SELECT order_id, row_number() OVER (PARTITION BY customer_id ORDER BY created_at DESC) AS rn, "
                + "sum(total) over (partition by customer_id) FROM orders WHERE customer_id = ?";
        assertThat(route(sql, 5L).units()).hasSize(1);
        assertThat(route(sql, 5L).isFederated()).as("one shard answers it whole").isFalse();
        assertThat(federated("SELECT order_id, rank() OVER (ORDER BY total) FROM orders")).contains("window");
        long other = 2;
        while (shardOf("orders", other) == shardOf("orders", 1L)) other++;
        assertThat(federated("SELECT order_id, rank() OVER (ORDER BY total) FROM orders WHERE customer_id IN (?, ?)", 1L, other))
                .contains("window");
    }

    @Test
    void tablesWrappedInSamplingOrOnlyStillRouteToEveryShard() throws SQLException {
        assertThat(route("SELECT customer_id FROM customer TABLESAMPLE SYSTEM (100)").units()).hasSize(4);
        assertThat(route("SELECT * FROM ONLY customer").units()).hasSize(4);
        assertThat(route("DELETE FROM ONLY customer WHERE customer_id = ?", 5L).units()).hasSize(1);
    }

    @Test
    void aShardedTableTheAnalysisDidNotReadAsATableIsFederated() throws SQLException {
        assertThat(federated("TABLE customer")).contains("sharded table customer");
    }

    @Test
    void unionAllOfShardedPartsRunsWhereAnyPartNeeds() throws SQLException {
        String sql = "SELECT name FROM customer WHERE customer_id = ? UNION ALL SELECT status FROM orders o WHERE o.customer_id = ?";
        RoutePlan two = route(sql, 1L, 2L);
        assertThat(two.units()).extracting(RouteUnit::shard)
                .containsExactlyInAnyOrderElementsOf(new java.util.TreeSet<>(List.of(shardOf("customer", 1L), shardOf("customer", 2L))));
        assertThat(two.units()).allSatisfy(u -> assertThat(u.sql()).isEqualTo(sql));
        assertThat(two.merge()).isNull();
        assertThat(two.isFederated()).isFalse();
        assertThat(federated("SELECT name FROM customer UNION ALL SELECT name FROM countries"))
                .as("a broadcast-only part would repeat on every shard").contains("repeat");
        assertThat(federated("SELECT name FROM customer UNION SELECT status FROM orders")).contains("set operation");
        assertThat(federated("SELECT name FROM customer UNION ALL SELECT status FROM orders ORDER BY 1")).contains("ORDER BY");
    }

    @Test
    void anInListNarrowedFurtherByAnotherKeyConditionRoutesToTheIntersection() throws SQLException {
        assertThat(shards(route("SELECT * FROM sbtest WHERE id IN (?, ?, ?) AND id = ?", 1L, 2L, 3L, 2L)))
                .containsExactly("s2");
        assertThat(shards(route("SELECT * FROM sbtest WHERE id IN (?, ?, ?) AND k = ?", 1L, 2L, 5L, 9)))
                .containsExactly("s1", "s2");
        assertThat(shards(route("SELECT * FROM sbtest WHERE id IN (?, ?)", null, null))).hasSize(1);
    }
}
