package io.shardjdbc.examples.boot;

import io.shardjdbc.it.support.TestServers;

/** {@link ShopContract} on MariaDB/MySQL. */
class MariaDbShopTest extends ShopContract {
    MariaDbShopTest() {
        super(TestServers.Kind.MYSQL);
    }
}
