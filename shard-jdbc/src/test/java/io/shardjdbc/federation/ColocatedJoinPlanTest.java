package io.shardjdbc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.Dialect;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which joins of a federated query the shards compute as one statement: tables of one co-location
 * group joined on their shard key, and broadcast tables, enter the plan as one scan whose SQL joins
 * them; the rest of the query joins in the driver.
 */
class ColocatedJoinPlanTest {

    @Test
    void tablesJoinedOnTheirShardKeyAreOneScanAndTheOtherTableJoinsInTheDriver() throws SQLException {
        String plan = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT c.name, o.amount, s.name FROM customers c "
                + "JOIN orders o ON o.customer_id = c.customer_id JOIN suppliers s ON s.supplier_id = o.order_id "
                + "WHERE o.qty > 2");
        assertThat(plan).contains("scan customers JOIN orders: 2 shard(s)")
                .contains("FROM (SELECT \"customer_id\" AS \"c0\", \"name\" AS \"c1\", \"country\" AS \"c2\", \"tier\" AS \"c3\" "
                        + "FROM \"customers\") \"t0\" INNER JOIN (SELECT \"order_id\" AS \"c4\", \"customer_id\" AS \"c5\", "
                        + "\"amount\" AS \"c6\", \"qty\" AS \"c7\", \"order_date\" AS \"c8\" FROM \"orders\" WHERE (\"qty\" > ?)) \"t1\" "
                        + "ON (\"c5\" = \"c0\")")
                .containsPattern("EnumerableHashJoin|KeyPassingJoin").contains("scan suppliers: 2 shard(s)");
    }

    @Test
    void aConditionOnTheShardKeyNarrowsTheJoinedScanToOneShard() throws SQLException {
        String plan = FederationPlans.explain(Dialect.MYSQL, "SELECT o.amount, s.name FROM customers c "
                + "JOIN orders o ON o.customer_id = c.customer_id JOIN suppliers s ON s.supplier_id = o.order_id "
                + "WHERE c.customer_id = 7");
        assertThat(plan).contains("scan customers JOIN orders: 1 shard(s)");
    }

    @Test
    void aBroadcastTableJoinsInsideEachShardOfTheShardedTable() throws SQLException {
        String plan = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT k.region, SUM(o.amount) FROM orders o "
                + "JOIN customers c ON c.customer_id = o.customer_id JOIN countries k ON k.code = c.country GROUP BY k.region");
        assertThat(plan).as("the three tables are one scan, grouped on the shards")
                .contains("scan orders JOIN customers JOIN countries: 2 shard(s)")
                .contains("INNER JOIN (SELECT \"code\" AS \"c9\", \"region\" AS \"c10\" FROM \"countries\") \"t1\" ON (\"c9\" = \"c7\")")
                .contains("GROUP BY 1");
    }

    @Test
    void coLocatedTablesListedApartAreStillJoinedOnTheShards() throws SQLException {
        String plan = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT c.name, s.name, o.amount FROM customers c "
                + "JOIN suppliers s ON s.supplier_id = c.customer_id JOIN orders o ON o.customer_id = c.customer_id WHERE o.qty > 2");
        assertThat(plan).contains("scan customers JOIN orders: 2 shard(s)")
                .containsPattern("KeyPassingJoin\\(keysTo=\\[suppliers\\]|KeyPassingJoin\\(keysTo=\\[customers JOIN orders\\]");
    }

    @Test
    void aBroadcastTableWhoseRowsTheJoinKeepsUnpairedIsReadOnce() throws SQLException {
        String plan = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT k.code, c.name FROM countries k "
                + "LEFT JOIN customers c ON c.country = k.code");
        assertThat(plan).contains("scan countries: 1 shard(s)").contains("scan customers: 2 shard(s)");
    }

    @Test
    void tablesOfDifferentGroupsOrJoinedOffTheKeyJoinInTheDriver() throws SQLException {
        String offKey = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT c.name, o.amount FROM customers c "
                + "JOIN orders o ON o.order_id = c.customer_id");
        assertThat(offKey).containsPattern("EnumerableHashJoin|KeyPassingJoin").contains("scan customers: 2 shard(s)").contains("scan orders: 2 shard(s)");
        String otherGroup = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT c.name, s.name FROM customers c "
                + "JOIN suppliers s ON s.supplier_id = c.customer_id");
        assertThat(otherGroup).containsPattern("EnumerableHashJoin|KeyPassingJoin").contains("scan customers: 2 shard(s)").contains("scan suppliers: 2 shard(s)");
    }
}
