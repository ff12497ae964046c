package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link DirectoryContract} on PostgreSQL, the metadata store on PostgreSQL too. */
class PostgresDirectoryIT extends DirectoryContract {
    PostgresDirectoryIT() {
        super(TestServers.Kind.POSTGRESQL);
    }
}
