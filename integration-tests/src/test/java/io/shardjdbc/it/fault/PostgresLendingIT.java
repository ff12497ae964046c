package io.shardjdbc.it.fault;

import io.shardjdbc.it.support.TestServers;

/** {@link LendingContract} on PostgreSQL. */
class PostgresLendingIT extends LendingContract {
    PostgresLendingIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
