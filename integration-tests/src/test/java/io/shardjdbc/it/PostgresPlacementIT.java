package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link PlacementContract} on PostgreSQL, 4 databases as shards. */
class PostgresPlacementIT extends PlacementContract {
    PostgresPlacementIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
