package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link SpringJdbcContract} on PostgreSQL, 4 databases as shards. */
class PostgresSpringJdbcIT extends SpringJdbcContract {
    PostgresSpringJdbcIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
