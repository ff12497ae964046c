package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link FrameworksContract} on MariaDB/MySQL, 4 databases as shards. */
class MariaDbFrameworksIT extends FrameworksContract {
    MariaDbFrameworksIT() {
        super(TestServers.Kind.MYSQL);
    }
}
