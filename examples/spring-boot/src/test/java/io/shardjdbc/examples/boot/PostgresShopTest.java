package io.shardjdbc.examples.boot;

import io.shardjdbc.it.support.TestServers;

/** {@link ShopContract} on PostgreSQL. */
class PostgresShopTest extends ShopContract {
    PostgresShopTest() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
