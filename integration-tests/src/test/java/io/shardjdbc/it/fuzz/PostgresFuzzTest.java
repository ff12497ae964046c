package io.shardjdbc.it.fuzz;

import io.shardjdbc.it.support.TestServers;

/** {@link FuzzContract} on PostgreSQL, 4 databases as shards. */
class PostgresFuzzTest extends FuzzContract {
    PostgresFuzzTest() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
