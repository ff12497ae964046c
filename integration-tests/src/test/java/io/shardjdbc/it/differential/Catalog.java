package io.shardjdbc.it.differential;

import io.shardjdbc.it.differential.QueryCase.Order;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The handwritten differential queries: every cross-shard shape the driver merges, over the data
 * set's hash, co-located, range and broadcast tables. Most run on both dialects; a few use one
 * dialect's syntax (NULLS FIRST/LAST and FETCH on PostgreSQL, {@code LIMIT m, n} on MySQL).
 */
final class Catalog {
    private final List<QueryCase> cases = new ArrayList<>();
    private static final Object[] NONE = {};

    private Catalog() { }

    private void u(String sql) { cases.add(new QueryCase(sql, NONE, Order.UNORDERED, null, null, false)); }
    private void o(String sql) { cases.add(new QueryCase(sql, NONE, Order.ORDERED, null, null, false)); }
    private void t(String sql, int... keys) { cases.add(new QueryCase(sql, NONE, Order.TIES, keys, null, false)); }
    private void n(String sql) { cases.add(new QueryCase(sql, NONE, Order.ROW_COUNT, null, null, false)); }
    private void pgO(String sql) { cases.add(new QueryCase(sql, NONE, Order.ORDERED, null, "pg", false)); }
    private void pgU(String sql) { cases.add(new QueryCase(sql, NONE, Order.UNORDERED, null, "pg", false)); }
    private void myO(String sql) { cases.add(new QueryCase(sql, NONE, Order.ORDERED, null, "my", false)); }
    private void pu(String sql, Object... p) { cases.add(new QueryCase(sql, p, Order.UNORDERED, null, null, true)); }
    private void po(String sql, Object... p) { cases.add(new QueryCase(sql, p, Order.ORDERED, null, null, true)); }

    static List<QueryCase> all() {
        Catalog c = new Catalog();
        c.filters();
        c.orderBy();
        c.paging();
        c.aggregates();
        c.groupBy();
        c.distinct();
        c.joins();
        c.prepared();
        c.federated();
        return c.cases;
    }

    private void filters() {
        u("SELECT customer_id, name, city FROM customers");
        u("SELECT * FROM customers");
        u("SELECT * FROM orders");
        u("SELECT * FROM order_lines");
        u("SELECT * FROM events");
        u("SELECT * FROM countries");
        u("SELECT * FROM promos");
        u("SELECT * FROM orders WHERE amount > 100");
        u("SELECT order_id, status FROM orders WHERE status IS NULL");
        u("SELECT order_id FROM orders WHERE status = 'paid'");
        u("SELECT order_id, status FROM orders WHERE status IN ('new', 'shipped')");
        u("SELECT customer_id, name FROM customers WHERE name LIKE 'a%'");
        u("SELECT customer_id, credit FROM customers WHERE credit BETWEEN -10 AND 10");
        u("SELECT customer_id, signup FROM customers WHERE signup >= DATE '2022-01-01'");
        u("SELECT * FROM events WHERE event_date BETWEEN DATE '2024-03-01' AND DATE '2024-05-01'");
        u("SELECT * FROM events WHERE event_date >= DATE '2024-07-01' AND event_date < DATE '2025-01-01'");
        u("SELECT * FROM events WHERE event_date >= DATE '2025-02-01'");
        u("SELECT * FROM customers WHERE customer_id = 7");
        u("SELECT * FROM orders WHERE customer_id IN (1, 2, 3, 7, 999)");
        u("SELECT name FROM customers WHERE tier IS NULL OR credit IS NULL");
        u("SELECT order_id, amount * qty AS ext FROM orders WHERE qty > 5");
        u("SELECT * FROM order_lines WHERE discount IS NOT NULL AND quantity >= 4");
        u("SELECT customer_id FROM customers WHERE name = 'alice'");
        u("SELECT customer_id, name FROM customers WHERE name <> 'bob'");
        u("SELECT * FROM customers WHERE customer_id = -1");
        u("SELECT event_id, kind FROM events WHERE customer_id IS NULL");
        u("SELECT customer_id, score FROM customers WHERE score > 2.5");
        u("SELECT order_id, amount FROM orders WHERE NOT (amount > 0) OR qty = 0");
        u("SELECT line_id, unit_price * quantity - COALESCE(discount, 0) FROM order_lines WHERE customer_id < 50");
        u("SELECT customer_id, UPPER(name), LENGTH(name) FROM customers WHERE customer_id > 250");
        u("SELECT promo_id, code FROM promos WHERE pct IS NULL");
        u("SELECT order_id FROM orders WHERE customer_id = 7 AND qty = 3");
    }

