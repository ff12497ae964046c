package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link MergeContract} on PostgreSQL: 4 databases as shards and one unsharded reference database. */
class PostgresMergeIT extends MergeContract {
    PostgresMergeIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
