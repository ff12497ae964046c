package io.shardjdbc.it.differential;

import io.shardjdbc.it.differential.QueryCase.Order;
import java.util.ArrayList;
import java.util.List;

/**
 * The handwritten differential queries of federated shapes (issue 7): SELECTs that no shard can
 * answer alone and the merge engine cannot fold — joins on non-key columns and between tables that
 * are not co-located, semi and anti joins, scalar subqueries, derived tables and CTEs, set
 * operations, window functions, GROUP BY/HAVING over joins and subqueries, and multi-way joins
 * across hash, range and broadcast tables in the style of TPC-H and CH-benCHmark. Each must give
 * what one unsharded database gives, in the dialect's own semantics: {@link #traps()} holds the
 * queries whose answer differs between PostgreSQL and MariaDB (integer division, NULL ordering,
 * case-insensitive PAD SPACE string comparison, date arithmetic, result types and labels).
 *
 * <p>Every ORDER BY that a case compares in order fixes each row's place (a unique tie-breaker),
 * whatever the dialect's NULL ordering.
 *
 * <p>A case marked refused on a dialect is a federated shape the driver refuses there by design
 * (what Calcite would compute differently from the database, or what Calcite itself cannot
 * handle): the test expects the refusal with its SQLState instead of an answer, and such cases are
 * counted apart from the answered ones.
 */
final class FederationCatalog {
    /** A refusal by design: the SQLState the driver refuses with and why it cannot answer exactly. */
    record Refusal(String sqlState, String why) { }

    /**
     * One federated query and, per dialect, its refusal by design (null: the driver answers it and
     * the answer must agree with the reference database).
     */
    record FederatedCase(QueryCase query, Refusal onPostgres, Refusal onMariaDb) {
        Refusal refusal(boolean postgres) {
            return postgres ? onPostgres : onMariaDb;
        }
    }

    /** Marks the case just added as refused by design on one dialect or both. */
    final class Mark {
        private final int index;

        Mark(int index) {
            this.index = index;
        }

        Mark refusedOnPostgres(Refusal r) {
            FederatedCase c = cases.get(index);
            cases.set(index, new FederatedCase(c.query(), r, c.onMariaDb()));
            return this;
        }

        Mark refusedOnMariaDb(Refusal r) {
            FederatedCase c = cases.get(index);
            cases.set(index, new FederatedCase(c.query(), c.onPostgres(), r));
            return this;
        }

        Mark refused(Refusal r) {
            return refusedOnPostgres(r).refusedOnMariaDb(r);
        }
    }

    // Refusals by design: federation refuses what Calcite would compute differently from the database.
    private static final Refusal TEXT_COLLATION_MY = new Refusal("0AS01", "text compared, grouped, de-duplicated or ordered "
            + "in the driver: MariaDB's case- and accent-insensitive PAD SPACE collation decides, which the driver cannot reproduce");
    private static final Refusal TEXT_ORDER_PG = new Refusal("0AS01", "an ordering comparison of text in the driver: "
            + "PostgreSQL's collation decides");
    private static final Refusal AVG = new Refusal("0AS01", "a window AVG, or on MariaDB an AVG inside an expression or "
            + "subquery: the database computes with digits it does not show");
    private static final Refusal DIVISION = new Refusal("0AS01",
            "division in the driver: the database's own result scale (numerics on PostgreSQL, every / on MariaDB)");
    private static final Refusal BOOLEAN_COLUMN = new Refusal("0AS01", "a truth value as a result column: MariaDB returns 1 or 0");
    private static final Refusal FLOATING_WINDOW = new Refusal("0AS01", "CUME_DIST/PERCENT_RANK are not among the window functions "
            + "federation evaluates");
    private static final Refusal DATE_ARITHMETIC = new Refusal("0AS01", "PostgreSQL's date - date and date - integer, "
            + "which Calcite does not type");
    private static final Refusal CALCITE_VALIDATOR = new Refusal("0AS01", "Calcite's validator fails on the shape "
            + "(an aggregate inside a window function; GROUP BY the ordinal of a CASE over a join)");
    private static final Refusal CALCITE_PLANNER = new Refusal("0AS01", "Calcite finds no plan for a window over a grouped "
            + "derived table sorted on its group key");
    private static final Refusal UNPARSED = new Refusal("42000", "the driver's SQL front end does not parse the syntax "
            + "(MariaDB's DIV and DATEDIFF of qualified columns; PostgreSQL's date + INTERVAL '7' DAY AS alias)");

    private final List<FederatedCase> cases = new ArrayList<>();
    private static final Object[] NONE = {};

    private FederationCatalog() { }

    private Mark add(QueryCase q) {
        cases.add(new FederatedCase(q, null, null));
        return new Mark(cases.size() - 1);
    }

    private Mark u(String sql) { return add(new QueryCase(sql, NONE, Order.UNORDERED, null, null, false)); }
    private Mark o(String sql) { return add(new QueryCase(sql, NONE, Order.ORDERED, null, null, false)); }
    private Mark t(String sql, int... keys) { return add(new QueryCase(sql, NONE, Order.TIES, keys, null, false)); }
    private Mark pgU(String sql) { return add(new QueryCase(sql, NONE, Order.UNORDERED, null, "pg", false)); }
    private Mark pgO(String sql) { return add(new QueryCase(sql, NONE, Order.ORDERED, null, "pg", false)); }
    private Mark myU(String sql) { return add(new QueryCase(sql, NONE, Order.UNORDERED, null, "my", false)); }
    private Mark myO(String sql) { return add(new QueryCase(sql, NONE, Order.ORDERED, null, "my", false)); }
    private Mark pu(String sql, Object... p) { return add(new QueryCase(sql, p, Order.UNORDERED, null, null, true)); }
    private Mark po(String sql, Object... p) { return add(new QueryCase(sql, p, Order.ORDERED, null, null, true)); }

    static List<FederatedCase> all() {
        FederationCatalog c = new FederationCatalog();
        c.joins();
        c.outerJoins();
        c.semiAndAntiJoins();
        c.scalarSubqueries();
        c.derivedTablesAndCtes();
        c.setOperations();
        c.windows();
        c.groupingOverJoins();
        c.benchmarkStyle();
        c.moreShapes();
        c.traps();
        c.prepared();
        c.shardComputedExpressions();
        return List.copyOf(c.cases);
    }

    /** Inner joins on non-key columns and between tables hashed on different keys. */
    private void joins() {
        o("SELECT o.order_id, c.customer_id FROM orders o JOIN customers c ON c.tier = o.qty "
                + "WHERE o.order_id < 40 AND c.customer_id < 50 ORDER BY o.order_id, c.customer_id");
        u("SELECT e.event_id, c.name, e.kind FROM events e JOIN customers c ON c.customer_id = e.customer_id WHERE e.severity = 3");
        u("SELECT o.order_id, e.event_id FROM orders o JOIN events e ON e.customer_id = o.customer_id AND e.event_date = o.order_date");
        u("SELECT l.line_id, o.status, o.amount FROM order_lines l JOIN orders o ON o.order_id = l.order_id "
                + "WHERE l.quantity = 5 AND o.qty > 4");
        o("SELECT s.supplier_id, s.name, i.item_id, i.price FROM suppliers s JOIN items i ON i.supplier_id = s.supplier_id "
                + "ORDER BY s.supplier_id, i.item_id");
        o("SELECT st.stock_id, i.sku, st.warehouse_id, st.quantity FROM stock st JOIN items i ON i.item_id = st.item_id "
                + "ORDER BY st.stock_id");
        u("SELECT p.promo_id, o.order_id FROM promos p JOIN orders o ON o.qty * 10 = p.pct");
        u("SELECT st.stock_id, s.name, k.name FROM stock st JOIN items i ON i.item_id = st.item_id "
                + "JOIN suppliers s ON s.supplier_id = i.supplier_id JOIN countries k ON k.code = s.nation WHERE st.quantity > 60");
        o("SELECT c.customer_id, s.supplier_id FROM customers c JOIN suppliers s ON s.rating = c.tier AND s.nation = c.country "
                + "ORDER BY c.customer_id, s.supplier_id");
        u("SELECT o.order_id, st.stock_id FROM orders o JOIN stock st ON st.warehouse_id = o.qty AND st.quantity = o.customer_id "
                + "WHERE o.order_id < 800");
        o("SELECT e1.event_id, e2.event_id AS other FROM events e1 JOIN events e2 ON e2.customer_id = e1.customer_id "
                + "AND e2.event_id > e1.event_id WHERE e1.customer_id BETWEEN 20 AND 30 ORDER BY e1.event_id, other");
        u("SELECT c1.customer_id, c2.customer_id AS twin FROM customers c1 JOIN customers c2 ON c2.signup = c1.signup "
                + "AND c2.customer_id <> c1.customer_id");
        u("SELECT l.line_id, i.item_id FROM order_lines l JOIN items i ON i.item_id = l.quantity * 10 WHERE l.customer_id < 100");
        o("SELECT o.order_id, c.customer_id, c.tier FROM orders o JOIN customers c ON c.customer_id = o.qty "
                + "WHERE o.customer_id = 7 ORDER BY o.order_id");
        u("SELECT e.event_id, o.order_id FROM events e JOIN orders o ON o.order_id = e.severity * 100 + e.event_id % 7");
        u("SELECT i.item_id, st.warehouse_id, s.supplier_id FROM items i JOIN stock st ON st.item_id = i.item_id "
                + "JOIN suppliers s ON s.supplier_id = i.supplier_id WHERE i.price < 20 AND s.rating > 1");
        o("SELECT o.order_id, p.code FROM orders o CROSS JOIN promos p WHERE o.order_id <= 12 ORDER BY o.order_id, p.promo_id");
    }

