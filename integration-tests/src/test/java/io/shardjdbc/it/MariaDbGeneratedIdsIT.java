package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link GeneratedIdsContract} on MariaDB: 4 databases as shards. */
class MariaDbGeneratedIdsIT extends GeneratedIdsContract {
    MariaDbGeneratedIdsIT() {
        super(TestServers.Kind.MYSQL);
    }
}
