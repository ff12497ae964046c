package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.it.support.ShardDatabases;
import io.shardjdbc.it.support.TestServers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of cross-shard results: the same rows go through the driver onto 4 shards and
 * straight into one unsharded reference database on the same server; every query must return
 * through the driver what the reference database returns (in the same order where the query fixes
 * one). The data has NULLs, negatives, decimals, and group values that differ only by case and
 * accent, so the merge must follow the database's own collation and NULL ordering.
 */
abstract class MergeContract extends ShardContract {
    static final int ROWS = 3000;
    static final String[] GROUPS = {"alpha", "Alpha", "Beta", "gamma", "Delta", "épsilon", "zeta", "Ωmega"};

    private ShardDatabases reference;
    private String collation; // the reference database's default collation (MySQL/MariaDB)

    MergeContract(TestServers.Kind kind) {
        super(kind);
    }

    @Override
    protected String concern() {
        return "merge";
    }

    @Override
    protected String configBody() {
        return Schema.TABLES + "  metrics:      { key: id, strategy: hash }\n";
    }

    private static final String METRICS_DDL =
            "CREATE TABLE metrics (id BIGINT PRIMARY KEY, grp VARCHAR(16) NOT NULL, v INT NULL, amount DECIMAL(10,2) NOT NULL)";
    private static final String INSERT = "INSERT INTO metrics (id, grp, v, amount) VALUES (?, ?, ?, ?)";

    @Override
    protected void load() throws Exception {
        dbs.executeOnEach(METRICS_DDL);
        reference = ShardDatabases.create(dbs.server(), dbs.prefix() + "_ref", 1);
        reference.executeOnEach(METRICS_DDL,
                "CREATE TABLE customers (customer_id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, tier INT NOT NULL)",
                "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, amount DECIMAL(12,2) NOT NULL)");
        try (Connection sharded = ds.getConnection(); Connection ref = reference.connect(0)) {
            sharded.setAutoCommit(false);
            ref.setAutoCommit(false);
            for (Connection c : List.of(sharded, ref)) {
                try (PreparedStatement m = c.prepareStatement(INSERT);
                     PreparedStatement cu = c.prepareStatement("INSERT INTO customers (customer_id, name, tier) VALUES (?, ?, ?)");
                     PreparedStatement o = c.prepareStatement("INSERT INTO orders (order_id, customer_id, amount) VALUES (?, ?, ?)")) {
                    for (long id = 1; id <= ROWS; id++) {
                        m.setLong(1, id);
                        m.setString(2, GROUPS[(int) (id * 7 % GROUPS.length)]);
                        if (id % 7 == 0) m.setNull(3, java.sql.Types.INTEGER);
                        else m.setInt(3, (int) (id * 37 % 101) - 50);
                        m.setBigDecimal(4, BigDecimal.valueOf(id % 1000, 2));
                        m.addBatch();
                        if (id <= 500) {
                            cu.setLong(1, id);
                            cu.setString(2, "n" + (id * 13 % 500));
                            cu.setInt(3, (int) (id % 4));
                            cu.addBatch();
                            for (int k = 0; k < 3; k++) {
                                o.setLong(1, id * 10 + k);
                                o.setLong(2, id);
                                o.setBigDecimal(3, BigDecimal.valueOf(id * (k + 1), 1));
                                o.addBatch();
                            }
                        }
                    }
                    m.executeBatch();
                    cu.executeBatch();
                    o.executeBatch();
                }
                c.commit();
            }
        }
    }

    /** Queries whose result order the SQL fixes completely (ties broken by a unique column). */
    private static final List<String> ORDERED = List.of(
            "SELECT id, grp, v FROM metrics ORDER BY id",
            "SELECT id, v FROM metrics ORDER BY v DESC, id",
            "SELECT id, v FROM metrics ORDER BY v, id DESC",
            "SELECT id, grp FROM metrics ORDER BY grp, id",
            "SELECT id, grp FROM metrics ORDER BY grp DESC, id LIMIT 25",
            "SELECT id FROM metrics ORDER BY amount DESC, id LIMIT 10 OFFSET 95",
            "SELECT id, v * 2 AS dbl FROM metrics ORDER BY dbl DESC, 1 LIMIT 7",
            "SELECT grp, COUNT(*) FROM metrics GROUP BY grp ORDER BY grp",
            "SELECT grp, COUNT(v), COUNT(*), SUM(v), MIN(v), MAX(v), SUM(amount) FROM metrics GROUP BY grp ORDER BY grp",
            "SELECT grp, AVG(v), AVG(amount) FROM metrics GROUP BY grp ORDER BY grp",
            "SELECT grp, SUM(v) / COUNT(*) FROM metrics GROUP BY grp ORDER BY grp",
            "SELECT grp, COUNT(*) AS n FROM metrics GROUP BY grp HAVING COUNT(*) > 370 ORDER BY n DESC, grp",
            "SELECT DISTINCT grp FROM metrics ORDER BY grp",
            "SELECT v, COUNT(*) FROM metrics WHERE v BETWEEN -5 AND 5 GROUP BY v ORDER BY v",
            "SELECT c.tier, COUNT(*), SUM(o.amount) FROM customers c JOIN orders o ON o.customer_id = c.customer_id "
                    + "GROUP BY c.tier ORDER BY c.tier",
            "SELECT name, customer_id FROM customers ORDER BY name, customer_id LIMIT 40");