    private void outerJoins() {
        o("SELECT c.customer_id, e.event_id FROM customers c LEFT JOIN events e ON e.customer_id = c.customer_id "
                + "AND e.kind = 'refund' WHERE c.customer_id BETWEEN 100 AND 160 ORDER BY c.customer_id, e.event_id");
        o("SELECT s.supplier_id, i.item_id FROM suppliers s RIGHT JOIN items i ON i.supplier_id = s.supplier_id ORDER BY i.item_id");
        u("SELECT i.item_id FROM items i LEFT JOIN suppliers s ON s.supplier_id = i.supplier_id WHERE s.supplier_id IS NULL");
        o("SELECT s.supplier_id, COUNT(i.item_id) AS items, SUM(i.price) AS total FROM suppliers s "
                + "LEFT JOIN items i ON i.supplier_id = s.supplier_id GROUP BY s.supplier_id ORDER BY s.supplier_id");
        u("SELECT i.item_id, st.stock_id, st.quantity FROM items i LEFT JOIN stock st ON st.item_id = i.item_id AND st.quantity > 80");
        u("SELECT e.event_id, c.customer_id, c.tier FROM events e LEFT JOIN customers c ON c.customer_id = e.customer_id "
                + "WHERE e.event_id % 10 = 0");
        o("SELECT i.item_id, COUNT(st.stock_id) AS places, MIN(st.quantity) AS lowest FROM items i "
                + "LEFT JOIN stock st ON st.item_id = i.item_id GROUP BY i.item_id ORDER BY i.item_id");
        u("SELECT o.order_id, l.line_id FROM orders o LEFT JOIN order_lines l ON l.order_id = o.order_id AND l.quantity > 3 "
                + "WHERE o.customer_id < 40");
        o("SELECT c.customer_id, s.supplier_id FROM customers c LEFT JOIN suppliers s ON s.name = 'Bolt' AND s.rating = c.tier "
                + "WHERE c.customer_id <= 30 ORDER BY c.customer_id, s.supplier_id");
        o("SELECT s.supplier_id, i.item_id FROM suppliers s LEFT JOIN items i ON i.supplier_id = s.supplier_id "
                + "UNION SELECT s.supplier_id, i.item_id FROM suppliers s RIGHT JOIN items i ON i.supplier_id = s.supplier_id "
                + "ORDER BY 2, 1");
        o("SELECT k.code, COUNT(s.supplier_id) AS suppliers, COUNT(i.item_id) AS items FROM countries k "
                + "LEFT JOIN suppliers s ON s.nation = k.code LEFT JOIN items i ON i.supplier_id = s.supplier_id "
                + "GROUP BY k.code ORDER BY k.code");
        pgO("SELECT s.supplier_id, i.item_id FROM suppliers s FULL JOIN items i ON i.supplier_id = s.supplier_id "
                + "ORDER BY s.supplier_id NULLS FIRST, i.item_id NULLS FIRST");
        pgU("SELECT c.customer_id, e.event_id FROM customers c FULL OUTER JOIN events e ON e.customer_id = c.customer_id "
                + "AND e.kind = 'purchase' WHERE c.customer_id IS NULL OR c.customer_id > 290");
        pgO("SELECT COALESCE(a.qty, b.tier) AS k, a.n AS orders, b.n AS customers FROM "
                + "(SELECT qty, COUNT(*) AS n FROM orders GROUP BY qty) a FULL JOIN "
                + "(SELECT tier, COUNT(*) AS n FROM customers GROUP BY tier) b ON b.tier = a.qty ORDER BY 1 NULLS FIRST, 2 NULLS FIRST");
    }

    private void semiAndAntiJoins() {
        u("SELECT c.customer_id, c.name FROM customers c WHERE c.tier IN (SELECT o.qty FROM orders o WHERE o.amount < -90)");
        u("SELECT e.event_id FROM events e WHERE e.customer_id IN (SELECT c.customer_id FROM customers c WHERE c.tier = 3)");
        u("SELECT c.customer_id FROM customers c WHERE EXISTS "
                + "(SELECT 1 FROM events e WHERE e.customer_id = c.customer_id AND e.kind = 'purchase')");
        u("SELECT c.customer_id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id)");
        u("SELECT c.customer_id FROM customers c WHERE c.customer_id NOT IN (SELECT e.customer_id FROM events e)");
        u("SELECT c.customer_id FROM customers c WHERE c.customer_id NOT IN "
                + "(SELECT e.customer_id FROM events e WHERE e.customer_id IS NOT NULL)");
        u("SELECT i.item_id FROM items i WHERE NOT EXISTS (SELECT 1 FROM stock st WHERE st.item_id = i.item_id AND st.quantity > 50)");
        u("SELECT s.supplier_id FROM suppliers s WHERE s.supplier_id IN "
                + "(SELECT i.supplier_id FROM items i JOIN stock st ON st.item_id = i.item_id WHERE st.quantity < 10)");
        u("SELECT o.order_id FROM orders o WHERE o.qty IN (SELECT c.tier FROM customers c WHERE c.country = 'FR') AND o.customer_id < 60");
        u("SELECT o.order_id FROM orders o WHERE o.amount >= ALL (SELECT o2.amount FROM orders o2 WHERE o2.amount IS NOT NULL)");
        u("SELECT s.supplier_id FROM suppliers s WHERE s.rating > ANY (SELECT c.tier FROM customers c WHERE c.customer_id < 5)");
        u("SELECT e.event_id FROM events e WHERE e.severity = 2 AND NOT EXISTS "
                + "(SELECT 1 FROM orders o WHERE o.customer_id = e.customer_id AND o.order_date = e.event_date)");
        u("SELECT i.item_id FROM items i WHERE i.supplier_id NOT IN (SELECT s.supplier_id FROM suppliers s WHERE s.balance < 0)");
        u("SELECT st.stock_id FROM stock st WHERE EXISTS (SELECT 1 FROM stock st2 WHERE st2.warehouse_id = st.warehouse_id "
                + "AND st2.quantity > st.quantity + 90)");
        u("SELECT l.line_id FROM order_lines l WHERE l.order_id IN (SELECT o.order_id FROM orders o WHERE o.status = 'cancelled' "
                + "AND o.qty = 1)");
        u("SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id) "
                + "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id AND e.severity = 0)");
    }

    private void scalarSubqueries() {
        u("SELECT o.order_id, o.amount FROM orders o WHERE o.amount > (SELECT MAX(c.credit) FROM customers c) / 2").refused(DIVISION);
        o("SELECT c.customer_id, (SELECT COUNT(*) FROM events e WHERE e.customer_id = c.customer_id) AS n FROM customers c "
                + "WHERE c.customer_id <= 50 ORDER BY c.customer_id");
        o("SELECT s.supplier_id, (SELECT MAX(i.price) FROM items i WHERE i.supplier_id = s.supplier_id) AS top FROM suppliers s "
                + "ORDER BY s.supplier_id");
        o("SELECT i.item_id, i.price - (SELECT MIN(i2.price) FROM items i2) AS above FROM items i ORDER BY i.item_id");
        u("SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM events) AS events, "
                + "(SELECT SUM(quantity) FROM stock) AS stock");
        o("SELECT c.customer_id, c.credit FROM customers c WHERE c.credit = (SELECT MAX(credit) FROM customers) "
                + "OR c.credit = (SELECT MIN(credit) FROM customers) ORDER BY c.customer_id");
        o("SELECT o.customer_id, o.order_id FROM orders o WHERE o.order_date = "
                + "(SELECT MAX(e.event_date) FROM events e WHERE e.customer_id = o.customer_id) AND o.customer_id < 60 "
                + "ORDER BY o.customer_id, o.order_id");
        u("SELECT e.event_id FROM events e WHERE e.customer_id = (SELECT MIN(customer_id) FROM orders WHERE qty = 8)");
        o("SELECT st.item_id, st.warehouse_id FROM stock st WHERE st.quantity > "
                + "(SELECT MAX(st2.quantity) FROM stock st2 WHERE st2.item_id = st.item_id AND st2.warehouse_id < st.warehouse_id) "
                + "ORDER BY st.item_id, st.warehouse_id");
        u("SELECT o.order_id FROM orders o WHERE o.qty = (SELECT p.pct / 5 FROM promos p WHERE p.promo_id = 1)");
    }

