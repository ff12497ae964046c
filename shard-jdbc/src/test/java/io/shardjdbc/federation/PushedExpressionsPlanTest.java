package io.shardjdbc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.Dialect;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which expressions of a federated query the shards compute: the plan's scans and the SQL each
 * shard receives, planned without a database (the differential suite runs the same shapes on
 * PostgreSQL and MariaDB and compares the answers with one database).
 */
class PushedExpressionsPlanTest {
    private static String explain(Dialect dialect, String sql) throws SQLException {
        return FederationPlans.explain(dialect, sql);
    }

    @Test
    void functionsInFiltersJoinKeysAndGroupKeysAreComputedByTheShards() throws SQLException {
        String plan = explain(Dialect.POSTGRESQL, "SELECT EXTRACT(YEAR FROM o.order_date) AS y, COUNT(*) FROM orders o "
                + "JOIN suppliers s ON s.supplier_id = ASCII(SUBSTRING(CAST(o.qty AS VARCHAR(10)), 1, 1)) "
                + "WHERE UPPER(s.name) LIKE 'A%' GROUP BY EXTRACT(YEAR FROM o.order_date)");
        assertThat(plan).contains("SELECT (CAST(ASCII(SUBSTRING(CAST(\"qty\" AS VARCHAR(10)), 1, 1)) AS BIGINT)), "
                + "(EXTRACT(YEAR FROM \"order_date\")) FROM \"orders\"");
        assertThat(plan).contains("FROM \"suppliers\" WHERE (UPPER(\"name\") LIKE 'A%')");
    }

    @Test
    void mySqlDivisionIsTheShardsAndKeepsItsDecimalType() throws SQLException {
        String plan = explain(Dialect.MYSQL, "SELECT o.order_id, o.qty / 4 AS quarter FROM orders o "
                + "JOIN suppliers s ON s.supplier_id = o.qty");
        assertThat(plan).contains("SELECT `order_id`, `qty`, (`qty` / 4) FROM `orders`");
        assertThat(plan).contains("DECIMAL(14, 4) quarter");
    }

    @Test
    void onMariaDbTextIsJoinedGroupedAndOrderedByTheWeightsTheShardsSend() throws SQLException {
        String plan = explain(Dialect.MYSQL, "SELECT c.name, COUNT(*) AS n FROM customers c JOIN suppliers s ON s.name = c.name "
                + "GROUP BY c.name ORDER BY c.name");
        assertThat(plan).contains("SELECT `name`, (WEIGHT_STRING(").contains("FROM `customers`").contains("FROM `suppliers`");
        assertThat(plan).as("the text itself is shown once per group").contains("ANY_VALUE(");
    }

    @Test
    void expressionsOverTwoTablesStayInTheDriverUnderItsExactnessRules() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> explain(Dialect.MYSQL,
                "SELECT o.order_id, o.amount / s.supplier_id FROM orders o JOIN suppliers s ON s.supplier_id = o.qty"))
                .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class).hasMessageContaining("division");
    }
}
