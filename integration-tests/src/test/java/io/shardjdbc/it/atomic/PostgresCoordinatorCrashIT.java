package io.shardjdbc.it.atomic;

import io.shardjdbc.it.support.TestServers;

/** {@link CoordinatorCrashContract} on PostgreSQL. */
class PostgresCoordinatorCrashIT extends CoordinatorCrashContract {
    PostgresCoordinatorCrashIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
