package io.shardjdbc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardjdbc.it.support.TestServers;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** {@link PlacementContract} on PostgreSQL, 4 databases as shards, plus PostgreSQL-only syntax. */
class PostgresPlacementIT extends PlacementContract {
    PostgresPlacementIT() {
        super(TestServers.Kind.POSTGRESQL);
    }

    @Test
    void aTableSampleWithoutTheKeyReadsEveryShard() throws Exception {
        // a 100 % sample is the whole table: every shard must be asked, not only the default one
        String sql = "SELECT customer_id FROM customers TABLESAMPLE SYSTEM (100)";
        try (Connection c = ds.getConnection()) {
            assertThat(queryColumn(c, sql)).as("rows of %s", sql).hasSize(ROWS);
        }
    }
}