    private void orderBy() {
        o("SELECT customer_id, name FROM customers ORDER BY customer_id");
        o("SELECT customer_id, name FROM customers ORDER BY customer_id DESC");
        o("SELECT customer_id, name FROM customers ORDER BY name, customer_id");
        o("SELECT customer_id, name FROM customers ORDER BY name DESC, customer_id DESC");
        o("SELECT customer_id, city FROM customers ORDER BY city, customer_id");
        o("SELECT customer_id, city FROM customers ORDER BY city DESC, customer_id");
        o("SELECT customer_id, credit FROM customers ORDER BY credit, customer_id");
        o("SELECT customer_id, credit FROM customers ORDER BY credit DESC, customer_id");
        o("SELECT customer_id, score FROM customers ORDER BY score DESC, customer_id");
        o("SELECT customer_id, signup FROM customers ORDER BY signup, customer_id");
        o("SELECT customer_id, tier, credit FROM customers ORDER BY tier DESC, credit, customer_id");
        o("SELECT order_id, amount FROM orders ORDER BY 2 DESC, 1");
        o("SELECT order_id AS id, amount AS amt FROM orders ORDER BY amt, id");
        o("SELECT order_id, amount * qty AS ext FROM orders ORDER BY ext DESC, order_id");
        o("SELECT order_id, qty FROM orders ORDER BY qty * 2 - order_id % 3, order_id");
        o("SELECT order_id FROM orders ORDER BY amount, order_id");
        o("SELECT * FROM customers ORDER BY customer_id");
        o("SELECT * FROM orders ORDER BY order_date DESC, order_id");
        o("SELECT name, customer_id FROM customers ORDER BY LOWER(name), customer_id");
        o("SELECT * FROM events ORDER BY event_date, event_id");
        o("SELECT * FROM events WHERE event_date >= DATE '2024-06-01' ORDER BY event_date DESC, event_id");
        o("SELECT sku, line_id FROM order_lines ORDER BY sku DESC, line_id");
        o("SELECT order_id, status, channel FROM orders ORDER BY channel, status, order_id");
        o("SELECT o.order_id, o.amount FROM orders o ORDER BY o.amount DESC, o.order_id");
        o("SELECT customer_id, country FROM customers ORDER BY country, customer_id");
        o("SELECT * FROM order_lines WHERE customer_id = 7 ORDER BY line_id");
        o("SELECT order_id, customer_id FROM orders WHERE customer_id IN (7, 8, 9) ORDER BY customer_id, order_id DESC");
        o("SELECT * FROM promos ORDER BY pct, promo_id");
        o("SELECT code, name FROM countries ORDER BY region, code");
        o("SELECT line_id, discount FROM order_lines ORDER BY discount DESC, line_id");
        t("SELECT name, customer_id FROM customers ORDER BY name", 1);
        t("SELECT status, order_id FROM orders ORDER BY status", 1);
        t("SELECT kind, event_id FROM events ORDER BY kind DESC", 1);
        t("SELECT city, tier, customer_id FROM customers ORDER BY city, tier", 1, 2);
        t("SELECT qty, order_id FROM orders ORDER BY qty", 1);
        t("SELECT event_date, kind FROM events ORDER BY event_date DESC", 1);
        pgO("SELECT customer_id, city FROM customers ORDER BY city NULLS FIRST, customer_id");
        pgO("SELECT customer_id, city FROM customers ORDER BY city DESC NULLS LAST, customer_id");
        pgO("SELECT customer_id, credit FROM customers ORDER BY credit ASC NULLS FIRST, customer_id DESC");
        pgO("SELECT order_id, qty FROM orders ORDER BY qty DESC NULLS FIRST, order_id");
        myO("SELECT customer_id, city FROM customers ORDER BY city IS NULL, city, customer_id");
    }

