package io.shardjdbc.directory.jdbc;

import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.directory.support.TestDatabases.Db;

/** The JDBC store on in-process H2, as the embedded demo runs it. */
class H2StoreTest extends JdbcStoreContract {
    @Override
    protected Db freshDatabase(String name) {
        return TestDatabases.h2(name);
    }

    @Override
    protected String tag() { return "h2"; }
}
