package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link WritesContract} on PostgreSQL, 4 databases as shards. */
class PostgresWritesIT extends WritesContract {
    PostgresWritesIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