    private void paging() {
        o("SELECT order_id, amount FROM orders ORDER BY amount DESC, order_id LIMIT 10");
        o("SELECT order_id, amount FROM orders ORDER BY amount DESC, order_id LIMIT 10 OFFSET 20");
        o("SELECT order_id, amount FROM orders ORDER BY amount, order_id LIMIT 0");
        o("SELECT order_id FROM orders ORDER BY order_id LIMIT 5 OFFSET 100000");
        o("SELECT customer_id, name FROM customers ORDER BY name, customer_id LIMIT 15 OFFSET 30");
        o("SELECT order_id FROM orders WHERE customer_id = 7 ORDER BY order_id LIMIT 10 OFFSET 5");
        o("SELECT * FROM events ORDER BY event_date DESC, event_id LIMIT 25 OFFSET 490");
        o("SELECT customer_id, credit FROM customers ORDER BY credit DESC, customer_id LIMIT 1");
        o("SELECT line_id FROM order_lines ORDER BY unit_price * quantity DESC, line_id LIMIT 12 OFFSET 3");
        o("SELECT promo_id FROM promos ORDER BY promo_id LIMIT 1 OFFSET 1");
        t("SELECT status, order_id FROM orders ORDER BY status LIMIT 50", 1);
        t("SELECT qty, order_id FROM orders ORDER BY qty DESC LIMIT 40 OFFSET 100", 1);
        t("SELECT name FROM customers ORDER BY name DESC LIMIT 33", 1);
        n("SELECT order_id FROM orders LIMIT 10");
        n("SELECT * FROM customers LIMIT 7");
        myO("SELECT order_id, amount FROM orders ORDER BY amount DESC, order_id LIMIT 20, 10");
        myO("SELECT customer_id FROM customers ORDER BY customer_id LIMIT 290, 100");
        pgO("SELECT order_id, amount FROM orders ORDER BY amount DESC, order_id OFFSET 20 ROWS FETCH NEXT 10 ROWS ONLY");
        pgO("SELECT order_id FROM orders ORDER BY order_id FETCH FIRST 5 ROWS ONLY");
        pgO("SELECT customer_id FROM customers ORDER BY customer_id OFFSET 295");
        pgO("SELECT customer_id FROM customers ORDER BY customer_id OFFSET 3 ROWS");
    }

