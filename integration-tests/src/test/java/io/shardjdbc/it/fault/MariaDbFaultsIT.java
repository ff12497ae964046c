package io.shardjdbc.it.fault;

import io.shardjdbc.it.support.TestServers;

/** {@link FaultsContract} on MySQL/MariaDB. */
class MariaDbFaultsIT extends FaultsContract {
    MariaDbFaultsIT() {
        super(TestServers.Kind.MYSQL);
    }
}
