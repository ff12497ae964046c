package io.shardjdbc.it.move;

import io.shardjdbc.it.support.TestServers;

/** {@link AddedShardContract} on PostgreSQL. */
class PostgresAddedShardIT extends AddedShardContract {
    PostgresAddedShardIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