    private void derivedTablesAndCtes() {
        u("SELECT COUNT(*) AS n FROM (SELECT customer_id FROM orders) t");
        o("SELECT t.customer_id, t.n FROM (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) t "
                + "WHERE t.n > 7 ORDER BY t.customer_id");
        o("SELECT t.n, COUNT(*) AS customers FROM (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) t "
                + "GROUP BY t.n ORDER BY t.n");
        o("WITH big AS (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id) "
                + "SELECT c.customer_id, c.name, b.total FROM customers c JOIN big b ON b.customer_id = c.customer_id "
                + "WHERE b.total > 1000 ORDER BY b.total DESC, c.customer_id");
        o("WITH t AS (SELECT qty, COUNT(*) AS n FROM orders GROUP BY qty) "
                + "SELECT a.qty, a.n, b.n AS next_n FROM t a LEFT JOIN t b ON b.qty = a.qty + 1 ORDER BY a.qty");
        o("SELECT t.order_id, t.amount FROM (SELECT order_id, amount FROM orders ORDER BY amount DESC, order_id LIMIT 20) t "
                + "ORDER BY t.order_id");
        o("WITH r AS (SELECT customer_id, order_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_date DESC, order_id DESC) AS rn "
                + "FROM orders) SELECT customer_id, order_id FROM r WHERE rn = 1 ORDER BY customer_id");
        o("SELECT x.warehouse_id, x.total, y.items FROM (SELECT warehouse_id, SUM(quantity) AS total FROM stock GROUP BY warehouse_id) x "
                + "JOIN (SELECT warehouse_id, COUNT(DISTINCT item_id) AS items FROM stock GROUP BY warehouse_id) y "
                + "ON y.warehouse_id = x.warehouse_id ORDER BY x.warehouse_id");
        u("WITH t AS (SELECT customer_id FROM orders) SELECT COUNT(*) AS n FROM t");
        o("WITH s AS (SELECT supplier_id, nation FROM suppliers WHERE rating IS NOT NULL), "
                + "i AS (SELECT item_id, supplier_id, price FROM items WHERE price > 30) "
                + "SELECT s.nation, COUNT(*) AS n, MAX(i.price) AS top FROM s JOIN i ON i.supplier_id = s.supplier_id "
                + "GROUP BY s.nation ORDER BY n DESC, top DESC");
        o("SELECT d.day, d.events, d.orders FROM (SELECT e.event_date AS day, COUNT(DISTINCT e.event_id) AS events, "
                + "COUNT(DISTINCT o.order_id) AS orders FROM events e JOIN orders o ON o.order_date = e.event_date "
                + "GROUP BY e.event_date) d WHERE d.orders > 3 ORDER BY d.day");
        o("SELECT t.customer_id, t.total FROM (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id) t "
                + "WHERE t.total IS NOT NULL ORDER BY t.total, t.customer_id LIMIT 10");
        u("SELECT MAX(t.n) AS most, MIN(t.n) AS least FROM (SELECT c.tier, COUNT(*) AS n FROM customers c "
                + "JOIN events e ON e.customer_id = c.customer_id GROUP BY c.tier) t");
        o("WITH w AS (SELECT warehouse_id, item_id, quantity FROM stock WHERE quantity IS NOT NULL) "
                + "SELECT w.warehouse_id, w.item_id, w.quantity FROM w WHERE w.quantity = "
                + "(SELECT MAX(w2.quantity) FROM w w2 WHERE w2.warehouse_id = w.warehouse_id) ORDER BY w.warehouse_id, w.item_id");
    }

    private void setOperations() {
        o("SELECT customer_id FROM customers UNION SELECT customer_id FROM orders ORDER BY customer_id");
        u("SELECT t.customer_id, COUNT(*) AS n FROM (SELECT customer_id FROM customers UNION ALL "
                + "SELECT customer_id FROM events WHERE severity = 0) t GROUP BY t.customer_id HAVING COUNT(*) > 1");
        o("SELECT customer_id FROM orders INTERSECT SELECT customer_id FROM events ORDER BY customer_id");
        o("SELECT customer_id FROM customers EXCEPT SELECT customer_id FROM orders ORDER BY customer_id");
        o("SELECT event_date AS d FROM events WHERE kind = 'refund' INTERSECT SELECT order_date FROM orders ORDER BY d");
        u("SELECT tier AS v FROM customers UNION SELECT qty FROM orders");
        o("SELECT order_id AS id, amount FROM orders WHERE customer_id = 7 UNION ALL "
                + "SELECT line_id, unit_price FROM order_lines WHERE customer_id = 8 ORDER BY id DESC, amount LIMIT 15");
        u("SELECT item_id FROM items EXCEPT SELECT item_id FROM stock");
        o("SELECT supplier_id AS id FROM suppliers UNION SELECT supplier_id FROM items ORDER BY id");
        u("SELECT warehouse_id AS v FROM stock INTERSECT SELECT tier FROM customers");
        o("SELECT qty AS v FROM orders INTERSECT ALL SELECT severity FROM events ORDER BY v");
        u("SELECT severity AS v FROM events EXCEPT ALL SELECT qty FROM orders");
        u("SELECT customer_id, order_date AS d FROM orders WHERE qty = 8 UNION SELECT customer_id, event_date FROM events WHERE severity = 3");
        o("SELECT v, COUNT(*) AS n FROM (SELECT tier AS v FROM customers UNION ALL SELECT qty FROM orders) t GROUP BY v ORDER BY n, v");
        u("SELECT item_id FROM stock WHERE quantity > 90 UNION SELECT item_id FROM items WHERE price < 5 "
                + "EXCEPT SELECT item_id FROM items WHERE supplier_id IS NULL");
        o("SELECT 'order' AS src, COUNT(*) AS n FROM orders UNION ALL SELECT 'event', COUNT(*) FROM events ORDER BY src").refusedOnMariaDb(TEXT_COLLATION_MY);
    }

