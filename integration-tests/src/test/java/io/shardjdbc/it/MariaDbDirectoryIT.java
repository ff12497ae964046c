package io.shardjdbc.it;

import io.shardjdbc.it.support.TestServers;

/** {@link DirectoryContract} on MariaDB, the metadata store on MariaDB too. */
class MariaDbDirectoryIT extends DirectoryContract {
    MariaDbDirectoryIT() {
        super(TestServers.Kind.MYSQL);
    }
}
