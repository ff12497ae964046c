package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link DeepPagingContract} on MariaDB: 4 shard databases and one unsharded reference database. */
class MariaDbDeepPagingIT extends DeepPagingContract {
    MariaDbDeepPagingIT() {
        super(TestServers.Kind.MYSQL);
    }
}
