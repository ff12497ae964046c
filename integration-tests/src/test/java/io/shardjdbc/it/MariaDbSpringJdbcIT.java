package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link SpringJdbcContract} on MariaDB/MySQL, 4 databases as shards. */
class MariaDbSpringJdbcIT extends SpringJdbcContract {
    MariaDbSpringJdbcIT() {
        super(TestServers.Kind.MYSQL);
    }
}
