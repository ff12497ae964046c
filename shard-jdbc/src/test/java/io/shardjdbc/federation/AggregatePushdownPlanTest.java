package io.shardjdbc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.Dialect;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which aggregates of a federated query the shards compute: given a statement, the SQL each shard
 * receives (the differential suite runs the same shapes on PostgreSQL and MariaDB and compares the
 * answers with one database).
 */
class AggregatePushdownPlanTest {

    @Test
    void aJoinThatGroupsAsksTheAggregatedSideForGroupsByItsJoinKey() throws SQLException {
        String plan = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT s.name, SUM(o.qty), COUNT(*), AVG(o.amount), "
                + "MIN(o.order_date) FROM orders o JOIN suppliers s ON s.supplier_id = o.customer_id WHERE o.qty > 2 GROUP BY s.name");
        assertThat(plan).contains("SELECT \"customer_id\", SUM(\"qty\"), COUNT(*), SUM(\"amount\"), COUNT(\"amount\"), "
                + "MIN(\"order_date\") FROM \"orders\" WHERE (\"qty\" > ?) GROUP BY 1");
        assertThat(plan).as("the driver folds the groups into the query's own types")
                .contains("RecordType(VARCHAR(40) NOT NULL name, BIGINT EXPR$1, BIGINT NOT NULL EXPR$2, DECIMAL(1000, 16) EXPR$3, DATE EXPR$4)");
    }

    @Test
    void onMariaDbTheAggregatedSideIsGroupedWhenItsKeysAreNotText() throws SQLException {
        String plan = FederationPlans.explain(Dialect.MYSQL, "SELECT o.order_date, SUM(o.qty) FROM orders o "
                + "JOIN suppliers s ON s.supplier_id = o.customer_id GROUP BY o.order_date");
        assertThat(plan).contains("SELECT `customer_id`, `order_date`, SUM(`qty`) FROM `orders` GROUP BY 1, 2");
    }

    @Test
    void textKeysOnMariaDbStayInTheDriverWhereTheCollationDecidesEquality() throws SQLException {
        String plan = FederationPlans.explain(Dialect.MYSQL, "SELECT c.name, SUM(o.qty) FROM orders o "
                + "JOIN suppliers c ON c.supplier_id = o.customer_id GROUP BY c.name");
        assertThat(plan).doesNotContain("GROUP BY");
    }

    @Test
    void postgresTextMinimumIsTakenByCodePointOnEachShard() throws SQLException {
        String plan = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT o.qty, MIN(s.name) FROM orders o "
                + "JOIN suppliers s ON s.supplier_id = o.customer_id GROUP BY o.qty");
        assertThat(plan).contains("SELECT \"supplier_id\", MIN(\"name\" COLLATE \"C\") FROM \"suppliers\" GROUP BY 1");
    }

    @Test
    void twoAggregatesOfOneTableAreTwoScansNotOneTakenForTheOther() throws SQLException {
        String plan = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT c.customer_id FROM customers c "
                + "WHERE c.tier = (SELECT MAX(tier) FROM customers) OR c.tier = (SELECT MIN(tier) FROM customers)");
        assertThat(plan).contains("SELECT MAX(\"tier\") FROM \"customers\"").contains("SELECT MIN(\"tier\") FROM \"customers\"");
    }

    @Test
    void aggregatesThatDoNotFoldExactlyAreNotPushed() throws SQLException {
        String distinct = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT s.name, COUNT(DISTINCT o.qty) FROM orders o "
                + "JOIN suppliers s ON s.supplier_id = o.customer_id GROUP BY s.name");
        assertThat(distinct).doesNotContain("GROUP BY");
        String bothSides = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT SUM(o.qty), SUM(s.supplier_id) FROM orders o "
                + "JOIN suppliers s ON s.supplier_id = o.customer_id");
        assertThat(bothSides).doesNotContain("GROUP BY");
    }
}
