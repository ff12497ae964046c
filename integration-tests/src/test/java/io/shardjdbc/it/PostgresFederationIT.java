package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link FederationContract} on PostgreSQL: 4 databases as shards. */
class PostgresFederationIT extends FederationContract {
    PostgresFederationIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
