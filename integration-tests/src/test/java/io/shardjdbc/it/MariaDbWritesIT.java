package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link WritesContract} on MariaDB/MySQL, 4 databases as shards. */
class MariaDbWritesIT extends WritesContract {
    MariaDbWritesIT() {
        super(TestServers.Kind.MYSQL);
    }
}
