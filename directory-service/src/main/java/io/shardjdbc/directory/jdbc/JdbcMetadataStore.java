package io.shardjdbc.directory.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardjdbc.directory.Redact;
import io.shardjdbc.metadata.MetadataStore;
import io.shardjdbc.metadata.PlacementState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The metadata store on a PostgreSQL, MySQL/MariaDB or H2 database. Opening it migrates the schema
 * ({@link Migrations}). The topology version is one row that {@link #publish} moves with a
 * compare-and-set in the same transaction that writes the new version's placement rows; the rows
 * of a version are never changed afterwards and the last {@value #RETAINED_VERSIONS} versions are
 * kept, so {@link #placement} reads a consistent state. Directory entries are one row per key under
 * a primary key, written by the database's insert-if-absent, which is what makes {@link #assign}
 * exactly-once across threads and processes.
 */
public final class JdbcMetadataStore implements MetadataStore {
    /** How many published versions keep their rows, so readers of a just-replaced version still find them. */
    public static final int RETAINED_VERSIONS = 10;
    private static final String VERSION_SQL = "SELECT topology_version FROM sjdbc_topology WHERE id = 1";

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final StoreDialect dialect;
    private final String description;
    private final String schemaVersion;

    private JdbcMetadataStore(DataSource dataSource, HikariDataSource ownedPool, StoreDialect dialect, String description)
            throws SQLException {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.dialect = dialect;
        this.description = description;
        this.schemaVersion = Migrations.migrate(dataSource, dialect);
    }

    /**
     * Opens the store at a JDBC URL with its own connection pool and migrates its schema. The URL may
     * carry the credentials; {@code username} and {@code password} may be null.
     */
    public static JdbcMetadataStore open(String url, String username, String password) throws SQLException {
        StoreDialect dialect = StoreDialect.ofUrl(url);
        if (dialect == null) {
            throw new SQLException("metadata store URL " + Redact.url(url) + " names a database the store does not run on "
                    + "(use jdbc:postgresql:, jdbc:mysql:, jdbc:mariadb: or jdbc:h2:)", "08001");
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("sjdbc-metadata");
        hc.setJdbcUrl(url);
        if (username != null) hc.setUsername(username);
        if (password != null) hc.setPassword(password);
        hc.setMaximumPoolSize(8);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(10_000);
        // a publish writes a bucket map of up to thousands of rows: one round trip instead of one per row
        if (dialect == StoreDialect.MYSQL) hc.addDataSourceProperty("rewriteBatchedStatements", "true");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new SQLException("metadata store " + Redact.url(url) + " is unreachable: " + e.getMessage(), "08001", e);
        }
        try {
            return new JdbcMetadataStore(pool, pool, dialect, Redact.url(url));
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * A store over a data source the caller owns (and closes), e.g. an application's pool; migrates
     * the schema, for which it holds several connections at once (one keeps the migration lock while
     * Flyway works on its own): give it a pool of at least four (two are too few).
     */
    public static JdbcMetadataStore over(DataSource dataSource) throws SQLException {
        StoreDialect dialect;
        String description;
        try (Connection c = dataSource.getConnection()) {
            dialect = StoreDialect.of(c);
            description = Redact.url(c.getMetaData().getURL());
            if (dialect == null) {
                throw new SQLException("metadata store: " + c.getMetaData().getDatabaseProductName()
                        + " is not a database the store runs on (PostgreSQL, MySQL/MariaDB, H2)", "08001");
            }
        }
        return new JdbcMetadataStore(dataSource, null, dialect, description);
    }

    /** The state of online moves, kept in this store's database. */
    public MoveJournal moves() { return new MoveJournal(dataSource); }

    /** The schema version the migrations left the store at. */
    public String schemaVersion() { return schemaVersion; }

    @Override
    public long version() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return currentVersion(c);
        } catch (SQLException e) {
            throw wrap("reading the topology version", e);
        }
    }

    private static long currentVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(VERSION_SQL)) {
            if (!rs.next()) throw new SQLException("metadata store: the topology version row is missing", "XX001");
            return rs.getLong(1);
        }
    }

    @Override
    public PlacementState placement() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            // one transaction: the version and its rows come from one snapshot where the database
            // offers it, and rows of a version never change, so lower isolation is consistent too
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long version = currentVersion(c);
                PlacementState state = version == 0 ? null : PlacementRows.read(c, version);
                c.commit();
                return state;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw wrap("reading the placement", e);
        }
    }

    @Override
    public long publish(PlacementState next, long expectedVersion) throws SQLException {
        PlacementCheck.check(next);
        long version = expectedVersion + 1;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // the UPDATE's row lock orders concurrent publishers; the loser re-reads the committed
            // version, which read committed does on every database the store runs on
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                int moved;
                try (PreparedStatement ps = c.prepareStatement("UPDATE sjdbc_topology SET topology_version = ?, "
                        + "published_at = CURRENT_TIMESTAMP WHERE id = 1 AND topology_version = ?")) {
                    ps.setLong(1, version);
                    ps.setLong(2, expectedVersion);
                    moved = ps.executeUpdate();
                }
                if (moved != 1) {
                    long current = currentVersion(c);
                    c.rollback();
                    throw new SQLException("metadata store: topology version conflict: expected version " + expectedVersion
                            + " but the store is at version " + current + "; another client published first. "
                            + "Read the placement again and retry", "40001");
                }
                PlacementRows.write(c, next, version);
                prune(c, version - RETAINED_VERSIONS);
                c.commit();
                return version;
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw wrap("publishing topology version " + version, e);
        }
    }

    private static void prune(Connection c, long atOrBelow) throws SQLException {
        if (atOrBelow < 1) return;
        for (String table : PlacementRows.VERSIONED_TABLES) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE topology_version <= ?")) {
                ps.setLong(1, atOrBelow);
                ps.executeUpdate();
            }
        }
    }

    @Override
    public Map<String, String> lookup(String directory, Collection<String> keys) throws SQLException {
        PlacementCheck.directoryArgs(directory, "", null);
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        Map<String, String> found = new HashMap<>();
        if (distinct.isEmpty()) return found;
        try (Connection c = dataSource.getConnection()) {
            int per = dialect.keysPerLookup();
            for (int from = 0; from < distinct.size(); from += per) {
                List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + per));
                try (PreparedStatement ps = c.prepareStatement(dialect.lookupSql(chunk.size()))) {
                    ps.setString(1, directory);
                    if (dialect == StoreDialect.MYSQL) {
                        for (int i = 0; i < chunk.size(); i++) ps.setString(i + 2, chunk.get(i));
                        readEntries(ps, found);
                    } else {
                        Array array = c.createArrayOf("VARCHAR", chunk.toArray());
                        try {
                            ps.setArray(2, array);
                            readEntries(ps, found);
                        } finally {
                            array.free();
                        }
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw wrap("looking up " + distinct.size() + " keys of directory " + directory, e);
        }
    }

    private static void readEntries(PreparedStatement ps, Map<String, String> found) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) found.put(rs.getString(1), rs.getString(2));
        }
    }

    @Override
    public String assign(String directory, String key, String shard) throws SQLException {
        PlacementCheck.directoryArgs(directory, key, shard);
        try (Connection c = dataSource.getConnection()) {
            requirePublishedShard(c, shard, directory, key);
            int inserted;
            try (PreparedStatement ps = c.prepareStatement(dialect.insertIfAbsent())) {
                ps.setString(1, directory);
                ps.setString(2, key);
                ps.setString(3, shard);
                inserted = ps.executeUpdate();
            } catch (SQLException e) {
                // H2's MERGE can still meet a twin that committed the key after MERGE looked: the
                // key has an owner now, which is all a lost race means
                if (!"23505".equals(e.getSQLState())) throw e;
                inserted = 0;
            }
            if (inserted == 1) return shard;
            // the insert returned only after the winner committed (it waits on the key's lock), so
            // a fresh read sees the owner
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT shard FROM sjdbc_directory WHERE directory = ? AND dir_key = ?")) {
                ps.setString(1, directory);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getString(1);
                }
            }
            throw new SQLException("metadata store: key " + key + " of directory " + directory
                    + " was neither inserted nor found; was it deleted concurrently?", "40001");
        } catch (SQLException e) {
            throw wrap("assigning key " + key + " of directory " + directory + " to shard " + shard, e);
        }
    }

    /**
     * Refuses a shard the current topology does not list (SQLState 23503): a key put there would be
     * routed to a shard no driver has. Before the first publish the store knows no shards and
     * takes any name.
     */
    private static void requirePublishedShard(Connection c, String shard, String directory, String key) throws SQLException {
        List<String> shards = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.name FROM sjdbc_shard s JOIN sjdbc_topology t "
                + "ON s.topology_version = t.topology_version WHERE t.id = 1 ORDER BY s.pos");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) shards.add(rs.getString(1));
        }
        if (!shards.isEmpty() && !shards.contains(shard)) {
            throw new SQLException("metadata store: cannot assign key " + key + " of directory " + directory + " to shard "
                    + shard + ": the published topology has no such shard (its shards: " + shards + "); publish a topology "
                    + "that lists it first", "23503");
        }
    }

    /**
     * Moves {@code key} of {@code directory} from shard {@code from} to {@code to} (an online key move's
     * flip; publish a new version afterwards so that drivers forget their cached entries). Running it
     * again is harmless; a key on neither shard fails with 55000, since something else moved it.
     */
    public void reassign(String directory, String key, String from, String to) throws SQLException {
        PlacementCheck.directoryArgs(directory, key, to);
        try (Connection c = dataSource.getConnection()) {
            requirePublishedShard(c, to, directory, key);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sjdbc_directory SET shard = ? WHERE directory = ? AND dir_key = ? AND shard IN (?, ?)")) {
                ps.setString(1, to);
                ps.setString(2, directory);
                ps.setString(3, key);
                ps.setString(4, from);
                ps.setString(5, to);
                if (ps.executeUpdate() == 1) return;
            }
            throw new SQLException("metadata store: key " + key + " of directory " + directory + " is on neither shard " + from
                    + " nor " + to + "; it was moved or removed by something else", "55000");
        } catch (SQLException e) {
            throw wrap("moving key " + key + " of directory " + directory + " from shard " + from + " to " + to, e);
        }
    }

    @Override
    public Map<String, Long> keysPerShard(String directory) throws SQLException {
        PlacementCheck.directoryArgs(directory, "", null);
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT shard, COUNT(*) FROM sjdbc_directory WHERE directory = ? GROUP BY shard")) {
            ps.setString(1, directory);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw wrap("counting the keys of directory " + directory, e);
        }
    }

    /** Closes the pool this store opened; a data source passed to {@link #over} stays open. */
    @Override
    public void close() {
        if (ownedPool != null) ownedPool.close();
    }

    @Override
    public String toString() { return "JdbcMetadataStore[" + description + "]"; }

    /**
     * The database's error with what the store was doing and on which store, SQLState kept; the
     * store's own errors (they start with "metadata store") already say so and pass unchanged.
     */
    private SQLException wrap(String doing, SQLException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("metadata store")) return e;
        return new SQLException("metadata store " + description + ": " + doing + " failed: " + e.getMessage(),
                e.getSQLState() == null ? "HY000" : e.getSQLState(), e.getErrorCode(), e);
    }
}
