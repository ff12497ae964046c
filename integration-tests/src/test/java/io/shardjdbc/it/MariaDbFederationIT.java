package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link FederationContract} on MySQL/MariaDB: 4 databases as shards. */
class MariaDbFederationIT extends FederationContract {
    MariaDbFederationIT() {
        super(TestServers.Kind.MYSQL);
    }
}
