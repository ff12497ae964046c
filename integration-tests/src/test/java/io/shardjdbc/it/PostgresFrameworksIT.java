package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link FrameworksContract} on PostgreSQL, 4 databases as shards. */
class PostgresFrameworksIT extends FrameworksContract {
    PostgresFrameworksIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