    private void windows() {
        o("SELECT order_id, ROW_NUMBER() OVER (ORDER BY order_id) AS rn FROM orders ORDER BY order_id");
        o("SELECT customer_id, order_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_id) AS rn FROM orders "
                + "WHERE customer_id < 30 ORDER BY customer_id, order_id");
        o("SELECT customer_id, credit, RANK() OVER (ORDER BY credit DESC) AS r FROM customers ORDER BY r, customer_id");
        o("SELECT customer_id, tier, DENSE_RANK() OVER (PARTITION BY tier ORDER BY score) AS dr FROM customers ORDER BY customer_id");
        o("SELECT order_id, amount, SUM(amount) OVER (ORDER BY order_id) AS running FROM orders WHERE customer_id BETWEEN 7 AND 12 "
                + "ORDER BY order_id");
        o("SELECT order_id, COUNT(qty) OVER (ORDER BY order_id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS n FROM orders "
                + "WHERE order_id <= 200 ORDER BY order_id");
        o("SELECT customer_id, order_id, COUNT(*) OVER (PARTITION BY customer_id) AS n FROM orders "
                + "WHERE customer_id BETWEEN 10 AND 40 ORDER BY order_id");
        o("SELECT order_id, order_date, LAG(order_date) OVER (PARTITION BY customer_id ORDER BY order_id) AS prev FROM orders "
                + "WHERE customer_id < 20 ORDER BY order_id");
        o("SELECT event_id, LEAD(event_id, 2) OVER (ORDER BY event_id) AS next2 FROM events WHERE kind = 'purchase' ORDER BY event_id");
        o("SELECT s.supplier_id, i.item_id, RANK() OVER (PARTITION BY s.supplier_id ORDER BY i.price DESC) AS r FROM suppliers s "
                + "JOIN items i ON i.supplier_id = s.supplier_id ORDER BY s.supplier_id, r, i.item_id");
        o("SELECT customer_id, SUM(amount) AS total, RANK() OVER (ORDER BY SUM(amount) DESC) AS r FROM orders "
                + "GROUP BY customer_id ORDER BY r, customer_id LIMIT 20");
        o("SELECT t.customer_id, t.order_id, t.amount, t.rn FROM (SELECT customer_id, order_id, amount, "
                + "ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY amount DESC, order_id) AS rn FROM orders) t "
                + "WHERE t.rn <= 2 ORDER BY t.customer_id, t.rn");
        o("SELECT customer_id, NTILE(4) OVER (ORDER BY customer_id) AS q FROM customers ORDER BY customer_id");
        o("SELECT event_id, COUNT(*) OVER (ORDER BY event_id RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) AS n FROM events "
                + "WHERE event_id <= 300 ORDER BY event_id");
        o("SELECT customer_id, order_id, MAX(amount) OVER (PARTITION BY customer_id) AS top, "
                + "MIN(order_date) OVER (PARTITION BY customer_id) AS first_day FROM orders WHERE customer_id BETWEEN 50 AND 70 ORDER BY order_id");
        o("SELECT stock_id, item_id, SUM(quantity) OVER (PARTITION BY item_id ORDER BY warehouse_id "
                + "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum FROM stock ORDER BY stock_id");
        o("SELECT item_id, warehouse_id, quantity, FIRST_VALUE(warehouse_id) OVER (PARTITION BY item_id ORDER BY quantity DESC, "
                + "warehouse_id) AS best FROM stock WHERE quantity IS NOT NULL ORDER BY item_id, warehouse_id");
        o("SELECT supplier_id, balance, ROW_NUMBER() OVER (ORDER BY balance DESC, supplier_id) AS rn, "
                + "RANK() OVER (ORDER BY rating) AS by_rating FROM suppliers ORDER BY supplier_id");
        o("SELECT event_id, severity, LAG(severity, 1) OVER (PARTITION BY customer_id ORDER BY event_id) AS before_it, "
                + "LEAD(severity) OVER (PARTITION BY customer_id ORDER BY event_id) AS after_it FROM events "
                + "WHERE customer_id BETWEEN 1 AND 40 ORDER BY event_id");
        o("SELECT customer_id, order_id, amount, SUM(amount) OVER (PARTITION BY customer_id ORDER BY order_id "
                + "ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS around FROM orders WHERE customer_id BETWEEN 100 AND 140 ORDER BY order_id");
        o("SELECT warehouse_id, COUNT(*) AS n, SUM(COUNT(*)) OVER (ORDER BY warehouse_id) AS cum FROM stock "
                + "GROUP BY warehouse_id ORDER BY warehouse_id").refused(CALCITE_VALIDATOR);
        o("SELECT customer_id, order_id FROM (SELECT customer_id, order_id, DENSE_RANK() OVER (PARTITION BY customer_id "
                + "ORDER BY order_date) AS d FROM orders) t WHERE t.d = 2 ORDER BY customer_id, order_id");
        o("SELECT c.customer_id, c.tier, COUNT(*) OVER (PARTITION BY c.tier) AS same_tier, MIN(c.customer_id) OVER "
                + "(PARTITION BY c.country) AS first_of_country FROM customers c WHERE c.customer_id <= 60 ORDER BY c.customer_id").refusedOnMariaDb(TEXT_COLLATION_MY);
        o("SELECT event_id, event_date, ROW_NUMBER() OVER (PARTITION BY event_date ORDER BY event_id DESC) AS rn FROM events "
                + "WHERE event_date BETWEEN DATE '2024-03-25' AND DATE '2024-04-05' ORDER BY event_id");
        o("SELECT customer_id, signup, CUME_DIST() OVER (ORDER BY signup) AS cd, PERCENT_RANK() OVER (ORDER BY signup) AS pr "
                + "FROM customers WHERE customer_id <= 40 ORDER BY customer_id").refused(FLOATING_WINDOW);
    }

    private void groupingOverJoins() {
        o("SELECT c.tier, COUNT(*) AS n, SUM(o.amount) AS total FROM orders o JOIN customers c ON c.tier = o.qty "
                + "GROUP BY c.tier HAVING COUNT(*) > 10 ORDER BY c.tier");
        u("SELECT COUNT(*) AS n FROM orders o JOIN customers c ON c.tier = o.qty");
        o("SELECT c.customer_id, COUNT(e.event_id) AS events FROM customers c JOIN events e ON e.customer_id = c.customer_id "
                + "GROUP BY c.customer_id ORDER BY c.customer_id");
        o("SELECT i.supplier_id, SUM(st.quantity) AS q, COUNT(*) AS n FROM items i JOIN stock st ON st.item_id = i.item_id "
                + "GROUP BY i.supplier_id HAVING SUM(st.quantity) > 100 ORDER BY i.supplier_id");
        o("SELECT st.warehouse_id, MIN(i.price) AS cheapest, MAX(i.price) AS dearest FROM stock st JOIN items i "
                + "ON i.item_id = st.item_id GROUP BY st.warehouse_id ORDER BY st.warehouse_id");
        u("SELECT e.severity, COUNT(DISTINCT c.customer_id) AS customers FROM events e JOIN customers c "
                + "ON c.customer_id = e.customer_id GROUP BY e.severity");
        o("SELECT o.qty, COUNT(l.line_id) AS line_count FROM orders o JOIN order_lines l ON l.order_id = o.order_id "
                + "GROUP BY o.qty HAVING COUNT(l.line_id) BETWEEN 10 AND 1000 ORDER BY o.qty");
        u("SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id HAVING COUNT(*) > (SELECT COUNT(*) FROM promos) * 3");
        o("SELECT st.item_id, SUM(st.ytd) AS ytd FROM stock st GROUP BY st.item_id "
                + "HAVING SUM(st.ytd) > (SELECT AVG(i.price) FROM items i) * 10 ORDER BY st.item_id").refusedOnMariaDb(AVG);
        o("SELECT e.event_date, COUNT(*) AS n FROM events e JOIN customers c ON c.customer_id = e.customer_id "
                + "WHERE c.tier = 1 GROUP BY e.event_date HAVING COUNT(*) >= 2 ORDER BY e.event_date");
        o("SELECT s.rating, COUNT(DISTINCT i.item_id) AS items, COUNT(st.stock_id) AS stock_rows FROM suppliers s "
                + "JOIN items i ON i.supplier_id = s.supplier_id LEFT JOIN stock st ON st.item_id = i.item_id "
                + "GROUP BY s.rating ORDER BY s.rating");
        o("SELECT c.customer_id, MAX(e.event_date) AS last_event, MIN(o.order_date) AS first_order FROM customers c "
                + "JOIN events e ON e.customer_id = c.customer_id JOIN orders o ON o.customer_id = c.customer_id "
                + "WHERE c.customer_id BETWEEN 200 AND 230 GROUP BY c.customer_id ORDER BY c.customer_id");
        o("SELECT o.qty * 2 + c.tier AS k, COUNT(*) AS n FROM orders o JOIN customers c ON c.customer_id = o.qty * 10 "
                + "GROUP BY o.qty * 2 + c.tier ORDER BY k");
    }