    private void aggregates() {
        u("SELECT COUNT(*) FROM orders");
        u("SELECT COUNT(*), COUNT(amount), COUNT(qty), COUNT(status) FROM orders");
        u("SELECT SUM(amount), MIN(amount), MAX(amount) FROM orders");
        u("SELECT SUM(qty), AVG(qty) FROM orders");
        u("SELECT AVG(amount) FROM orders");
        u("SELECT AVG(credit), SUM(credit) FROM customers");
        u("SELECT AVG(score), SUM(score), MIN(score), MAX(score) FROM customers");
        u("SELECT MIN(name), MAX(name) FROM customers");
        u("SELECT MIN(signup), MAX(signup) FROM customers");
        u("SELECT MIN(city), MAX(city) FROM customers");
        u("SELECT COUNT(*), SUM(amount), AVG(amount), MIN(amount), MAX(amount) FROM orders WHERE customer_id < 0");
        u("SELECT COUNT(*), SUM(severity), AVG(severity) FROM events WHERE event_date BETWEEN DATE '2024-08-01' AND DATE '2024-09-01'");
        u("SELECT COUNT(*) FROM promos");
        u("SELECT SUM(pct), AVG(pct), COUNT(pct), MIN(code) FROM promos");
        u("SELECT COUNT(*) FROM customers WHERE customer_id = 7");
        u("SELECT SUM(unit_price * quantity) FROM order_lines");
        u("SELECT SUM(quantity), AVG(unit_price), AVG(discount) FROM order_lines");
        u("SELECT COUNT(*) + 1, SUM(qty) * 2, MAX(amount) - MIN(amount) FROM orders");
        u("SELECT SUM(amount) / COUNT(*) FROM orders");
        u("SELECT SUM(qty) / COUNT(qty) FROM orders");
        u("SELECT SUM(qty) * 1.0 / COUNT(*) FROM orders");
        u("SELECT COUNT(DISTINCT status) FROM orders");
        u("SELECT COUNT(DISTINCT customer_id) FROM orders");
        u("SELECT COUNT(DISTINCT qty), SUM(DISTINCT qty) FROM orders");
        u("SELECT SUM(DISTINCT amount) FROM orders");
        u("SELECT AVG(DISTINCT qty) FROM orders");
        u("SELECT COUNT(DISTINCT sku) FROM order_lines");
        u("SELECT COUNT(DISTINCT name) FROM customers");
        u("SELECT COUNT(DISTINCT city), COUNT(city), COUNT(*) FROM customers");
        u("SELECT MAX(amount) FROM orders WHERE status = 'nothing'");
        u("SELECT COUNT(*) FROM events");
        u("SELECT AVG(severity) FROM events");
        u("SELECT COUNT(*), MIN(event_date), MAX(event_date) FROM events");
        u("SELECT SUM(amount) FROM orders WHERE amount IS NULL");
        u("SELECT AVG(tier), AVG(credit) FROM customers WHERE customer_id > 100");
        u("SELECT COUNT(1) FROM orders");
        u("SELECT COUNT(customer_id), SUM(customer_id), AVG(customer_id) FROM orders");
        u("SELECT COUNT(*) AS n, SUM(amount) AS s, SUM(amount) / COUNT(amount) AS mean FROM orders");
        u("SELECT MAX(credit) - MIN(credit), AVG(credit) FROM customers");
        pgU("SELECT MAX(credit) - MIN(credit), AVG(credit) * 2, SUM(tier) / COUNT(*) + 1 FROM customers");
        u("SELECT -SUM(qty), SUM(qty) % 7 FROM orders");
        u("SELECT -MIN(qty), MIN(qty) + 1, MAX(qty) * 2, MAX(qty) / 2, MIN(qty) % 2, COUNT(*) / 7, COUNT(*) - 2000000000 FROM orders");
        u("SELECT MAX(credit) / 3, MIN(score) * 2, SUM(score) / 4, COUNT(*) * 1.5 FROM customers");
        u("SELECT SUM(amount) / SUM(qty) FROM orders");
        u("SELECT AVG(amount), AVG(qty), AVG(customer_id) FROM orders WHERE customer_id = 7");
        u("SELECT MIN(kind), MAX(kind), MIN(payload), MAX(payload) FROM events");
        u("SELECT COUNT(DISTINCT event_date), MIN(customer_id) FROM events WHERE event_date < DATE '2024-05-01'");
        u("SELECT SUM(discount), MAX(discount), AVG(quantity) FROM order_lines WHERE line_id > 1000");
        u("SELECT COUNT(DISTINCT country), MAX(country) FROM customers");
        u("SELECT AVG(credit) FROM customers WHERE tier = 3");
        u("SELECT MIN(score), AVG(score) FROM customers WHERE score IS NULL");
    }

