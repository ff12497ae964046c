package io.shardjdbc.it.differential;

import io.shardjdbc.it.support.TestServers;

/** The differential suite on PostgreSQL: 4 shard databases and one unsharded reference database. */
class PostgresDifferentialTest extends DifferentialContract {
    PostgresDifferentialTest() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
