package io.shardjdbc.it.fault;

import io.shardjdbc.it.support.TestServers;

/** {@link HealingContract} on PostgreSQL. */
class PostgresHealingIT extends HealingContract {
    PostgresHealingIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
