package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link HostileInputContract} on MariaDB, 4 databases as shards. */
class MariaDbHostileInputIT extends HostileInputContract {
    MariaDbHostileInputIT() {
        super(TestServers.Kind.MYSQL);
    }
}
