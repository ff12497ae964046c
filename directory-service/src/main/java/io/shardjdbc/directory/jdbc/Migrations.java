package io.shardjdbc.directory.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Creates and upgrades the store's tables with Flyway: versioned SQL scripts under
 * {@code io/shardjdbc/directory/jdbc/migration}, applied once each and recorded in
 * {@code sjdbc_schema_history}, so running it again (or from many processes at once: Flyway locks
 * the history) changes nothing. The store may share a database with other tables: a schema that
 * is not empty but has no history yet is baselined at version 0, and every script still runs.
 */
final class Migrations {
    /** The history table Flyway keeps in the store's schema. */
    static final String HISTORY_TABLE = "sjdbc_schema_history";
    private static final String LOCATION = "classpath:io/shardjdbc/directory/jdbc/migration";

    private Migrations() { }

    /** Applies the pending migrations and returns the schema version the store is at afterwards. */
    static String migrate(DataSource dataSource, StoreDialect dialect) throws SQLException {
        try (Connection lock = dataSource.getConnection()) {
            String exact = dialect.exactText(lock);
            // many instances may open an empty store at once; Flyway locks its history table only
            // once it exists, and an instance that sees the table another just created (without
            // rows yet) would try to baseline it and fail, so instances take turns here
            dialect.lockMigrations(lock);
            try {
                return migrateLocked(dataSource, dialect, exact);
            } finally {
                dialect.unlockMigrations(lock);
            }
        }
    }

    private static String migrateLocked(DataSource dataSource, StoreDialect dialect, String exact) throws SQLException {
        try {
            Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(LOCATION)
                    .table(HISTORY_TABLE)
                    .placeholders(Map.of("exact", exact, "timestamp", dialect.timestampType()))
                    .baselineOnMigrate(true)
                    .baselineVersion(MigrationVersion.fromVersion("0"))
                    .load();
            flyway.migrate();
            return flyway.info().current().getVersion().getVersion();
        } catch (FlywayException e) {
            throw new SQLException("metadata store: migrating the schema failed: " + e.getMessage(), sqlState(e), e);
        }
    }

    /** The SQLState of the database error under a Flyway failure, else the general error class. */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) return s.getSQLState();
        }
        return "HY000";
    }
}
