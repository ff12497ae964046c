package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link PlacementContract} on MariaDB/MySQL, 4 databases as shards. */
class MariaDbPlacementIT extends PlacementContract {
    MariaDbPlacementIT() {
        super(TestServers.Kind.MYSQL);
    }
}
