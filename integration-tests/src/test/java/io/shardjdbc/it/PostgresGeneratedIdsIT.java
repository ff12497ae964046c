package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link GeneratedIdsContract} on PostgreSQL: 4 databases as shards. */
class PostgresGeneratedIdsIT extends GeneratedIdsContract {
    PostgresGeneratedIdsIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
