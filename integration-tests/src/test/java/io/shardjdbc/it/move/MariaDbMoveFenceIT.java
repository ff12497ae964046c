package io.shardjdbc.it.move;

import io.shardjdbc.it.support.TestServers;

/** {@link MoveFenceContract} on MariaDB. */
class MariaDbMoveFenceIT extends MoveFenceContract {
    MariaDbMoveFenceIT() {
        super(TestServers.Kind.MYSQL);
    }
}