    private void groupBy() {
        u("SELECT status, COUNT(*) FROM orders GROUP BY status");
        u("SELECT status, COUNT(*), SUM(amount), AVG(amount), MIN(amount), MAX(amount) FROM orders GROUP BY status");
        u("SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id");
        u("SELECT channel, status, COUNT(*) FROM orders GROUP BY channel, status");
        o("SELECT qty, COUNT(*) FROM orders GROUP BY qty ORDER BY qty");
        o("SELECT qty, COUNT(*) FROM orders GROUP BY qty ORDER BY qty DESC");
        o("SELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY n DESC, status");
        u("SELECT status, SUM(amount) FROM orders GROUP BY status HAVING SUM(amount) > 1000");
        t("SELECT status, COUNT(*) FROM orders GROUP BY status HAVING COUNT(*) > 100 ORDER BY 2 DESC", 2);
        o("SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id HAVING COUNT(*) >= 8 ORDER BY COUNT(*) DESC, customer_id");
        o("SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id ORDER BY total DESC, customer_id LIMIT 10");
        u("SELECT name, COUNT(*) FROM customers GROUP BY name");
        o("SELECT name, COUNT(*) FROM customers GROUP BY name ORDER BY name");
        o("SELECT city, COUNT(*), AVG(credit) FROM customers GROUP BY city ORDER BY city");
        o("SELECT country, tier, COUNT(*) FROM customers GROUP BY country, tier ORDER BY country, tier");
        o("SELECT tier, SUM(credit) / COUNT(*) FROM customers GROUP BY tier ORDER BY tier");
        u("SELECT tier, AVG(score), SUM(score) FROM customers GROUP BY tier");
        u("SELECT kind, COUNT(*), COUNT(customer_id), COUNT(DISTINCT customer_id) FROM events GROUP BY kind");
        o("SELECT event_date, COUNT(*) FROM events GROUP BY event_date ORDER BY event_date LIMIT 20");
        u("SELECT severity, COUNT(*) FROM events GROUP BY severity HAVING severity IS NOT NULL");
        o("SELECT sku, SUM(quantity), SUM(unit_price * quantity) FROM order_lines GROUP BY sku ORDER BY sku");
        u("SELECT sku, COUNT(DISTINCT order_id) FROM order_lines GROUP BY sku");
        u("SELECT status, COUNT(DISTINCT customer_id), SUM(DISTINCT qty) FROM orders GROUP BY status");
        u("SELECT status, AVG(DISTINCT qty) FROM orders GROUP BY status");
        u("SELECT qty % 3, COUNT(*) FROM orders GROUP BY qty % 3");
        o("SELECT qty % 3 AS m, COUNT(*) FROM orders GROUP BY qty % 3 ORDER BY m");
        o("SELECT qty, COUNT(*) FROM orders GROUP BY 1 ORDER BY 1");
        o("SELECT LOWER(status) AS s, COUNT(*) FROM orders GROUP BY LOWER(status) ORDER BY s");
        u("SELECT status, COUNT(*) FROM orders WHERE customer_id = 7 GROUP BY status");
        u("SELECT customer_id, MAX(order_date), MIN(order_date) FROM orders GROUP BY customer_id HAVING MAX(order_date) > DATE '2024-10-01'");
        u("SELECT status, SUM(amount) FROM orders GROUP BY status HAVING COUNT(*) > 50 AND SUM(amount) IS NOT NULL");
        u("SELECT channel, AVG(amount) FROM orders GROUP BY channel HAVING AVG(amount) > 10 OR channel IS NULL");
        u("SELECT channel, COUNT(*) FROM orders GROUP BY channel HAVING NOT (COUNT(*) < 300)");
        u("SELECT status, COUNT(*) * 2 + 1, SUM(qty) - MIN(qty) FROM orders GROUP BY status");
        t("SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY COUNT(*) DESC LIMIT 3", 2);
        o("SELECT channel, COUNT(*) FROM orders GROUP BY channel ORDER BY channel DESC LIMIT 2 OFFSET 1");
        u("SELECT COUNT(*) FROM orders GROUP BY status");
        u("SELECT MAX(amount) FROM orders GROUP BY customer_id HAVING COUNT(*) = 1");
        u("SELECT region, COUNT(*) FROM countries GROUP BY region");
        u("SELECT status, MIN(channel), MAX(channel) FROM orders GROUP BY status");
        u("SELECT status, COUNT(*) FROM orders WHERE customer_id < 0 GROUP BY status");
        u("SELECT pct, COUNT(*) FROM promos GROUP BY pct");
        o("SELECT tier, MAX(credit) - MIN(credit) AS spread FROM customers GROUP BY tier ORDER BY spread DESC, tier");
        u("SELECT status, -SUM(qty) FROM orders GROUP BY status");
        o("SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY SUM(amount) DESC");
        o("SELECT status FROM orders GROUP BY status ORDER BY MAX(order_date), status");
        u("SELECT status, SUM(qty) % 7 FROM orders GROUP BY status");
        u("SELECT status, SUM(amount) / SUM(qty) FROM orders GROUP BY status");
        pgU("SELECT tier, AVG(credit) * 2, -AVG(score), SUM(credit) / COUNT(*) * 100 FROM customers GROUP BY tier");
        u("SELECT customer_id, SUM(quantity * unit_price) FROM order_lines GROUP BY customer_id HAVING SUM(quantity) > 20");
        o("SELECT event_date, kind, COUNT(*) FROM events WHERE event_date < DATE '2024-02-01' GROUP BY event_date, kind ORDER BY event_date, kind");
        u("SELECT signup, COUNT(*) FROM customers GROUP BY signup");
        u("SELECT score, COUNT(*) FROM customers GROUP BY score");
        u("SELECT credit, COUNT(*) FROM customers GROUP BY credit HAVING COUNT(*) > 1");
        u("SELECT discount, SUM(quantity) FROM order_lines GROUP BY discount");
        o("SELECT customer_id, COUNT(*), SUM(amount) FROM orders WHERE customer_id IN (7, 8, 9, 10) GROUP BY customer_id ORDER BY customer_id");
        u("SELECT status, channel, SUM(amount), COUNT(DISTINCT qty) FROM orders GROUP BY status, channel HAVING COUNT(*) > 10");
        u("SELECT city, MIN(name), MAX(name) FROM customers GROUP BY city");
        o("SELECT kind, AVG(severity), COUNT(severity) FROM events GROUP BY kind ORDER BY AVG(severity) DESC, kind");
        u("SELECT qty, SUM(amount) FROM orders GROUP BY qty HAVING SUM(amount) < 0");
        u("SELECT country, SUM(credit), AVG(credit) FROM customers GROUP BY country");
    }

