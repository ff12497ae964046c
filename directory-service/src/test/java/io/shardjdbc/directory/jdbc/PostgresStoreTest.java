package io.shardjdbc.directory.jdbc;

import io.shardjdbc.directory.support.TestDatabases;
import io.shardjdbc.directory.support.TestDatabases.Db;
import java.sql.SQLException;

/** The JDBC store on PostgreSQL; the URL carries the user, as a config's metadata.url may. */
class PostgresStoreTest extends JdbcStoreContract {
    @Override
    protected Db freshDatabase(String name) throws SQLException {
        Db db = TestDatabases.postgres(name);
        return new Db(db.url() + (db.url().contains("?") ? "&" : "?") + "user=" + db.user()
                + (db.password().isEmpty() ? "" : "&password=" + db.password()), null, null);
    }

    @Override
    protected String tag() { return "pg"; }
}
