package io.shardjdbc.it.differential;

import io.shardjdbc.it.support.TestServers;

/** Federation's core shapes on PostgreSQL, compared with one unsharded database. */
class PostgresFederationTest extends FederationContract {
    PostgresFederationTest() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