    private void distinct() {
        u("SELECT DISTINCT status FROM orders");
        o("SELECT DISTINCT status FROM orders ORDER BY status");
        u("SELECT DISTINCT channel, status FROM orders");
        o("SELECT DISTINCT qty FROM orders ORDER BY qty DESC");
        u("SELECT DISTINCT name FROM customers");
        o("SELECT DISTINCT city FROM customers ORDER BY city");
        o("SELECT DISTINCT tier, country FROM customers ORDER BY country, tier");
        o("SELECT DISTINCT customer_id FROM orders ORDER BY customer_id LIMIT 10");
        u("SELECT DISTINCT kind FROM events");
        o("SELECT DISTINCT sku FROM order_lines ORDER BY sku LIMIT 3 OFFSET 1");
        u("SELECT DISTINCT qty % 4 FROM orders");
        u("SELECT DISTINCT LOWER(status) FROM orders");
        u("SELECT DISTINCT country FROM customers");
        u("SELECT DISTINCT COUNT(*) FROM orders GROUP BY customer_id");
        u("SELECT DISTINCT status, COUNT(*) FROM orders GROUP BY status");
        u("SELECT DISTINCT event_date FROM events WHERE event_date > DATE '2025-03-01'");
        u("SELECT DISTINCT severity, kind FROM events");
        o("SELECT DISTINCT name FROM customers ORDER BY name DESC LIMIT 10");
        u("SELECT DISTINCT discount FROM order_lines");
        u("SELECT DISTINCT score FROM customers");
    }

