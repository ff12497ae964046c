package io.shardjdbc.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A fence refusal is recognised wherever drivers put it, and its own words are kept. */
class MoveFenceTest {
    private static final String PG = "ERROR: shard-jdbc fence: table items unit bucket 1 is moving (move m-3)\n"
            + "  Where: PL/pgSQL function items_fence() line 6 at RAISE";

    // an SQLException is an Iterable: assert on it as a plain object
    private static Object refusal(SQLException e) {
        return MoveFence.refusal(e);
    }

    @Test
    void aRefusalIsFoundAsTheErrorItsCauseOrTheNextExceptionOfABatch() {
        SQLException fence = new SQLException(PG, "55S01");
        assertThat(refusal(fence)).isSameAs(fence);
        SQLException wrapped = new SQLException("shard s1: " + PG, "55S01", 0, fence);
        assertThat(refusal(new SQLException("outer", "HY000", wrapped))).isSameAs(wrapped);
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "HY000", new int[0]);
        batch.setNextException(fence);
        assertThat(refusal(batch)).isSameAs(fence);
    }

    @Test
    void otherErrorsAreNotRefusals() {
        assertThat(refusal(new SQLException("duplicate key", "23505"))).isNull();
        assertThat(refusal(new SQLException("no state"))).isNull();
    }

    @Test
    void theReasonIsTheFencesOwnFirstLine() {
        assertThat(MoveFence.reason(new SQLException("shard s1: " + PG + " [statement: UPDATE items SET ...]", "55S01")))
                .isEqualTo("shard-jdbc fence: table items unit bucket 1 is moving (move m-3)");
        assertThat(MoveFence.reason(new SQLException("shard-jdbc fence: table t unit key 'acme' is moving (move 9)", "55S01")))
                .isEqualTo("shard-jdbc fence: table t unit key 'acme' is moving (move 9)");
    }
}
