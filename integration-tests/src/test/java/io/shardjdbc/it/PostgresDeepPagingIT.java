package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link DeepPagingContract} on PostgreSQL: 4 shard databases and one unsharded reference database. */
class PostgresDeepPagingIT extends DeepPagingContract {
    PostgresDeepPagingIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