    /** Queries whose row order the SQL leaves open: compared as multisets. */
    private static final List<String> UNORDERED = List.of(
            "SELECT COUNT(*) FROM metrics",
            "SELECT COUNT(*), COUNT(v), SUM(v), MIN(v), MAX(v), AVG(v), MIN(grp), MAX(grp), SUM(amount) FROM metrics",
            "SELECT COUNT(DISTINCT grp), COUNT(DISTINCT v) FROM metrics",
            "SELECT SUM(DISTINCT v) FROM metrics",
            "SELECT MAX(v), COUNT(*), SUM(v) FROM metrics WHERE grp = 'nobody'",
            "SELECT grp, MAX(amount) FROM metrics GROUP BY grp",
            "SELECT DISTINCT v FROM metrics",
            "SELECT grp, v FROM metrics WHERE v > 45",
            "SELECT SUM(v) / COUNT(*) AS mean, MAX(v) - MIN(v) AS spread FROM metrics");

    @Test
    void orderedQueriesMatchOneDatabaseHoldingEveryRow() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (String sql : ORDERED) compare(sql, true, mismatches);
        assertThat(mismatches).as("queries whose merged result differs from the reference database").isEmpty();
    }

    @Test
    void unorderedQueriesMatchOneDatabaseHoldingEveryRow() throws Exception {
        List<String> mismatches = new ArrayList<>();
        for (String sql : UNORDERED) compare(sql, false, mismatches);
        assertThat(mismatches).as("queries whose merged result differs from the reference database").isEmpty();
    }

    @Test
    void mergedResultsHaveTheReferencesColumns() throws Exception {
        String sql = "SELECT grp, COUNT(*) AS n FROM metrics GROUP BY grp ORDER BY n DESC, grp LIMIT 3";
        try (Connection c = ds.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql);
             Connection r = reference.connect(0); var rst = r.createStatement(); var rrs = rst.executeQuery(sql)) {
            var md = rs.getMetaData();
            var rmd = rrs.getMetaData();
            assertThat(md.getColumnCount()).as("no helper columns show").isEqualTo(rmd.getColumnCount());
            for (int i = 1; i <= md.getColumnCount(); i++) {
                assertThat(md.getColumnLabel(i)).isEqualToIgnoringCase(rmd.getColumnLabel(i));
            }
        }
    }

    private void compare(String sql, boolean ordered, List<String> mismatches) {
        List<List<Object>> expected;
        List<List<Object>> actual;
        try (Connection r = reference.connect(0)) {
            try {
                expected = comparable(query(r, sql), r);
            } catch (SQLException e) {
                throw new AssertionError("the reference database refuses " + sql + ": " + e.getMessage(), e);
            }
            try (Connection c = ds.getConnection()) {
                actual = comparable(query(c, sql), r);
            } catch (SQLException e) {
                mismatches.add(sql + "\n    fails through the driver: " + e);
                return;
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot reach the reference database: " + e.getMessage(), e);
        }
        if (!ordered) {
            Comparator<List<Object>> byText = Comparator.comparing(Object::toString);
            expected = expected.stream().sorted(byText).toList();
            actual = actual.stream().sorted(byText).toList();
        }
        if (!expected.equals(actual)) {
            int at = 0;
            while (at < Math.min(expected.size(), actual.size()) && expected.get(at).equals(actual.get(at))) at++;
            mismatches.add(sql + "\n    reference " + expected.size() + " rows, driver " + actual.size() + " rows; first difference at row "
                    + at + ": reference " + (at < expected.size() ? expected.get(at) : "none")
                    + ", driver " + (at < actual.size() ? actual.get(at) : "none"));
        }
    }

    /**
     * Values as the comparison sees them: numbers by value (scale aside), and on MySQL/MariaDB
     * strings by the database's own collation weight (its default collation ignores case and
     * accents, and a GROUP BY there may show any spelling of one group): two strings are the same
     * value exactly when the reference database says so.
     */
    private List<List<Object>> comparable(List<List<Object>> rows, Connection reference) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : rows) {
            List<Object> r = new ArrayList<>();
            for (Object v : row) {
                if (v instanceof Number n && !(v instanceof BigDecimal)) v = new BigDecimal(n.toString());
                if (v instanceof BigDecimal d) v = d.stripTrailingZeros().toPlainString();
                if (v instanceof String s && !isPostgres()) v = "weight:" + weight(reference, s);
                r.add(v);
            }
            out.add(r);
        }
        return out;
    }

    private String weight(Connection reference, String s) throws SQLException {
        if (collation == null) {
            try (var st = reference.createStatement(); var rs = st.executeQuery(
                    "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()")) {
                rs.next();
                collation = rs.getString(1);
            }
            assertThat(collation).as("a collation name").matches("[a-z0-9_]+");
        }
        try (PreparedStatement ps = reference.prepareStatement(
                "SELECT HEX(WEIGHT_STRING(CONVERT(? USING utf8mb4) COLLATE " + collation + "))")) {
            ps.setString(1, s);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
