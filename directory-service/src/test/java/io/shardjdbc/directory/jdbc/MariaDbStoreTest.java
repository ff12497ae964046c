package io.shardjdbc.directory.jdbc;

import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.directory.support.TestDatabases.Db;
import java.sql.SQLException;

/** The JDBC store on MariaDB (or MySQL), credentials given apart from the URL. */
class MariaDbStoreTest extends JdbcStoreContract {
    @Override
    protected Db freshDatabase(String name) throws SQLException {
        return TestDatabases.mariaDb(name);
    }

    @Override
    protected String tag() { return "my"; }
}
