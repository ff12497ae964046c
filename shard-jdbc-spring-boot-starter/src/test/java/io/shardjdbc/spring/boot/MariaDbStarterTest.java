package io.shardjdbc.spring.boot;

import io.shardjdbc.it.support.TestServers;

/** {@link StarterContract} on MariaDB/MySQL. */
class MariaDbStarterTest extends StarterContract {
    MariaDbStarterTest() {
        super(TestServers.Kind.MYSQL);
    }
}
