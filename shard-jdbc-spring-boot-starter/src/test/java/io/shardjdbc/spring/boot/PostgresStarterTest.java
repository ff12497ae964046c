package io.shardjdbc.spring.boot;

import io.shardjdbc.it.support.TestServers;

/** {@link StarterContract} on PostgreSQL. */
class PostgresStarterTest extends StarterContract {
    PostgresStarterTest() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
