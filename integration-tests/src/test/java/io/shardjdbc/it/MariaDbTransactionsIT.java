package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link TransactionsContract} on MariaDB/MySQL, 4 databases as shards. */
class MariaDbTransactionsIT extends TransactionsContract {
    MariaDbTransactionsIT() {
        super(TestServers.Kind.MYSQL);
    }
}
