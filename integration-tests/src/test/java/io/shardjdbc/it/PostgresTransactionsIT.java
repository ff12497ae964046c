package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link TransactionsContract} on PostgreSQL, 4 databases as shards. */
class PostgresTransactionsIT extends TransactionsContract {
    PostgresTransactionsIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
