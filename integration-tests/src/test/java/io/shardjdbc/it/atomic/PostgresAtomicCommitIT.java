package io.shardjdbc.it.atomic;

import io.shardjdbc.it.support.TestServers;

/** {@link AtomicCommitContract} on PostgreSQL (PREPARE TRANSACTION). */
class PostgresAtomicCommitIT extends AtomicCommitContract {
    PostgresAtomicCommitIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
