package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link MergeContract} on MariaDB/MySQL: 4 databases as shards and one unsharded reference database. */
class MariaDbMergeIT extends MergeContract {
    MariaDbMergeIT() {
        super(TestServers.Kind.MYSQL);
    }
}
