package io.shardjdbc.it.differential;

import io.shardjdbc.it.support.TestServers;

/** Federation's core shapes on MariaDB, compared with one unsharded database. */
class MariaDbFederationTest extends FederationContract {
    MariaDbFederationTest() {
        super(TestServers.Kind.MYSQL);
    }
}
