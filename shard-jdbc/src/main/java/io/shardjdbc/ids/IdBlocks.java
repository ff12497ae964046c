package io.shardjdbc.ids;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.physical.PhysicalPools;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The counters behind the generated ids, one row per name in {@code shard_jdbc_id_blocks} on the
 * default shard: a reservation adds to a row in its own short transaction (never the
 * application's, so a rollback does not give ids back and no lock outlives the reservation) and
 * returns the first value of the block. A row starts where the caller says (after the largest id
 * already stored).
 */
final class IdBlocks {
    static final String TABLE = "shard_jdbc_id_blocks";
    private static final int DEFAULT_SHARD = 0;

    private final PhysicalPools pools;
    private final Dialect dialect;
    private volatile boolean created;

    IdBlocks(PhysicalPools pools, Dialect dialect) {
        this.pools = pools;
        this.dialect = dialect;
    }

    /** Whether a counter row exists for {@code name}. */
    boolean exists(String name) throws SQLException {
        try (Connection c = open(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Reserves {@code size} values of {@code name}'s counter, starting it at {@code start} when it has no row yet
     * (null: the row is known to exist); returns the first reserved value.
     */
    long reserve(String name, long size, Long start) throws SQLException {
        try (Connection c = open()) {
            if (start != null) {
                try (PreparedStatement ps = c.prepareStatement(dialect == Dialect.MYSQL
                        ? "INSERT IGNORE INTO " + TABLE + " (name, next_value) VALUES (?, ?)"
                        : "INSERT INTO " + TABLE + " (name, next_value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                    ps.setString(1, name);
                    ps.setLong(2, start);
                    ps.executeUpdate();
                }
            }
            if (dialect == Dialect.MYSQL) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE " + TABLE + " SET next_value = LAST_INSERT_ID(next_value + ?) WHERE name = ?")) {
                    ps.setLong(1, size);
                    ps.setString(2, name);
                    ps.executeUpdate();
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
                    rs.next();
                    return rs.getLong(1) - size;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE " + TABLE + " SET next_value = next_value + ? WHERE name = ? RETURNING next_value")) {
                ps.setLong(1, size);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) - size;
                }
            }
        }
    }

    /** A connection to the default shard in auto-commit, the counter table created once. */
    private Connection open() throws SQLException {
        Connection c = pools.open(DEFAULT_SHARD);
        try {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            if (!created) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (name VARCHAR(200) PRIMARY KEY, next_value BIGINT NOT NULL)");
                }
                created = true;
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw new SQLException("cannot reserve generated ids in " + TABLE + " on the default shard: " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }
}
