package io.shardjdbc.it.fault;

import io.shardjdbc.it.support.TestServers;

/** {@link LendingContract} on MySQL/MariaDB. */
class MariaDbLendingIT extends LendingContract {
    MariaDbLendingIT() {
        super(TestServers.Kind.MYSQL);
    }
}
