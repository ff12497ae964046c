package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link HostileInputContract} on PostgreSQL, 4 databases as shards. */
class PostgresHostileInputIT extends HostileInputContract {
    PostgresHostileInputIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
