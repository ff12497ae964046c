package io.shardjdbc.it.atomic;

import io.shardjdbc.it.support.TestServers;

/** {@link ShardKeyUpdateContract} on MySQL/MariaDB. */
class MariaDbShardKeyUpdateIT extends ShardKeyUpdateContract {
    MariaDbShardKeyUpdateIT() {
        super(TestServers.Kind.MYSQL);
    }
}
