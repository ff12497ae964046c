package io.shardjdbc.it.fault;

import io.shardjdbc.it.support.TestServers;

/** {@link FaultsContract} on PostgreSQL. */
class PostgresFaultsIT extends FaultsContract {
    PostgresFaultsIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
