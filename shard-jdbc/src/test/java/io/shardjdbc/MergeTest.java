package io.shardjdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-shard queries return what the same query returns on one database holding every row:
 * H2 shards through the driver against one H2 reference database, same data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MergeTest {
    private H2Shards shards;
    private ShardDataSource ds;
    private Connection reference;

    @BeforeAll
    void load() throws SQLException {
        shards = new H2Shards(4);
        ds = new ShardDataSource(shards.builder().hashTable("customers", "customer_id", 64)
                .colocatedTable("orders", "customer_id", "customers").build());
        reference = DriverManager.getConnection("jdbc:h2:mem:merge_ref_" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1");
        String ddl = "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer_id BIGINT, status VARCHAR(10), "
                + "total DECIMAL(10,2), qty INT)";
        Random r = new Random(7);
        String[] statuses = {"NEW", "PAID", "SHIPPED", null};
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); Statement ref = reference.createStatement()) {
            s.execute(ddl);
            ref.execute(ddl);
            String customers = "CREATE TABLE customers (customer_id BIGINT PRIMARY KEY, name VARCHAR(20))";
            s.execute(customers);
            ref.execute(customers);
            String insertCustomer = "INSERT INTO customers (customer_id, name) VALUES (?, ?)";
            try (PreparedStatement p = c.prepareStatement(insertCustomer); PreparedStatement q = reference.prepareStatement(insertCustomer)) {
                for (int i = 0; i < 100; i++) {
                    for (PreparedStatement x : List.of(p, q)) {
                        x.setLong(1, i);
                        x.setString(2, "c" + (i % 13));
                        x.addBatch();
                    }
                }
                p.executeBatch();
                q.executeBatch();
            }
            String insert = "INSERT INTO orders (order_id, customer_id, status, total, qty) VALUES (?, ?, ?, ?, ?)";
            try (PreparedStatement p = c.prepareStatement(insert); PreparedStatement q = reference.prepareStatement(insert)) {
                for (int i = 1; i <= 600; i++) {
                    Object[] row = {(long) i, (long) r.nextInt(90), statuses[r.nextInt(4)],
                            r.nextInt(10) == 0 ? null : BigDecimal.valueOf(r.nextInt(100_000), 2), r.nextInt(7)};
                    for (int k = 0; k < row.length; k++) {
                        p.setObject(k + 1, row[k]);
                        q.setObject(k + 1, row[k]);
                    }
                    p.addBatch();
                    q.addBatch();
                }
                p.executeBatch();
                q.executeBatch();
            }
        }
    }

    @AfterAll
    void close() throws SQLException {
        ds.close();
        reference.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT order_id, total FROM orders ORDER BY total DESC NULLS LAST, order_id",
            "SELECT * FROM orders ORDER BY customer_id, order_id LIMIT 25 OFFSET 40",
            "SELECT order_id FROM orders WHERE qty > 2 ORDER BY order_id DESC FETCH FIRST 7 ROWS ONLY",
            "SELECT DISTINCT status FROM orders ORDER BY status",
            "SELECT DISTINCT qty, status FROM orders ORDER BY qty, status",
            "SELECT count(*), sum(total), min(total), max(total), count(total) FROM orders",
            "SELECT count(*) FROM orders WHERE customer_id < 0",
            "SELECT sum(total) FROM orders WHERE customer_id < 0",
            "SELECT status, count(*) AS n, sum(qty) FROM orders GROUP BY status ORDER BY n DESC, status",
            "SELECT status, qty, count(*) FROM orders GROUP BY status, qty ORDER BY 1, 2",
            "SELECT customer_id, sum(total) FROM orders GROUP BY customer_id HAVING sum(total) > 2000 ORDER BY 2 DESC LIMIT 5",
            "SELECT count(DISTINCT customer_id), count(DISTINCT status) FROM orders",
            "SELECT status, count(DISTINCT qty) FROM orders GROUP BY status ORDER BY status",
            "SELECT sum(DISTINCT qty) FROM orders",
            "SELECT max(total) - min(total), count(*) * 2 FROM orders",
            "SELECT qty, count(*) FROM orders GROUP BY qty HAVING count(*) > 80 AND qty > 1 ORDER BY count(*) DESC, qty",
            "SELECT upper(status), count(*) FROM orders WHERE status IS NOT NULL GROUP BY upper(status) ORDER BY 1",
            "SELECT order_id FROM orders WHERE customer_id IN (1, 2, 3, 4, 5, 6, 7, 8) ORDER BY order_id",
            "SELECT c.customer_id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id "
                    + "AND o.qty = 6) ORDER BY 1",
            "SELECT c.customer_id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)",
            "SELECT count(*) FROM customers c WHERE c.customer_id IN (SELECT o.customer_id FROM orders o WHERE o.total > 900)",
            "SELECT c.name, sum((SELECT count(*) FROM orders o WHERE o.customer_id = c.customer_id)) FROM customers c "
                    + "GROUP BY c.name ORDER BY c.name",
            "SELECT c.name, count(o.order_id), sum(o.total) FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id "
                    + "GROUP BY c.name ORDER BY 2 DESC, 1",
            "SELECT customer_id, name FROM customers WHERE customer_id < 20 UNION ALL "
                    + "SELECT customer_id, status FROM orders WHERE qty = 3 UNION ALL SELECT customer_id, 'x' FROM orders WHERE qty = 4",
    })
    void mergedResultEqualsTheUnshardedResult(String sql) throws SQLException {
        List<List<Object>> expected = rows(reference, sql);
        List<List<Object>> actual;
        try (Connection c = ds.getConnection()) {
            actual = rows(c, sql);
            assertThat(ds.explain(sql).units()).as("spans shards").hasSizeGreaterThan(1);
        }
        if (sql.contains("ORDER BY")) assertThat(actual).isEqualTo(expected);
        else assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT status, count(*) AS n FROM orders GROUP BY status ORDER BY n DESC",
            "SELECT order_id, total FROM orders ORDER BY total LIMIT 3"})
    void mergedMetadataShowsOnlyTheLogicalColumns(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql);
             Statement r = reference.createStatement(); ResultSet ref = r.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData(), rmd = ref.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(rmd.getColumnCount());
            for (int i = 1; i <= md.getColumnCount(); i++) assertThat(md.getColumnLabel(i)).isEqualTo(rmd.getColumnLabel(i));
        }
    }

    @org.junit.jupiter.api.Test
    void groupsBeyondTheCapFailClearly() throws SQLException {
        try (ShardDataSource small = new ShardDataSource(shards.builder().hashTable("orders", "customer_id", 64).mergeRowCap(10).build());
             Connection c = small.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT order_id, count(*) FROM orders GROUP BY order_id"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("merge-row-cap")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("54000");
            // a window function is federated, not merged: the merge cap does not apply to it
            try (ResultSet rs = s.executeQuery("SELECT rank() OVER (ORDER BY total) FROM orders")) {
                while (rs.next()) assertThat(rs.getLong(1)).isPositive();
            }
        }
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Number num ? new BigDecimal(num.toString()).stripTrailingZeros() : v);
                }
                out.add(row);
            }
        }
        return out;
    }
}
