package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link ConnectionContract} on MariaDB/MySQL, 4 databases as shards. */
class MariaDbConnectionIT extends ConnectionContract {
    MariaDbConnectionIT() {
        super(TestServers.Kind.MYSQL);
    }
}