    /** Multi-way joins over sharded, non-co-located and broadcast tables, after TPC-H and CH-benCHmark queries. */
    private void benchmarkStyle() {
        // Q1-like: a pricing summary of order lines by the order's status bucket
        o("SELECT o.qty, SUM(l.quantity) AS sum_qty, SUM(l.quantity * l.unit_price) AS sum_price, COUNT(*) AS count_order "
                + "FROM order_lines l JOIN orders o ON o.order_id = l.order_id WHERE o.order_date <= DATE '2024-06-30' "
                + "GROUP BY o.qty ORDER BY o.qty");
        // Q2-like: the cheapest supplier of each category
        o("SELECT i.category, i.item_id, s.name FROM items i JOIN suppliers s ON s.supplier_id = i.supplier_id "
                + "WHERE i.price = (SELECT MIN(i2.price) FROM items i2 JOIN suppliers s2 ON s2.supplier_id = i2.supplier_id "
                + "WHERE i2.category = i.category) ORDER BY i.item_id").refusedOnMariaDb(TEXT_COLLATION_MY);
        // Q3-like: top orders of a customer segment by revenue
        o("SELECT o.order_id, o.order_date, SUM(l.quantity * l.unit_price) AS revenue FROM customers c "
                + "JOIN orders o ON o.customer_id = c.customer_id JOIN order_lines l ON l.order_id = o.order_id "
                + "WHERE c.tier = 2 AND o.order_date < DATE '2024-01-01' GROUP BY o.order_id, o.order_date "
                + "ORDER BY revenue DESC, o.order_id LIMIT 10");
        // Q4-like: orders with at least one large line, by channel
        o("SELECT o.channel, COUNT(*) AS n FROM orders o WHERE o.order_date >= DATE '2023-07-01' AND EXISTS "
                + "(SELECT 1 FROM order_lines l WHERE l.order_id = o.order_id AND l.quantity > 3) GROUP BY o.channel ORDER BY n DESC");
        // Q5-like: revenue of stock per supplier nation in Europe
        o("SELECT k.name, SUM(st.ytd) AS revenue FROM stock st JOIN items i ON i.item_id = st.item_id "
                + "JOIN suppliers s ON s.supplier_id = i.supplier_id JOIN countries k ON k.code = s.nation "
                + "WHERE k.region = 'Europe' GROUP BY k.name ORDER BY revenue DESC, k.name");
        // Q7-like: volume shipped between customers' and suppliers' nations (items sold by id = quantity * 10)
        o("SELECT c.country AS cust_nation, s.nation AS supp_nation, COUNT(*) AS n FROM customers c "
                + "JOIN order_lines l ON l.customer_id = c.customer_id JOIN items i ON i.item_id = l.line_id % 60 + 1 "
                + "JOIN suppliers s ON s.supplier_id = i.supplier_id WHERE c.country IN ('FR', 'DE') AND s.nation IN ('FR', 'DE') "
                + "GROUP BY c.country, s.nation ORDER BY c.country, s.nation");
        // Q9-like: profit by supplier nation and order year
        o("SELECT s.nation, EXTRACT(YEAR FROM o.order_date) AS y, SUM(l.quantity * (i.price - l.unit_price)) AS profit "
                + "FROM order_lines l JOIN orders o ON o.order_id = l.order_id JOIN items i ON i.item_id = l.line_id % 60 + 1 "
                + "JOIN suppliers s ON s.supplier_id = i.supplier_id WHERE s.nation IS NOT NULL "
                + "GROUP BY s.nation, EXTRACT(YEAR FROM o.order_date) ORDER BY s.nation, y DESC").refusedOnMariaDb(TEXT_COLLATION_MY);
        // Q10-like: customers with cancelled orders and their country
        o("SELECT c.customer_id, c.name, k.name AS country, SUM(o.amount) AS lost FROM customers c "
                + "JOIN orders o ON o.customer_id = c.customer_id LEFT JOIN countries k ON k.code = c.country "
                + "WHERE o.status = 'cancelled' AND o.amount IS NOT NULL AND EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id "
                + "AND e.kind = 'refund') GROUP BY c.customer_id, c.name, k.name "
                + "ORDER BY lost DESC, c.customer_id LIMIT 20").refusedOnMariaDb(TEXT_COLLATION_MY);
        // Q11-like: important stock of one nation's suppliers
        o("SELECT st.item_id, SUM(st.ytd) AS value FROM stock st JOIN items i ON i.item_id = st.item_id "
                + "JOIN suppliers s ON s.supplier_id = i.supplier_id WHERE s.nation = 'DE' GROUP BY st.item_id "
                + "HAVING SUM(st.ytd) > (SELECT SUM(st2.ytd) * 0.01 FROM stock st2) ORDER BY value DESC, st.item_id");
        // Q12-like: large and small lines per channel
        o("SELECT o.channel, SUM(CASE WHEN l.quantity >= 4 THEN 1 ELSE 0 END) AS big, "
                + "SUM(CASE WHEN l.quantity < 4 THEN 1 ELSE 0 END) AS small FROM orders o JOIN order_lines l ON l.order_id = o.order_id "
                + "WHERE o.channel IN ('web', 'store', 'phone') GROUP BY o.channel ORDER BY big, small");
        // Q13-like: the distribution of customers by number of orders
        o("SELECT t.n, COUNT(*) AS customers FROM (SELECT c.customer_id, COUNT(o.order_id) AS n FROM customers c "
                + "LEFT JOIN orders o ON o.customer_id = c.customer_id AND o.status <> 'cancelled' GROUP BY c.customer_id) t "
                + "GROUP BY t.n ORDER BY customers DESC, t.n DESC");
        // Q15-like: the top supplier by stock value, through a CTE used twice
        o("WITH rev AS (SELECT i.supplier_id, SUM(st.ytd) AS total FROM stock st JOIN items i ON i.item_id = st.item_id "
                + "GROUP BY i.supplier_id) SELECT s.supplier_id, s.nation, r.total FROM suppliers s JOIN rev r "
                + "ON r.supplier_id = s.supplier_id WHERE r.total = (SELECT MAX(total) FROM rev) ORDER BY s.supplier_id");
        // Q16-like: suppliers per category, excluding suppliers in debt
        o("SELECT i.category, COUNT(DISTINCT i.supplier_id) AS suppliers FROM items i WHERE i.price > 10 AND i.supplier_id NOT IN "
                + "(SELECT s.supplier_id FROM suppliers s WHERE s.balance < 0) AND i.category IS NOT NULL "
                + "GROUP BY i.category ORDER BY suppliers DESC, i.category").refusedOnMariaDb(TEXT_COLLATION_MY);
        // Q18-like: large-volume orders
        o("SELECT c.customer_id, o.order_id, SUM(l.quantity) AS q FROM customers c JOIN orders o ON o.customer_id = c.customer_id "
                + "JOIN order_lines l ON l.customer_id = o.customer_id AND l.order_id = o.order_id WHERE o.order_id IN "
                + "(SELECT l2.order_id FROM order_lines l2 GROUP BY l2.order_id HAVING SUM(l2.quantity) >= 12) "
                + "GROUP BY c.customer_id, o.order_id ORDER BY q DESC, o.order_id");
        // Q21-like: suppliers whose items sit in every warehouse but one
        o("SELECT s.supplier_id, COUNT(DISTINCT st.warehouse_id) AS warehouses FROM suppliers s JOIN items i "
                + "ON i.supplier_id = s.supplier_id JOIN stock st ON st.item_id = i.item_id GROUP BY s.supplier_id "
                + "HAVING COUNT(DISTINCT st.warehouse_id) = 3 ORDER BY s.supplier_id");
        // Q22-like: rich customers without orders, by country
        o("SELECT c.country, COUNT(*) AS n, SUM(c.credit) AS total FROM customers c WHERE c.credit > "
                + "(SELECT AVG(c2.credit) FROM customers c2 WHERE c2.credit > 0) AND NOT EXISTS "
                + "(SELECT 1 FROM events e WHERE e.customer_id = c.customer_id AND e.kind = 'purchase') "
                + "GROUP BY c.country ORDER BY n DESC, total DESC").refusedOnMariaDb(AVG);
        // CH-benCHmark Q-like: stock below a threshold for items ordered recently (by warehouse)
        o("SELECT st.warehouse_id, COUNT(DISTINCT st.item_id) AS low FROM stock st WHERE st.quantity < 20 AND st.item_id IN "
                + "(SELECT l.line_id % 60 + 1 FROM order_lines l JOIN orders o ON o.order_id = l.order_id "
                + "WHERE o.order_date >= DATE '2024-06-01') GROUP BY st.warehouse_id ORDER BY st.warehouse_id");
        // CH-benCHmark Q-like: revenue per region of customers, with countries broadcast and events range-sharded
        o("SELECT k.region, COUNT(DISTINCT e.event_id) AS events, COUNT(DISTINCT o.order_id) AS orders FROM countries k "
                + "JOIN customers c ON c.country = k.code JOIN events e ON e.customer_id = c.customer_id "
                + "JOIN orders o ON o.customer_id = c.customer_id AND o.order_date = e.event_date GROUP BY k.region ORDER BY events, orders, k.region").refusedOnMariaDb(TEXT_COLLATION_MY);
        // co-located tables listed apart, with a non-key join between them: the shards join order lines, orders and
        // customers as one statement, and the items receive the lines' keys
        o("SELECT c.tier, COUNT(*) AS n, SUM(l.quantity) AS q FROM order_lines l JOIN items i ON i.item_id = l.line_id % 60 + 1 "
                + "JOIN orders o ON o.customer_id = l.customer_id AND o.order_id = l.order_id "
                + "JOIN customers c ON c.customer_id = o.customer_id WHERE i.price > 20 GROUP BY c.tier ORDER BY c.tier");
        // seven tables: a selective side whose keys reach stock through items and suppliers, a broadcast table joined on each shard
        o("SELECT st.warehouse_id, COUNT(*) AS n, SUM(st.quantity) AS q FROM customers c JOIN countries k ON k.code = c.country "
                + "JOIN orders o ON o.customer_id = c.customer_id JOIN order_lines l ON l.customer_id = o.customer_id "
                + "AND l.order_id = o.order_id JOIN items i ON i.item_id = l.line_id % 60 + 1 JOIN suppliers s "
                + "ON s.supplier_id = i.supplier_id JOIN stock st ON st.item_id = i.item_id WHERE c.customer_id BETWEEN 10 AND 40 "
                + "AND s.rating >= 2 GROUP BY st.warehouse_id ORDER BY st.warehouse_id");
        // an outer join keeps the lines without a matching item; the items read only the lines' keys
        o("SELECT l.line_id, i.item_id FROM order_lines l LEFT JOIN items i ON i.item_id = l.quantity * 7 "
                + "WHERE l.customer_id IN (5, 6, 7) ORDER BY l.line_id");
        // a six-table join
        o("SELECT k.code, COUNT(*) AS n FROM customers c JOIN orders o ON o.customer_id = c.customer_id "
                + "JOIN order_lines l ON l.customer_id = o.customer_id AND l.order_id = o.order_id "
                + "JOIN items i ON i.item_id = l.line_id % 60 + 1 JOIN suppliers s ON s.supplier_id = i.supplier_id "
                + "JOIN countries k ON k.code = s.nation WHERE c.tier = 1 GROUP BY k.code ORDER BY k.code");
    }

