package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link TopologyWatchContract} on MariaDB. */
class MariaDbTopologyWatchIT extends TopologyWatchContract {
    MariaDbTopologyWatchIT() {
        super(TestServers.Kind.MYSQL);
    }
}
