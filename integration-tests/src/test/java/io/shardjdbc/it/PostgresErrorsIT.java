package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link ErrorsContract} on PostgreSQL, 4 databases as shards. */
class PostgresErrorsIT extends ErrorsContract {
    PostgresErrorsIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