    /** More of every shape, over numbers and dates, combined: nested subqueries, CTE chains, windows over joins and unions. */
    private void moreShapes() {
        u("SELECT c.customer_id FROM customers c WHERE c.customer_id IN "
                + "(SELECT e.customer_id FROM events e GROUP BY e.customer_id HAVING COUNT(*) >= 6)");
        u("SELECT st.stock_id FROM stock st WHERE st.quantity NOT IN (SELECT o.qty FROM orders o WHERE o.qty IS NOT NULL)");
        u("SELECT s.supplier_id FROM suppliers s WHERE EXISTS (SELECT 1 FROM items i WHERE i.supplier_id = s.supplier_id AND i.price > 80)");
        u("SELECT c.customer_id FROM customers c WHERE c.tier IN (SELECT s.rating FROM suppliers s WHERE s.supplier_id IN "
                + "(SELECT i.supplier_id FROM items i WHERE i.price < 10))");
        o("SELECT o1.order_id, o2.order_id AS same_day FROM orders o1 JOIN orders o2 ON o2.order_date = o1.order_date "
                + "AND o2.order_id > o1.order_id WHERE o1.customer_id = 7 AND o2.customer_id = 8 ORDER BY o1.order_id, same_day");
        o("SELECT i.item_id, st.warehouse_id, ROW_NUMBER() OVER (PARTITION BY st.warehouse_id ORDER BY i.price DESC, i.item_id) AS pos "
                + "FROM items i JOIN stock st ON st.item_id = i.item_id ORDER BY st.warehouse_id, pos");
        o("SELECT t.warehouse_id, t.item_id, t.q FROM (SELECT warehouse_id, item_id, quantity AS q, RANK() OVER "
                + "(PARTITION BY warehouse_id ORDER BY quantity DESC) AS r FROM stock WHERE quantity IS NOT NULL) t WHERE t.r <= 3 "
                + "ORDER BY t.warehouse_id, t.q DESC, t.item_id");
        o("SELECT d, n, SUM(n) OVER (ORDER BY d) AS cum FROM (SELECT order_date AS d, COUNT(*) AS n FROM orders "
                + "WHERE order_date < DATE '2023-02-01' GROUP BY order_date) t ORDER BY d").refused(CALCITE_PLANNER);
        o("SELECT order_id, order_date, MAX(order_id) OVER (PARTITION BY order_date) AS last_of_day, "
                + "COUNT(*) OVER (PARTITION BY qty) AS same_qty FROM orders WHERE order_id <= 300 ORDER BY order_id");
        o("SELECT customer_id AS id FROM customers WHERE tier = 0 UNION SELECT supplier_id FROM suppliers "
                + "UNION SELECT item_id FROM items WHERE price > 90 ORDER BY id DESC LIMIT 20");
        o("SELECT order_date AS d FROM orders WHERE customer_id < 100 EXCEPT SELECT event_date FROM events ORDER BY d LIMIT 30");
        u("SELECT customer_id, qty AS v FROM orders INTERSECT SELECT customer_id, severity FROM events");
        o("SELECT t.customer_id, SUM(t.v) AS total FROM (SELECT customer_id, qty AS v FROM orders WHERE qty IS NOT NULL UNION ALL "
                + "SELECT customer_id, severity FROM events WHERE customer_id IS NOT NULL AND severity IS NOT NULL) t "
                + "GROUP BY t.customer_id HAVING SUM(t.v) > 30 ORDER BY t.customer_id");
        o("WITH a AS (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id), "
                + "b AS (SELECT customer_id, COUNT(*) AS m FROM events WHERE customer_id IS NOT NULL GROUP BY customer_id) "
                + "SELECT a.customer_id, a.n, b.m FROM a JOIN b ON b.customer_id = a.customer_id WHERE a.n > b.m ORDER BY a.customer_id");
        o("WITH s AS (SELECT item_id, SUM(quantity) AS q FROM stock GROUP BY item_id) "
                + "SELECT i.item_id, COALESCE(s.q, 0) AS q FROM items i LEFT JOIN s ON s.item_id = i.item_id ORDER BY i.item_id");
        o("SELECT i.item_id, (SELECT COUNT(*) FROM stock st WHERE st.item_id = i.item_id AND st.quantity > 30) AS stocked "
                + "FROM items i ORDER BY i.item_id");
        u("SELECT s.supplier_id FROM suppliers s WHERE s.rating = (SELECT MAX(tier) FROM customers)");
        o("SELECT st.warehouse_id, COUNT(DISTINCT i.supplier_id) AS suppliers FROM stock st JOIN items i ON i.item_id = st.item_id "
                + "GROUP BY st.warehouse_id HAVING COUNT(DISTINCT i.supplier_id) > 5 ORDER BY st.warehouse_id");
        o("SELECT e.event_date, MIN(c.credit) AS lo, MAX(c.credit) AS hi FROM events e JOIN customers c ON c.customer_id = e.customer_id "
                + "WHERE e.event_date < DATE '2024-01-20' GROUP BY e.event_date ORDER BY e.event_date");
        o("SELECT c.customer_id FROM customers c LEFT JOIN (SELECT customer_id, COUNT(*) AS n FROM events GROUP BY customer_id) t "
                + "ON t.customer_id = c.customer_id WHERE t.n IS NULL ORDER BY c.customer_id");
        o("SELECT o.order_id, l.line_id, st.quantity FROM orders o JOIN order_lines l ON l.order_id = o.order_id "
                + "JOIN stock st ON st.item_id = l.quantity * 11 AND st.warehouse_id = o.qty WHERE o.customer_id BETWEEN 100 AND 160 "
                + "ORDER BY l.line_id");
        // Q19-like: a disjunction over two tables' columns, evaluated after the join
        u("SELECT SUM(l.quantity * l.unit_price) AS revenue, COUNT(*) AS n FROM order_lines l JOIN items i ON i.item_id = l.quantity * 11 "
                + "WHERE (i.price < 30 AND l.quantity <= 2) OR (i.price >= 30 AND l.quantity >= 4)");
        // Q20-like: nested IN with a scalar subquery at the bottom
        o("SELECT s.supplier_id FROM suppliers s WHERE s.supplier_id IN (SELECT i.supplier_id FROM items i WHERE i.item_id IN "
                + "(SELECT st.item_id FROM stock st WHERE st.quantity > (SELECT MAX(l.quantity) FROM order_lines l "
                + "WHERE l.customer_id = 7) * 15)) ORDER BY s.supplier_id");
        // CH-benCHmark-like: units per customer tier, order lines joined by order id only
        o("SELECT c.tier, COUNT(DISTINCT o.order_id) AS orders, SUM(l.quantity) AS units FROM customers c "
                + "JOIN orders o ON o.customer_id = c.customer_id JOIN order_lines l ON l.order_id = o.order_id "
                + "WHERE o.order_date >= DATE '2024-01-01' GROUP BY c.tier ORDER BY c.tier");
        o("SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS rn FROM (SELECT tier AS v FROM customers WHERE tier IS NOT NULL "
                + "UNION SELECT warehouse_id FROM stock) t ORDER BY v");
        o("WITH top AS (SELECT item_id, price FROM items ORDER BY price DESC, item_id LIMIT 10) "
                + "SELECT t.item_id, COUNT(st.stock_id) AS places FROM top t LEFT JOIN stock st ON st.item_id = t.item_id "
                + "GROUP BY t.item_id ORDER BY t.item_id");
        o("SELECT o.order_id, c.customer_id, o.qty + c.tier AS score FROM orders o JOIN customers c ON c.customer_id = o.qty * 30 "
                + "ORDER BY score DESC, o.order_id LIMIT 10 OFFSET 5");
        o("SELECT c.customer_id, COUNT(*) AS n FROM customers c JOIN orders o ON o.order_date < c.signup AND o.qty = c.tier "
                + "WHERE c.customer_id < 30 GROUP BY c.customer_id ORDER BY c.customer_id");
        u("SELECT e.event_id, o.order_id FROM events e JOIN orders o ON o.order_id BETWEEN e.event_id AND e.event_id + 2 "
                + "WHERE e.kind = 'refund' AND e.event_id < 200");
        o("SELECT st.warehouse_id, SUM(CASE WHEN i.price > 50 THEN st.quantity ELSE 0 END) AS dear, "
                + "COUNT(CASE WHEN st.quantity IS NULL THEN 1 END) AS unknown FROM stock st JOIN items i ON i.item_id = st.item_id "
                + "GROUP BY st.warehouse_id ORDER BY st.warehouse_id");
        o("SELECT i.item_id, CASE WHEN EXISTS (SELECT 1 FROM stock st WHERE st.item_id = i.item_id) THEN 1 ELSE 0 END AS stocked "
                + "FROM items i ORDER BY i.item_id");
        o("SELECT o.customer_id, COUNT(*) AS n FROM orders o GROUP BY o.customer_id "
                + "HAVING COUNT(*) > (SELECT COUNT(*) FROM events e WHERE e.customer_id = o.customer_id) ORDER BY o.customer_id");
        o("SELECT DISTINCT st.warehouse_id, c.tier FROM stock st JOIN customers c ON c.tier = st.warehouse_id - 1 "
                + "ORDER BY st.warehouse_id, c.tier");
        o("SELECT e1.event_id, MAX(e2.event_id) AS prev FROM events e1 LEFT JOIN events e2 ON e2.customer_id = e1.customer_id "
                + "AND e2.event_id < e1.event_id WHERE e1.customer_id BETWEEN 50 AND 60 GROUP BY e1.event_id ORDER BY e1.event_id");
        o("SELECT s.supplier_id, i.item_id, i.price, SUM(i.price) OVER (PARTITION BY s.supplier_id) AS supplier_total "
                + "FROM suppliers s JOIN items i ON i.supplier_id = s.supplier_id ORDER BY i.item_id");
        o("SELECT e.customer_id, COUNT(*) AS n, DENSE_RANK() OVER (ORDER BY COUNT(*) DESC) AS dr FROM events e "
                + "JOIN customers c ON c.customer_id = e.customer_id GROUP BY e.customer_id ORDER BY dr, e.customer_id LIMIT 25");
        pgU("SELECT c.customer_id, s.supplier_id FROM customers c JOIN suppliers s ON s.rating IS NOT DISTINCT FROM c.tier "
                + "WHERE c.customer_id < 20");
        myU("SELECT c.customer_id, s.supplier_id FROM customers c JOIN suppliers s ON s.rating <=> c.tier WHERE c.customer_id < 20");
    }

