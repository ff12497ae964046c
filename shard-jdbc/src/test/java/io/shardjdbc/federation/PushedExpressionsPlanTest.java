package io.shardjdbc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.ConfigLoader;
import io.shardjdbc.config.Dialect;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.sql.CalciteParser;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * Which expressions of a federated query the shards compute: the plan's scans and the SQL each
 * shard receives, planned without a database (the differential suite runs the same shapes on
 * PostgreSQL and MariaDB and compares the answers with one database).
 */
class PushedExpressionsPlanTest {
    private static final Map<String, List<Column>> TABLES = Map.of(
            "customers", List.of(
                    new Column("customer_id", Types.BIGINT, "int8", SqlTypeName.BIGINT, 19, 0, false),
                    new Column("name", Types.VARCHAR, "varchar", SqlTypeName.VARCHAR, 64, 0, false),
                    new Column("country", Types.VARCHAR, "varchar", SqlTypeName.VARCHAR, 2, 0, true),
                    new Column("tier", Types.INTEGER, "int4", SqlTypeName.INTEGER, 10, 0, true)),
            "orders", List.of(
                    new Column("order_id", Types.BIGINT, "int8", SqlTypeName.BIGINT, 19, 0, false),
                    new Column("customer_id", Types.BIGINT, "int8", SqlTypeName.BIGINT, 19, 0, false),
                    new Column("amount", Types.DECIMAL, "numeric", SqlTypeName.DECIMAL, 12, 2, true),
                    new Column("qty", Types.INTEGER, "int4", SqlTypeName.INTEGER, 10, 0, true),
                    new Column("order_date", Types.DATE, "date", SqlTypeName.DATE, 0, 0, false)),
            "suppliers", List.of(
                    new Column("supplier_id", Types.BIGINT, "int8", SqlTypeName.BIGINT, 19, 0, false),
                    new Column("name", Types.VARCHAR, "varchar", SqlTypeName.VARCHAR, 40, 0, false)));

    private static Topology topology(String db) {
        return Topology.of(ConfigLoader.parse("t.yaml", """
                shards:
                  s0: { url: jdbc:%1$s://db0/app }
                  s1: { url: jdbc:%1$s://db1/app }
                tables:
                  customers: { key: customer_id }
                  orders: { key: customer_id, colocate: customers }
                  suppliers: { key: supplier_id }
                """.formatted(db), Map.of(), k -> null));
    }

    private static String explain(Dialect dialect, String sql) throws SQLException {
        Topology t = topology(dialect == Dialect.MYSQL ? "mariadb" : "postgresql");
        FederatedPlan p = FederatedPlan.compile(sql, t, new CalciteParser(dialect).config(), TABLES::get);
        return p.explain(Parameters.of()) + "\n" + p.physicalPlan().getRowType().getFullTypeString();
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
