package io.shardjdbc.it.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardjdbc.ShardDataSource;
import io.shardjdbc.it.differential.QueryCase.Order;
import io.shardjdbc.it.support.TestServers;
import io.shardjdbc.route.RoutePlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Federation's core shapes on the differential data set: each query is one the shards cannot
 * answer whole (joins not on the shard key, set operations, window functions, untied subqueries,
 * derived tables, CTEs, ...); it must be federated and agree with one unsharded database. Shapes
 * federation cannot compute as the database does must be refused with 0AS01, never answered wrongly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FederationContract {
    private final TestServers.Kind kind;
    private DiffDatabases dbs;
    private ShardDataSource ds;
    private Connection reference;
    private Connection driver;
    private Results.Collation collation;

    FederationContract(TestServers.Kind kind) {
        this.kind = kind;
    }

    boolean postgres() {
        return kind == TestServers.Kind.POSTGRESQL;
    }

    @BeforeAll
    void load() throws Exception {
        dbs = DiffDatabases.create(kind, "fed" + kind.tag());
        DataSet data = new DataSet(postgres());
        dbs.executeEverywhere(data.ddl());
        ds = new ShardDataSource(dbs.writeConfig(DataSet.TABLES));
        try (Connection c = ds.getConnection()) {
            data.load(c);
        }
        try (Connection r = dbs.connectReference()) {
            data.load(r);
        }
        reference = dbs.connectReference();
        driver = ds.getConnection();
        collation = postgres() ? null : new Results.Collation(reference);
    }

    @AfterAll
    void close() throws Exception {
        if (driver != null) driver.close();
        if (reference != null) reference.close();
        if (ds != null) ds.close();
    }

    private static QueryCase u(String sql, Object... params) {
        return new QueryCase(sql, params, Order.UNORDERED, null, null, params.length > 0);
    }

    private static QueryCase o(String sql, Object... params) {
        return new QueryCase(sql, params, Order.ORDERED, null, null, params.length > 0);
    }

    /** Queries federated on both dialects (no text compared, ordered or grouped in the driver). */
    static List<QueryCase> both() {
        List<QueryCase> q = new ArrayList<>();
        // a join of two independently sharded tables (events by date range, customers by hash of the id)
        q.add(u("SELECT e.event_id, c.customer_id, c.tier FROM events e JOIN customers c ON c.customer_id = e.customer_id"));
        q.add(u("SELECT e.event_id, c.name FROM events e JOIN customers c ON c.customer_id = e.customer_id WHERE e.severity = 2"));
        q.add(u("SELECT e.event_id, c.customer_id FROM events e LEFT JOIN customers c ON c.customer_id = e.customer_id AND c.tier = 1"));
        q.add(u("SELECT c.customer_id, e.event_id FROM customers c LEFT JOIN events e ON e.customer_id = c.customer_id WHERE c.credit > 20"));
        // co-located tables joined on another column than the key
        q.add(u("SELECT o.order_id, c.customer_id FROM orders o JOIN customers c ON c.tier = o.qty WHERE o.amount > 250"));
        q.add(u("SELECT COUNT(*) FROM orders o JOIN customers c ON c.tier = o.qty"));
        // sharded x broadcast x sharded
        q.add(u("SELECT e.event_id, c.customer_id, k.vat FROM events e JOIN customers c ON c.customer_id = e.customer_id "
                + "JOIN countries k ON k.vat = c.tier + 17.5"));
        q.add(u("SELECT o.order_id, p.promo_id, e.event_id FROM orders o JOIN promos p ON p.pct = o.qty * 5 "
                + "JOIN events e ON e.severity = p.promo_id AND e.customer_id = o.customer_id"));
        // set operations
        q.add(u("SELECT customer_id FROM customers WHERE tier = 1 UNION SELECT customer_id FROM events WHERE severity = 3"));
        q.add(u("SELECT customer_id FROM customers INTERSECT SELECT customer_id FROM events"));
        q.add(u("SELECT customer_id FROM customers EXCEPT SELECT customer_id FROM orders"));
        q.add(o("SELECT customer_id, tier FROM customers WHERE tier IS NULL UNION ALL SELECT customer_id, severity FROM events "
                + "WHERE event_id < 20 ORDER BY 2, 1"));
        q.add(o("SELECT customer_id FROM customers WHERE customer_id < 40 UNION SELECT customer_id FROM events WHERE customer_id < 60 "
                + "ORDER BY customer_id DESC LIMIT 15"));
        // window functions
        q.add(u("SELECT order_id, ROW_NUMBER() OVER (ORDER BY order_id) AS rn FROM orders"));
        q.add(u("SELECT order_id, customer_id, RANK() OVER (PARTITION BY customer_id ORDER BY amount DESC, order_id) AS r FROM orders"));
        q.add(u("SELECT order_id, SUM(qty) OVER (PARTITION BY customer_id) AS s FROM orders"));
        q.add(u("SELECT customer_id, DENSE_RANK() OVER (ORDER BY tier) AS dr FROM customers"));
        q.add(o("SELECT order_id, qty, ROW_NUMBER() OVER (ORDER BY qty, order_id) AS rn FROM orders ORDER BY rn LIMIT 25"));
        // derived tables and CTEs
        q.add(u("SELECT COUNT(*) FROM (SELECT customer_id FROM orders) t"));
        q.add(u("SELECT t.customer_id, t.n FROM (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) t WHERE t.n > 3"));
        q.add(u("WITH t AS (SELECT customer_id FROM orders) SELECT COUNT(*) FROM t"));
        q.add(o("WITH big AS (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id) "
                + "SELECT c.customer_id, b.total FROM customers c JOIN big b ON b.customer_id = c.customer_id "
                + "ORDER BY b.total DESC, c.customer_id LIMIT 10"));
        // correlated EXISTS / NOT EXISTS on a non-key column
        q.add(u("SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.qty = c.tier AND o.amount > 400)"));
        q.add(u("SELECT c.customer_id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id)"));
        q.add(u("SELECT e.event_id FROM events e WHERE e.customer_id IN (SELECT customer_id FROM customers WHERE tier = 3)"));
        q.add(u("SELECT e.event_id FROM events e WHERE e.customer_id NOT IN (SELECT customer_id FROM customers WHERE tier IS NOT NULL)"));
        // scalar subqueries
        q.add(u("SELECT order_id FROM orders WHERE qty > (SELECT MAX(severity) FROM events)"));
        q.add(u("SELECT c.customer_id, (SELECT COUNT(*) FROM events e WHERE e.customer_id = c.customer_id) AS n FROM customers c"));
        // GROUP BY + HAVING over an expression
        q.add(u("SELECT o.qty * 2 AS q2, COUNT(*) FROM orders o JOIN customers c ON c.tier = o.qty GROUP BY o.qty * 2 "
                + "HAVING COUNT(*) + 1 > 10"));
        q.add(u("SELECT e.severity, COUNT(*), SUM(c.credit) FROM events e JOIN customers c ON c.customer_id = e.customer_id "
                + "GROUP BY e.severity HAVING SUM(c.credit) > 0 OR e.severity IS NULL"));
        q.add(o("SELECT c.tier, COUNT(e.event_id) AS n FROM customers c LEFT JOIN events e ON e.customer_id = c.customer_id "
                + "GROUP BY c.tier ORDER BY n DESC, c.tier"));
        // ORDER BY / LIMIT over federated shapes, NULLs where the database puts them
        q.add(o("SELECT e.event_id, c.tier FROM events e JOIN customers c ON c.customer_id = e.customer_id ORDER BY c.tier, e.event_id LIMIT 40"));
        q.add(o("SELECT e.event_id, c.tier FROM events e JOIN customers c ON c.customer_id = e.customer_id ORDER BY c.tier DESC, e.event_id DESC LIMIT 40"));
        // AVG as the database computes it (PostgreSQL numeric scale, MySQL scale + 4, floats for floats)
        q.add(u("SELECT AVG(c.credit) FROM events e JOIN customers c ON c.customer_id = e.customer_id"));
        q.add(u("SELECT e.severity, AVG(c.credit), AVG(c.tier), AVG(c.score) FROM events e JOIN customers c "
                + "ON c.customer_id = e.customer_id GROUP BY e.severity"));
        q.add(u("SELECT AVG(DISTINCT o.qty), COUNT(*) FROM orders o JOIN customers c ON c.tier = o.qty"));
        // division over one table's columns: the shard computes it (PostgreSQL truncates integers, MariaDB gives decimals)
        q.add(u("SELECT order_id, qty / 2, qty / -3 FROM orders o WHERE EXISTS (SELECT 1 FROM events e WHERE e.severity = o.qty)"));
        // text joined and de-duplicated by the database's rules (on MariaDB by collation weights the shards send)
        q.add(u("SELECT c.customer_id, k.name FROM customers c JOIN countries k ON k.code = c.country JOIN events e ON e.customer_id = c.customer_id"));
        q.add(u("SELECT name FROM customers UNION SELECT status FROM orders"));
        // parameters
        q.add(u("SELECT e.event_id, c.customer_id FROM events e JOIN customers c ON c.customer_id = e.customer_id WHERE e.severity = ? AND c.tier > ?", 1, 0));
        q.add(u("SELECT c.customer_id FROM customers c WHERE c.customer_id IN (?, ?, ?) UNION SELECT customer_id FROM events WHERE event_date = ?",
                3L, 4L, 5L, java.time.LocalDate.parse("2024-02-10")));
        return q;
    }

    /** PostgreSQL only: text in the driver (code point equality), integer division. */
    static List<QueryCase> postgresOnly() {
        List<QueryCase> q = new ArrayList<>();
        q.add(u("SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.status = c.name)"));
        q.add(u("SELECT k.region, COUNT(*) FROM events e JOIN customers c ON c.customer_id = e.customer_id JOIN countries k ON k.code = c.country GROUP BY k.region"));
        q.add(o("SELECT c.tier, AVG(o.amount) * 2 AS a2 FROM customers c JOIN orders o ON o.qty = c.tier GROUP BY c.tier ORDER BY c.tier"));
        q.add(u("SELECT customer_id FROM orders GROUP BY customer_id HAVING AVG(amount) > "
                + "(SELECT AVG(o2.amount) FROM orders o2 JOIN customers c ON c.tier = o2.qty)"));
        // MIN/MAX over text by code point, as under C.UTF-8
        q.add(u("SELECT c.tier, MIN(c.name), MAX(c.name), MAX(e.event_date), MIN(c.credit) FROM customers c "
                + "JOIN events e ON e.customer_id = c.customer_id GROUP BY c.tier"));
        q.add(u("SELECT MAX(name), MIN(status) FROM (SELECT c.name, o.status FROM customers c JOIN orders o ON o.qty = c.tier) t"));
        // the final ORDER BY over text is the driver's, by code point as under the C.UTF-8 collation (😀 vs \uE000)
        q.add(o("SELECT name FROM customers UNION SELECT status FROM orders ORDER BY 1"));
        q.add(o("SELECT name FROM customers UNION SELECT status FROM orders ORDER BY 1 DESC LIMIT 7 OFFSET 2"));
        q.add(o("SELECT e.event_id FROM events e JOIN customers c ON c.customer_id = e.customer_id ORDER BY c.name, e.event_id LIMIT ?", 50));
        q.add(o("SELECT c.city, e.event_id FROM events e JOIN customers c ON c.customer_id = e.customer_id "
                + "ORDER BY c.city DESC NULLS LAST, e.event_id LIMIT 60"));
        return q;
    }

    /** Shapes federation must refuse on this dialect (the database computes them its own way). */
    List<String> refused() {
        List<String> q = new ArrayList<>();
        q.add("SELECT customer_id, AVG(tier) OVER (ORDER BY customer_id) FROM customers");
        q.add("SELECT customer_id, ROW_NUMBER() OVER (ORDER BY name, customer_id) FROM customers");
        q.add("SELECT customer_id, MAX(name) OVER (PARTITION BY tier) FROM customers");
        if (!postgres()) q.add("SELECT c.tier, MAX(c.name) FROM customers c JOIN events e ON e.customer_id = c.customer_id GROUP BY c.tier");
        if (!postgres()) {
            q.add("SELECT name FROM customers UNION SELECT status FROM orders ORDER BY 1");
            q.add("SELECT c.tier, AVG(e.severity) * 2 FROM customers c JOIN events e ON e.customer_id = c.customer_id GROUP BY c.tier");
            q.add("SELECT c.tier, AVG(e.severity) AS a FROM customers c JOIN events e ON e.customer_id = c.customer_id "
                    + "GROUP BY c.tier ORDER BY a");
        }
        return q;
    }

    @TestFactory
    Stream<DynamicTest> federatedQueriesAgreeWithTheReference() {
        List<QueryCase> cases = new ArrayList<>(both());
        if (postgres()) cases.addAll(postgresOnly());
        return cases.stream().map(q -> DynamicTest.dynamicTest(q.name(), () -> {
            assertThat(ds.explain(q.sql(), q.params()).isFederated()).as("federated: %s", q.sql()).isTrue();
            Results.Result expected = Results.run(reference, q);
            Results.Result actual = Results.run(driver, q);
            assertThat(Results.differences(q, expected, actual, collation))
                    .as("%s\nthrough jdbc:shard: and on the unsharded database", q.sql()).isEmpty();
        }));
    }

    /** A write whose subquery (or INSERT source) reads other shards' rows, and a query that shows what it changed. */
    record WriteCase(String write, Object[] params, String check) {
        WriteCase(String write, String check, Object... params) {
            this(write, params, check);
        }
    }

    static List<WriteCase> writes() {
        List<WriteCase> w = new ArrayList<>();
        // IN over an independently sharded table (events by date range, customers by hash)
        w.add(new WriteCase("UPDATE customers SET tier = 9 WHERE customer_id IN (SELECT customer_id FROM events WHERE severity = 3)",
                "SELECT customer_id, tier FROM customers"));
        w.add(new WriteCase("DELETE FROM orders WHERE qty > ? AND customer_id IN (SELECT customer_id FROM events WHERE severity = ?)",
                "SELECT order_id FROM orders", 2, 2));
        // NOT IN with NULLs on both sides: a NULL outer value, or a NULL in the list, matches nothing
        w.add(new WriteCase("DELETE FROM events WHERE customer_id NOT IN (SELECT customer_id FROM customers WHERE tier = 1)",
                "SELECT event_id FROM events"));
        w.add(new WriteCase("UPDATE events SET severity = 0 WHERE severity NOT IN (SELECT tier FROM customers WHERE customer_id < 20)",
                "SELECT event_id, severity FROM events"));
        // a subquery that finds nothing
        w.add(new WriteCase("DELETE FROM customers WHERE customer_id IN (SELECT customer_id FROM events WHERE severity = 999)",
                "SELECT COUNT(*) FROM customers"));
        w.add(new WriteCase("UPDATE promos SET pct = 1 WHERE promo_id NOT IN (SELECT customer_id FROM events WHERE severity = 999)",
                "SELECT promo_id, pct FROM promos"));
        // scalar subqueries, in SET and in WHERE
        w.add(new WriteCase("UPDATE orders SET qty = (SELECT MAX(severity) FROM events) WHERE amount > 400",
                "SELECT order_id, qty FROM orders"));
        w.add(new WriteCase("UPDATE stock SET quantity = quantity + 1 WHERE quantity < (SELECT AVG(rating) FROM suppliers)",
                "SELECT stock_id, quantity FROM stock"));
        // EXISTS that does not refer to the written row
        w.add(new WriteCase("UPDATE customers SET credit = credit + 1 WHERE tier = ? AND EXISTS (SELECT 1 FROM events WHERE severity = 3)",
                "SELECT customer_id, credit FROM customers", 2));
        // a subquery that is itself federated (a join of two independently sharded tables)
        w.add(new WriteCase("DELETE FROM suppliers WHERE supplier_id IN (SELECT i.supplier_id FROM items i JOIN stock s "
                + "ON s.item_id = i.item_id WHERE s.quantity < ?)", "SELECT supplier_id FROM suppliers", 50));
        // INSERT ... SELECT: rows read from other shards, each inserted on its own key's shard
        w.add(new WriteCase("INSERT INTO promos (promo_id, code, pct) SELECT customer_id + 1000, country, tier FROM customers "
                + "WHERE tier = 2", "SELECT promo_id, code, pct FROM promos"));
        w.add(new WriteCase("INSERT INTO customers (customer_id, name, tier) SELECT event_id + 100000, kind, severity FROM events "
                + "WHERE severity = ?", "SELECT customer_id, name, tier FROM customers", 1));
        // subqueries that refer to the written row: the WHERE runs as a query of the rows it chooses
        // (MariaDB before 11.6 takes no alias in a single-table DELETE: the table's name qualifies)
        w.add(new WriteCase("DELETE FROM customers WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = customers.customer_id "
                + "AND e.severity = 3)", "SELECT customer_id FROM customers"));
        w.add(new WriteCase("UPDATE orders o SET qty = 0 WHERE o.amount > ? AND NOT EXISTS (SELECT 1 FROM events e "
                + "WHERE e.customer_id = o.customer_id)", "SELECT order_id, qty FROM orders", 100));
        w.add(new WriteCase("DELETE FROM stock WHERE quantity < (SELECT MAX(i.price) FROM items i WHERE i.item_id = stock.item_id)",
                "SELECT stock_id FROM stock"));
        w.add(new WriteCase("UPDATE customers c SET credit = 0 WHERE c.tier IN (SELECT e.severity FROM events e "
                + "WHERE e.customer_id = c.customer_id) AND c.customer_id IN (SELECT customer_id FROM events WHERE severity = 999)",
                "SELECT customer_id, credit FROM customers"));
        return w;
    }

    @Test
    void aValuePerWrittenRowFromOtherShardsIsRefused() {
        assertThatThrownBy(() -> update(driver, "UPDATE customers c SET tier = (SELECT MAX(e.severity) FROM events e "
                + "WHERE e.customer_id = c.customer_id)", new Object[0]))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0AS01"));
    }

    @TestFactory
    Stream<DynamicTest> writesWhoseSubqueriesReadOtherShardsAgreeWithTheReference() {
        return writes().stream().map(w -> DynamicTest.dynamicTest(w.write(), () -> {
            reference.setAutoCommit(false);
            driver.setAutoCommit(false);
            try {
                long expected = update(reference, w.write(), w.params());
                long actual = update(driver, w.write(), w.params());
                assertThat(actual).as("update count of %s", w.write()).isEqualTo(expected);
                QueryCase check = u(w.check());
                assertThat(Results.differences(check, Results.run(reference, check), Results.run(driver, check), collation))
                        .as("%s, then %s, through jdbc:shard: and on the unsharded database", w.write(), w.check()).isEmpty();
            } finally {
                reference.rollback();
                driver.rollback();
                reference.setAutoCommit(true);
                driver.setAutoCommit(true);
            }
        }));
    }

    private static long countOf(Connection c, String sql) throws SQLException {
        return ((Number) Results.run(c, u(sql)).rows().get(0).get(0)).longValue();
    }

    private static long update(Connection c, String sql, Object[] params) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            return ps.executeLargeUpdate();
        }
    }

    @Test
    void aWriteThatReadsFirstCommitsWholeInAutoCommitAndWritesNothingPastTheRowBudget() throws SQLException {
        String count = "SELECT COUNT(*) FROM promos WHERE promo_id > 5000";
        try (ShardDataSource small = new ShardDataSource(dbs.writeConfig(DataSet.TABLES + "federation-row-budget: 50\n"));
             Connection c = small.getConnection()) {
            assertThatThrownBy(() -> update(c, "INSERT INTO promos (promo_id, code, pct) SELECT customer_id + 5000, country, tier "
                    + "FROM customers", new Object[0]))
                    .isInstanceOf(SQLException.class).hasMessageContaining("federation-row-budget")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54000"));
            assertThat(countOf(c, count)).as("nothing was inserted").isZero();
            assertThat(update(c, "INSERT INTO promos (promo_id, code, pct) SELECT customer_id + 5000, country, tier FROM customers "
                    + "WHERE customer_id <= 3", new Object[0])).isEqualTo(3);
            try (Connection other = ds.getConnection()) {
                assertThat(countOf(other, count)).as("committed in auto-commit: another connection sees the rows").isEqualTo(3);
            }
            update(c, "DELETE FROM promos WHERE promo_id > 5000", new Object[0]);
        }
    }

    @TestFactory
    Stream<DynamicTest> shapesFederationCannotComputeExactlyAreRefused() {
        return refused().stream().map(sql -> DynamicTest.dynamicTest(sql, () -> {
            try (Statement st = reference.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                assertThat(rs.next()).as("the reference database answers").isTrue();
            }
            assertThatThrownBy(() -> {
                try (Statement st = driver.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) { /* a wrong answer would arrive here */ }
                }
            }).isInstanceOf(SQLFeatureNotSupportedException.class)
              .hasMessageContaining("federation cannot")
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0AS01"));
        }));
    }

    @Test
    void explainShowsThePlanAndWhatEachShardIsAsked() throws SQLException {
        RoutePlan p = ds.explain("SELECT e.event_id, c.name FROM events e JOIN customers c ON c.customer_id = e.customer_id "
                + "WHERE e.severity = ? AND c.customer_id IN (3, 4)", 2);
        String text = p.toString();
        assertThat(p.isFederated()).isTrue();
        assertThat(text).contains("federated (").contains("Join").contains("scan events").contains("scan customers");
        String q = postgres() ? "\"" : "`";
        assertThat(text).as("the filter on severity is pushed to the events shards")
                .contains("FROM " + q + "events" + q + " WHERE (" + q + "severity" + q + " = ?)");
        assertThat(text).as("the key IN list prunes the customers scan to the shards of 3 and 4")
                .containsPattern("scan customers: [12] shard\\(s\\)");
    }

    @Test
    void theRowBudgetIsEnforcedWithSqlState54000() throws SQLException {
        // a join on an inequality passes no keys: it fetches every order and customer, past a budget of 1000
        String sql = "SELECT COUNT(*) FROM orders o JOIN customers c ON c.tier <> o.qty";
        try (ShardDataSource small = new ShardDataSource(dbs.writeConfig(DataSet.TABLES + "federation-row-budget: 1000\n"));
             Connection c = small.getConnection()) {
            assertThatThrownBy(() -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) { /* reads until the budget stops it */ }
                }
            }).isInstanceOf(SQLException.class)
              .hasMessageContaining("federation-row-budget").hasMessageContaining("1000").hasMessageContaining("orders o JOIN")
              .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54000"));
            // the connection stays usable, and a query within the budget is answered
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT COUNT(*) FROM customers c JOIN events e ON e.customer_id = c.customer_id WHERE c.customer_id = 7 AND e.customer_id = 7")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