    /**
     * Queries whose answer depends on the dialect: each database answers differently and the driver
     * must give each database's own answer.
     */
    private void traps() {
        // integer vs decimal division (MariaDB divides integers into a DECIMAL of div_precision_increment digits)
        o("SELECT c.tier, SUM(o.qty) / COUNT(*) AS ratio FROM orders o JOIN customers c ON c.tier = o.qty GROUP BY c.tier ORDER BY c.tier").refusedOnMariaDb(DIVISION);
        o("SELECT o.order_id, o.qty / 4 AS quarter, o.qty % 4 AS rest FROM orders o JOIN promos p ON p.pct = o.qty + 2 "
                + "ORDER BY o.order_id");
        u("SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id HAVING COUNT(*) > (SELECT COUNT(*) / 300 FROM orders)").refusedOnMariaDb(DIVISION);
        o("SELECT st.item_id, st.warehouse_id, st.quantity / st.warehouse_id AS per, st.ytd / 3 AS third FROM stock st "
                + "JOIN items i ON i.item_id = st.item_id WHERE i.price < 30 ORDER BY st.stock_id");
        // AVG of integers and of decimals: the scale of the result
        o("SELECT st.warehouse_id, AVG(st.quantity) AS q, AVG(i.price) AS p FROM stock st JOIN items i ON i.item_id = st.item_id "
                + "GROUP BY st.warehouse_id ORDER BY st.warehouse_id");
        o("SELECT event_id, AVG(severity) OVER (PARTITION BY kind) AS a FROM events WHERE event_id <= 100 ORDER BY event_id").refused(AVG);
        // SUM of integers: BIGINT on PostgreSQL, DECIMAL on MariaDB
        o("SELECT order_id, SUM(qty) OVER (ORDER BY order_id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS s FROM orders "
                + "WHERE order_id <= 200 ORDER BY order_id");
        o("SELECT i.supplier_id, SUM(st.warehouse_id) AS w FROM items i JOIN stock st ON st.item_id = i.item_id "
                + "GROUP BY i.supplier_id ORDER BY i.supplier_id");
        // NULL ordering: first in ascending order on MariaDB, last on PostgreSQL
        o("SELECT c.customer_id, c.city, e.event_id FROM customers c JOIN events e ON e.customer_id = c.customer_id "
                + "WHERE e.kind = 'refund' ORDER BY c.city, e.event_id");
        o("SELECT i.item_id, i.category, s.rating FROM items i LEFT JOIN suppliers s ON s.supplier_id = i.supplier_id "
                + "ORDER BY s.rating DESC, i.category, i.item_id");
        // string comparison: case- and accent-insensitive and PAD SPACE on MariaDB, bytewise (C) on PostgreSQL
        u("SELECT c.customer_id, s.supplier_id FROM customers c JOIN suppliers s ON s.name = c.name");
        u("SELECT l.line_id, i.item_id FROM order_lines l JOIN items i ON i.sku = l.sku WHERE l.customer_id < 30");
        o("SELECT c.customer_id, c.name FROM customers c JOIN events e ON e.customer_id = c.customer_id "
                + "WHERE e.kind = 'refund' AND e.severity = 1 ORDER BY c.name, c.customer_id");
        o("SELECT DISTINCT c.name FROM customers c JOIN events e ON e.customer_id = c.customer_id WHERE e.severity = 3 ORDER BY c.name");
        o("SELECT i.category, COUNT(*) AS n FROM items i JOIN stock st ON st.item_id = i.item_id GROUP BY i.category ORDER BY i.category");
        u("SELECT name FROM customers UNION SELECT name FROM suppliers");
        u("SELECT c.customer_id FROM customers c WHERE c.name < (SELECT MIN(s.name) FROM suppliers s)").refusedOnPostgres(TEXT_ORDER_PG).refusedOnMariaDb(TEXT_COLLATION_MY);
        u("SELECT i.item_id FROM items i WHERE i.sku IN (SELECT l.sku FROM order_lines l WHERE l.quantity = 5 AND l.customer_id < 20)").refusedOnMariaDb(TEXT_COLLATION_MY);
        o("SELECT e.kind, COUNT(*) AS n FROM events e JOIN customers c ON c.customer_id = e.customer_id GROUP BY e.kind ORDER BY n, e.kind");
        o("SELECT s.name, i.title FROM suppliers s JOIN items i ON i.supplier_id = s.supplier_id WHERE s.name > 'b' "
                + "ORDER BY s.name, i.title");
        // date arithmetic and date parts
        o("SELECT o.order_id, o.order_date + INTERVAL '7' DAY AS due FROM orders o JOIN promos p ON p.pct = o.qty ORDER BY o.order_id").refusedOnPostgres(UNPARSED);
        o("SELECT EXTRACT(YEAR FROM o.order_date) AS y, EXTRACT(MONTH FROM o.order_date) AS m, COUNT(*) AS n FROM orders o "
                + "JOIN customers c ON c.tier = o.qty WHERE c.customer_id = 4 GROUP BY EXTRACT(YEAR FROM o.order_date), "
                + "EXTRACT(MONTH FROM o.order_date) ORDER BY y, m");
        pgO("SELECT o.order_id, o.order_date - c.signup AS days FROM orders o JOIN customers c ON c.tier = o.qty "
                + "WHERE o.order_id < 30 AND c.customer_id < 30 ORDER BY o.order_id, c.customer_id").refusedOnPostgres(DATE_ARITHMETIC);
        myO("SELECT o.order_id, DATEDIFF(o.order_date, c.signup) AS days FROM orders o JOIN customers c ON c.tier = o.qty "
                + "WHERE o.order_id < 30 AND c.customer_id < 30 ORDER BY o.order_id, c.customer_id").refusedOnMariaDb(UNPARSED);
        pgO("SELECT e.event_id, e.event_date - 30 AS before FROM events e JOIN customers c ON c.customer_id = e.customer_id "
                + "WHERE c.tier = 0 ORDER BY e.event_id").refusedOnPostgres(DATE_ARITHMETIC);
        // result types and labels of unaliased expressions
        u("SELECT COUNT(*) FROM orders o JOIN customers c ON c.tier = o.qty");
        u("SELECT MAX(i.price), MIN(s.name) FROM items i JOIN suppliers s ON s.supplier_id = i.supplier_id").refusedOnMariaDb(TEXT_COLLATION_MY);
        o("SELECT o.order_id, o.amount > c.credit AS richer FROM orders o JOIN customers c ON c.customer_id = o.qty "
                + "ORDER BY o.order_id LIMIT 40").refusedOnMariaDb(BOOLEAN_COLUMN);
        o("SELECT i.item_id, i.price * 2, COALESCE(s.rating, -1) FROM items i LEFT JOIN suppliers s ON s.supplier_id = i.supplier_id "
                + "ORDER BY i.item_id");
        o("SELECT s.supplier_id, CONCAT(s.name, '/', s.nation) AS label FROM suppliers s JOIN items i ON i.supplier_id = s.supplier_id "
                + "WHERE i.item_id < 20 ORDER BY i.item_id");
        o("SELECT CASE WHEN c.credit < 0 THEN 'neg' WHEN c.credit IS NULL THEN 'none' ELSE 'positive' END AS band, "
                + "COUNT(o.order_id) AS n FROM customers c JOIN orders o ON o.qty = c.tier GROUP BY 1 ORDER BY 1").refused(CALCITE_VALIDATOR);
        // NULLs in aggregates over joins
        o("SELECT s.supplier_id, SUM(st.quantity) AS q, COUNT(st.quantity) AS counted, COUNT(*) AS n FROM suppliers s "
                + "LEFT JOIN items i ON i.supplier_id = s.supplier_id LEFT JOIN stock st ON st.item_id = i.item_id "
                + "GROUP BY s.supplier_id ORDER BY s.supplier_id");
        myO("SELECT o.order_id, o.qty DIV 4 AS quarter FROM orders o JOIN promos p ON p.pct = o.qty + 2 ORDER BY o.order_id").refusedOnMariaDb(UNPARSED);
        myO("SELECT o.order_id, o.amount FROM orders o JOIN customers c ON c.customer_id = o.qty ORDER BY o.amount, o.order_id LIMIT 5, 10");
        pgO("SELECT o.order_id, o.amount FROM orders o JOIN customers c ON c.customer_id = o.qty "
                + "ORDER BY o.amount NULLS FIRST, o.order_id OFFSET 5 ROWS FETCH NEXT 10 ROWS ONLY");
    }