    private void joins() {
        u("SELECT c.customer_id, c.name, o.order_id FROM customers c JOIN orders o ON o.customer_id = c.customer_id");
        o("SELECT c.customer_id, c.name, o.order_id FROM customers c JOIN orders o ON o.customer_id = c.customer_id ORDER BY o.order_id");
        u("SELECT c.name, COUNT(*) FROM customers c JOIN orders o ON o.customer_id = c.customer_id GROUP BY c.name");
        o("SELECT c.customer_id, COUNT(o.order_id), SUM(o.amount) FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id "
                + "GROUP BY c.customer_id ORDER BY c.customer_id");
        u("SELECT o.status, SUM(l.quantity * l.unit_price) FROM orders o JOIN order_lines l "
                + "ON l.customer_id = o.customer_id AND l.order_id = o.order_id GROUP BY o.status");
        u("SELECT c.name, o.order_id, l.sku FROM customers c JOIN orders o ON o.customer_id = c.customer_id "
                + "JOIN order_lines l ON l.customer_id = o.customer_id AND l.order_id = o.order_id WHERE l.quantity = 5");
        u("SELECT c.customer_id, k.name FROM customers c JOIN countries k ON k.code = c.country");
        o("SELECT k.region, COUNT(*) FROM customers c JOIN countries k ON k.code = c.country GROUP BY k.region ORDER BY k.region");
        o("SELECT c.customer_id, k.name FROM customers c LEFT JOIN countries k ON k.code = c.country ORDER BY c.customer_id");
        t("SELECT k.name, SUM(o.amount) FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
                + "JOIN countries k ON k.code = c.country GROUP BY k.name ORDER BY 2 DESC", 2);
        u("SELECT c.customer_id, o.order_id FROM customers c JOIN orders o ON o.customer_id = c.customer_id WHERE c.customer_id = 7");
        u("SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.customer_id = o.customer_id WHERE l.order_id = o.order_id");
        u("SELECT c.name, AVG(o.amount) FROM customers c JOIN orders o ON c.customer_id = o.customer_id GROUP BY c.name HAVING COUNT(*) > 20");
        u("SELECT DISTINCT c.country FROM customers c JOIN orders o ON o.customer_id = c.customer_id WHERE o.qty = 8");
        o("SELECT o.order_id, c.name, k.vat FROM orders o JOIN customers c ON c.customer_id = o.customer_id "
                + "LEFT JOIN countries k ON k.code = c.country ORDER BY k.vat DESC, o.order_id LIMIT 30");
        u("SELECT k.code, COUNT(DISTINCT c.customer_id) FROM customers c JOIN countries k ON k.code = c.country GROUP BY k.code");
        u("SELECT o.order_id FROM orders o LEFT JOIN customers c ON c.customer_id = o.customer_id WHERE c.customer_id IS NULL");
        o("SELECT c.tier, SUM(l.quantity), AVG(l.unit_price) FROM customers c JOIN order_lines l ON l.customer_id = c.customer_id "
                + "GROUP BY c.tier ORDER BY c.tier");
        u("SELECT * FROM customers c JOIN countries k ON k.code = c.country WHERE k.region = 'Europe'");
        o("SELECT c.name, k.name FROM customers c JOIN countries k ON c.country = k.code WHERE c.customer_id < 40 ORDER BY c.customer_id");
    }

