package io.shardjdbc.it.move;

import io.shardjdbc.it.support.TestServers;

/** {@link MoveFenceContract} on PostgreSQL. */
class PostgresMoveFenceIT extends MoveFenceContract {
    PostgresMoveFenceIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
