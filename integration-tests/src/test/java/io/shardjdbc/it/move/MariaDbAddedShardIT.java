package io.shardjdbc.it.move;

import io.shardjdbc.it.support.TestServers;

/** {@link AddedShardContract} on MariaDB. */
class MariaDbAddedShardIT extends AddedShardContract {
    MariaDbAddedShardIT() {
        super(TestServers.Kind.MYSQL);
    }
}
