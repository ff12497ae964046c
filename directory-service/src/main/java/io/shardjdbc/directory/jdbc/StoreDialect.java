package io.shardjdbc.directory.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What differs between the databases the metadata store runs on: the column types the migrations
 * use, the insert-if-absent statement of {@code assign}, and how many keys one lookup statement
 * carries. Everything else is plain SQL shared by all three.
 */
enum StoreDialect {
    /** Keys travel as one array parameter, so any number of keys is one statement. */
    POSTGRESQL("TIMESTAMP WITH TIME ZONE",
            "INSERT INTO sjdbc_directory (directory, dir_key, shard, created_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP) "
                    + "ON CONFLICT (directory, dir_key) DO NOTHING",
            Integer.MAX_VALUE),
    /**
     * INSERT IGNORE turns only the duplicate key into a no-op here because the store checks every
     * length before it writes (IGNORE would otherwise truncate silently). An IN list of at most
     * {@value #MYSQL_KEYS_PER_STATEMENT} placeholders per statement.
     */
    MYSQL("DATETIME(6)",
            "INSERT IGNORE INTO sjdbc_directory (directory, dir_key, shard, created_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP(6))",
            StoreDialect.MYSQL_KEYS_PER_STATEMENT),
    /** H2's standard MERGE inserts when absent; a racing twin still fails with 23505, which assign treats as "lost". */
    H2("TIMESTAMP WITH TIME ZONE",
            "MERGE INTO sjdbc_directory d USING (SELECT CAST(? AS VARCHAR(128)) AS directory, "
                    + "CAST(? AS VARCHAR(512)) AS dir_key, CAST(? AS VARCHAR(128)) AS shard) s "
                    + "ON d.directory = s.directory AND d.dir_key = s.dir_key "
                    + "WHEN NOT MATCHED THEN INSERT (directory, dir_key, shard, created_at) "
                    + "VALUES (s.directory, s.dir_key, s.shard, CURRENT_TIMESTAMP)",
            Integer.MAX_VALUE);

    static final int MYSQL_KEYS_PER_STATEMENT = 1000;
    /** The advisory lock (PostgreSQL) or named lock (MySQL/MariaDB) that serializes migrations. */
    private static final long PG_MIGRATION_LOCK = 0x736a6462634d4754L; // "sjdbcMGT"
    /** MySQL's named locks are server-wide: the name includes the store's database (names are at most 64 characters). */
    private static final String MYSQL_MIGRATION_LOCK = "LEFT(CONCAT('sjdbc_migrate.', DATABASE()), 64)";
    private static final int MYSQL_LOCK_WAIT_SECONDS = 120;
    /** H2 runs in this JVM (or one server per file): a JVM-wide lock serializes its migrations. */
    private static final java.util.concurrent.locks.ReentrantLock H2_MIGRATION_LOCK = new java.util.concurrent.locks.ReentrantLock();

    private final String timestampType;
    private final String insertIfAbsent;
    private final int keysPerLookup;

    StoreDialect(String timestampType, String insertIfAbsent, int keysPerLookup) {
        this.timestampType = timestampType;
        this.insertIfAbsent = insertIfAbsent;
        this.keysPerLookup = keysPerLookup;
    }

    /** The dialect of a JDBC URL, or null when the store cannot run on that database. */
    static StoreDialect ofUrl(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        if (u.startsWith("jdbc:mysql:") || u.startsWith("jdbc:mariadb:")) return MYSQL;
        if (u.startsWith("jdbc:h2:")) return H2;
        return null;
    }

    /** The dialect of an open connection's database, or null when the store cannot run on it. */
    static StoreDialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) return POSTGRESQL;
        if (product.contains("mysql") || product.contains("mariadb")) return MYSQL;
        if (product.equals("h2")) return H2;
        return null;
    }

    /** The timestamp column type of the migrations. */
    String timestampType() { return timestampType; }

    /**
     * What follows VARCHAR(n) in the migrations for names and keys so that comparison is exact:
     * MySQL and MariaDB compare case-insensitively and ignore trailing spaces by default, which
     * would make "Ab" and "ab " one directory key; their binary no-pad collations do not.
     */
    String exactText(Connection c) throws SQLException {
        if (this != MYSQL) return "";
        boolean mariaDb = c.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb")
                || c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("mariadb");
        return mariaDb ? "CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin" : "CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_bin";
    }

    /** Waits until no other instance migrates this store, holding the lock on {@code c}'s session. */
    void lockMigrations(Connection c) throws SQLException {
        switch (this) {
            case POSTGRESQL -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    ps.setLong(1, PG_MIGRATION_LOCK);
                    ps.execute();
                }
            }
            case MYSQL -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(" + MYSQL_MIGRATION_LOCK + ", ?)")) {
                    ps.setInt(1, MYSQL_LOCK_WAIT_SECONDS);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getInt(1) != 1) {
                            throw new SQLException("metadata store: another instance has been migrating the schema for "
                                    + MYSQL_LOCK_WAIT_SECONDS + " s; is it stuck?", "HYT00");
                        }
                    }
                }
            }
            case H2 -> H2_MIGRATION_LOCK.lock();
        }
    }

    /** Releases {@link #lockMigrations}. */
    void unlockMigrations(Connection c) throws SQLException {
        switch (this) {
            case POSTGRESQL -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, PG_MIGRATION_LOCK);
                    ps.execute();
                }
            }
            case MYSQL -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(" + MYSQL_MIGRATION_LOCK + ")")) {
                    ps.execute();
                }
            }
            case H2 -> H2_MIGRATION_LOCK.unlock();
        }
    }

    /** Inserts (directory, key, shard) unless the key exists; one row affected means this call won. */
    String insertIfAbsent() { return insertIfAbsent; }

    /** How many keys one lookup statement carries. */
    int keysPerLookup() { return keysPerLookup; }

    /** The lookup statement for {@code n} keys (n ≤ {@link #keysPerLookup()}). */
    String lookupSql(int n) {
        if (this != MYSQL) return "SELECT dir_key, shard FROM sjdbc_directory WHERE directory = ? AND dir_key = ANY (?)";
        StringBuilder sql = new StringBuilder("SELECT dir_key, shard FROM sjdbc_directory WHERE directory = ? AND dir_key IN (");
        for (int i = 0; i < n; i++) sql.append(i == 0 ? "?" : ", ?");
        return sql.append(')').toString();
    }
}
