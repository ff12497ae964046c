package io.shardjdbc.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.config.Dialect;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which side of a federated join receives the other's keys: the table scan the join reads second
 * asks its shards only for rows whose join columns hold one of the keys read first.
 */
class KeyPassingPlanTest {

    @Test
    void theScanOfAJoinReadsOnlyTheRowsMatchingTheOtherSidesKeys() throws SQLException {
        String plan = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT c.name, s.name FROM customers c "
                + "JOIN suppliers s ON s.supplier_id = c.tier WHERE c.country = 'FR'");
        assertThat(plan).contains("KeyPassingJoin(keysTo=[suppliers], columns=[[0]])")
                .contains("scan suppliers: 2 shard(s)")
                .contains("and supplier_id IN (the other side's keys");
    }

    @Test
    void anOuterJoinPassesKeysOnlyFromTheSideItKeeps() throws SQLException {
        String left = FederationPlans.explain(Dialect.MYSQL, "SELECT c.name, s.name FROM customers c "
                + "LEFT JOIN suppliers s ON s.supplier_id = c.customer_id");
        assertThat(left).contains("KeyPassingJoin(keysTo=[suppliers]");
        String right = FederationPlans.explain(Dialect.MYSQL, "SELECT c.name, s.name FROM customers c "
                + "RIGHT JOIN suppliers s ON s.supplier_id = c.customer_id");
        assertThat(right).contains("KeyPassingJoin(keysTo=[customers]");
    }

    @Test
    void textKeysOnMariaDbAreNotPassedWhereTheCollationDecidesEquality() throws SQLException {
        String plan = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT c.customer_id, s.supplier_id FROM customers c "
                + "JOIN suppliers s ON s.name = c.name");
        assertThat(plan).contains("KeyPassingJoin");
        String mariaDb = FederationPlans.explain(Dialect.MYSQL, "SELECT c.customer_id, s.supplier_id FROM customers c "
                + "JOIN suppliers s ON s.name = c.name");
        assertThat(mariaDb).doesNotContain("KeyPassingJoin");
    }

    @Test
    void aNullSafeJoinPassesNoKeysSinceNoInListMatchesNull() throws SQLException {
        String plan = FederationPlans.explain(Dialect.POSTGRESQL, "SELECT c.customer_id, s.supplier_id FROM customers c "
                + "JOIN suppliers s ON s.supplier_id IS NOT DISTINCT FROM c.tier WHERE c.country = 'FR'");
        assertThat(plan).doesNotContain("KeyPassingJoin");
        String mariaDb = FederationPlans.explain(Dialect.MYSQL, "SELECT c.customer_id, s.supplier_id FROM customers c "
                + "JOIN suppliers s ON s.supplier_id <=> c.tier WHERE c.country = 'FR'");
        assertThat(mariaDb).doesNotContain("KeyPassingJoin");
    }
}