    private void prepared() {
        pu("SELECT * FROM customers WHERE customer_id = ?", 7L);
        pu("SELECT * FROM orders WHERE customer_id IN (?, ?, ?)", 1L, 7L, 200L);
        po("SELECT order_id FROM orders WHERE amount > ? ORDER BY order_id", new BigDecimal("50"));
        pu("SELECT status, COUNT(*) FROM orders WHERE qty >= ? GROUP BY status HAVING COUNT(*) > ?", 2, 10);
        po("SELECT * FROM events WHERE event_date >= ? AND event_date < ? ORDER BY event_id",
                LocalDate.parse("2024-03-15"), LocalDate.parse("2025-01-10"));
        pu("SELECT customer_id, name FROM customers WHERE name = ?", "Alice");
        pu("SELECT COUNT(*) FROM orders WHERE status = ?", "paid");
        pu("SELECT status, SUM(amount) + ? FROM orders GROUP BY status", 1);
        po("SELECT order_id, amount FROM orders ORDER BY amount DESC, order_id LIMIT ? OFFSET ?", 7, 3);
        po("SELECT customer_id, name FROM customers WHERE tier = ? ORDER BY name, customer_id LIMIT ?", 2, 20);
        pu("SELECT tier, COUNT(*) FROM customers GROUP BY tier HAVING COUNT(*) > ?", 55);
        pu("SELECT SUM(amount), AVG(amount), COUNT(*) FROM orders WHERE order_date BETWEEN ? AND ?",
                LocalDate.parse("2023-06-01"), LocalDate.parse("2024-01-31"));
        pu("SELECT COUNT(DISTINCT customer_id) FROM orders WHERE amount < ?", new BigDecimal("-20.5"));
        po("SELECT sku, COUNT(*) FROM order_lines WHERE quantity > ? GROUP BY sku ORDER BY sku", 2);
        pu("SELECT * FROM customers WHERE customer_id IN (?, ?) AND name LIKE ?", 3L, 33L, "%");
        pu("SELECT kind, COUNT(*) FROM events WHERE event_date = ? GROUP BY kind", LocalDate.parse("2024-02-10"));
        pu("SELECT status, COUNT(*) FROM orders GROUP BY status HAVING SUM(amount) > ? AND COUNT(*) > ?", new BigDecimal("100.5"), 5);
        po("SELECT order_id, qty FROM orders WHERE qty > ? ORDER BY qty * ? DESC, order_id LIMIT ?", 2, 3, 40);
        pu("SELECT qty + ?, COUNT(*) FROM orders WHERE customer_id > ? GROUP BY 1", 1, 5L);
        cases.add(new QueryCase("SELECT COUNT(DISTINCT qty + ?), SUM(DISTINCT qty * ?) FROM orders WHERE amount > ?",
                new Object[] {1, 2, new BigDecimal("10")}, Order.UNORDERED, null, "my", true));
        pu("SELECT MIN(qty) + ?, MAX(amount) * ? FROM orders", 1, new BigDecimal("1.5"));
        po("SELECT customer_id, SUM(amount) FROM orders GROUP BY customer_id HAVING SUM(amount) IS NOT NULL "
                + "ORDER BY SUM(amount) DESC, customer_id LIMIT ?", 5);
    }

    /** Shapes that were refused across shards before federation, now federated and answered. */
    private void federated() {
        u("SELECT order_id, ROW_NUMBER() OVER (ORDER BY order_id) FROM orders");
        u("SELECT customer_id FROM customers UNION SELECT customer_id FROM orders");
        u("SELECT COUNT(*) FROM (SELECT customer_id FROM orders) t");
        u("SELECT COUNT(*) FROM orders o JOIN customers c ON c.tier = o.qty");
        u("WITH t AS (SELECT customer_id FROM orders) SELECT COUNT(*) FROM t");
    }

    /**
     * Shapes the driver refuses across shards with SQLState 0AS01 (neither push-down, merge nor
     * federation computes them exactly as the database does); each runs fine on one database.
     */
    static List<String> refused(boolean postgres) {
        List<String> both = List.of(
                // valid by the primary key's functional dependency, which federation's validator does not know
                "SELECT * FROM orders GROUP BY order_id");
        List<String> out = new ArrayList<>(both);
        if (!postgres) {
            // arithmetic over a quotient: MySQL computes it from more digits than it shows (merge), and AVG and
            // division have MySQL's own decimal scale (federation)
            out.add("SELECT tier, AVG(credit) * 2 FROM customers GROUP BY tier");
            out.add("SELECT SUM(amount) / COUNT(*) + 1 FROM orders");
            out.add("SELECT -AVG(qty) FROM orders");
        }
        return out;
    }
}
