package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link ErrorsContract} on MariaDB/MySQL, 4 databases as shards. */
class MariaDbErrorsIT extends ErrorsContract {
    MariaDbErrorsIT() {
        super(TestServers.Kind.MYSQL);
    }
}
