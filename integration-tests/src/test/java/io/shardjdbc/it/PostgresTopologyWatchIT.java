package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link TopologyWatchContract} on PostgreSQL. */
class PostgresTopologyWatchIT extends TopologyWatchContract {
    PostgresTopologyWatchIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
