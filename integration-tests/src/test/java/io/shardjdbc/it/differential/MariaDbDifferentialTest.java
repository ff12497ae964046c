package io.shardjdbc.it.differential;

import io.shardjdbc.it.support.TestServers;

/** The differential suite on MySQL/MariaDB: 4 shard databases and one unsharded reference database. */
class MariaDbDifferentialTest extends DifferentialContract {
    MariaDbDifferentialTest() {
        super(TestServers.Kind.MYSQL);
    }
}
