package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link ConnectionContract} on PostgreSQL, 4 databases as shards. */
class PostgresConnectionIT extends ConnectionContract {
    PostgresConnectionIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
