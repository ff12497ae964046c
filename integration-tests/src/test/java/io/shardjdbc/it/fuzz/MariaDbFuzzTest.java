package io.shardjdbc.it.fuzz;

import io.shardjdbc.it.support.TestServers;

/** {@link FuzzContract} on MariaDB, 4 databases as shards. */
class MariaDbFuzzTest extends FuzzContract {
    MariaDbFuzzTest() {
        super(TestServers.Kind.MYSQL);
    }
}
