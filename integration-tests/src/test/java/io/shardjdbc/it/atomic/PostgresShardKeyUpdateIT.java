package io.shardjdbc.it.atomic;

import io.shardjdbc.it.support.TestServers;

/** {@link ShardKeyUpdateContract} on PostgreSQL. */
class PostgresShardKeyUpdateIT extends ShardKeyUpdateContract {
    PostgresShardKeyUpdateIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