    private void prepared() {
        po("SELECT i.item_id, st.quantity FROM items i JOIN stock st ON st.item_id = i.item_id WHERE st.warehouse_id = ? "
                + "ORDER BY st.quantity DESC, i.item_id LIMIT ?", 2, 10);
        pu("SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.qty = c.tier AND o.order_date = ?)",
                java.time.LocalDate.parse("2023-05-05"));
        pu("SELECT s.supplier_id FROM suppliers s WHERE s.supplier_id IN (SELECT i.supplier_id FROM items i WHERE i.price > ?)",
                new java.math.BigDecimal("70"));
        pu("SELECT o.order_id, c.customer_id FROM orders o JOIN customers c ON c.tier = o.qty WHERE o.order_id < ? AND c.customer_id < ?",
                30L, 20L);
        po("SELECT s.supplier_id, COUNT(i.item_id) AS n FROM suppliers s LEFT JOIN items i ON i.supplier_id = s.supplier_id "
                + "AND i.price > ? GROUP BY s.supplier_id ORDER BY s.supplier_id", new java.math.BigDecimal("40"));
        pu("SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.customer_id "
                + "AND e.severity = ?)", 0);
        po("SELECT customer_id, order_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_id) AS rn FROM orders "
                + "WHERE customer_id BETWEEN ? AND ? ORDER BY order_id", 40L, 60L);
        po("SELECT customer_id FROM orders WHERE qty = ? UNION SELECT customer_id FROM events WHERE severity = ? ORDER BY customer_id",
                8, 3);
    }

    /**
     * Expressions over one table's columns that the driver could not compute as the database does
     * (functions, conversions, decimal division, text comparisons inside CASE on MariaDB): each shard
     * computes them in its scan, in filters, join keys, GROUP BY keys, aggregate arguments and
     * select items.
     */
    private void shardComputedExpressions() {
        // functions in filters of a join input
        o("SELECT c.customer_id, o.order_id FROM customers c JOIN orders o ON o.qty = c.tier "
                + "WHERE SUBSTRING(c.name, 1, 1) = 'a' AND o.order_id < 200 ORDER BY c.customer_id, o.order_id");
        u("SELECT e.event_id, c.customer_id FROM events e JOIN customers c ON c.customer_id = e.customer_id "
                + "WHERE EXTRACT(MONTH FROM e.event_date) IN (2, 3) AND ASCII(e.kind) > 100");
        // functions as join keys
        u("SELECT o.order_id, c.customer_id FROM orders o JOIN customers c ON c.tier = EXTRACT(MONTH FROM o.order_date) "
                + "WHERE c.customer_id < 30 AND o.order_id < 300");
        u("SELECT s.supplier_id, i.item_id FROM suppliers s JOIN items i ON i.item_id = ASCII(SUBSTRING(s.name, 2, 1)) - 40");
        // functions as GROUP BY keys and aggregate arguments
        o("SELECT EXTRACT(YEAR FROM o.order_date) AS y, COUNT(*) AS n, SUM(o.amount / 4) AS quarter FROM orders o "
                + "JOIN customers c ON c.tier = o.qty GROUP BY EXTRACT(YEAR FROM o.order_date) ORDER BY y");
        o("SELECT ASCII(c.name) AS initial, COUNT(*) AS n FROM customers c JOIN events e ON e.customer_id = c.customer_id "
                + "GROUP BY ASCII(c.name) ORDER BY initial");
        // decimal division on one table's columns, in select items and filters
        o("SELECT o.order_id, o.amount / 3 AS third, o.amount / 2.5 AS share FROM orders o JOIN customers c ON c.tier = o.qty "
                + "WHERE o.amount / 7 > 20 AND c.customer_id = 9 ORDER BY o.order_id");
        o("SELECT st.stock_id, st.ytd / st.warehouse_id AS per, i.price FROM stock st JOIN items i ON i.item_id = st.item_id "
                + "WHERE st.quantity / 3 > 10 ORDER BY st.stock_id LIMIT 50");
        // CASE and casts over one table; text compared inside the shard
        o("SELECT c.customer_id, CASE WHEN c.country = 'de' THEN 1 WHEN c.country IS NULL THEN 2 ELSE 0 END AS g, o.order_id "
                + "FROM customers c JOIN orders o ON o.qty = c.tier WHERE c.customer_id < 40 ORDER BY c.customer_id, o.order_id");
        o("SELECT o.order_id, CAST(o.amount AS INTEGER) AS whole, UPPER(o.status) AS st FROM orders o "
                + "JOIN promos p ON p.pct = o.qty ORDER BY o.order_id");
        // DISTINCT over text on MariaDB: rows are one when their collation weights are
        myU("SELECT DISTINCT * FROM promos");
        // a LEFT JOIN's preserved side computes its functions in the shard
        o("SELECT i.item_id, CHAR_LENGTH(i.title) AS len, s.rating FROM items i LEFT JOIN suppliers s ON s.supplier_id = i.supplier_id "
                + "ORDER BY i.item_id");
        // a multi-way join with one non-key join on an expression
        o("SELECT EXTRACT(MONTH FROM o.order_date) AS m, COUNT(*) AS n, SUM(l.quantity) AS q FROM order_lines l "
                + "JOIN orders o ON o.order_id = l.order_id AND o.customer_id = l.customer_id "
                + "JOIN customers c ON c.customer_id = o.customer_id JOIN items i ON i.item_id = l.line_id % 60 + 1 "
                + "JOIN suppliers s ON s.supplier_id = i.supplier_id JOIN countries k ON k.code = c.country "
                + "WHERE EXTRACT(YEAR FROM o.order_date) = 2023 AND s.rating > 1 GROUP BY EXTRACT(MONTH FROM o.order_date) ORDER BY m");
    }
}
