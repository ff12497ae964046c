package io.shardjdbc.execute;

import io.shardjdbc.strategy.KeyColumnTypes;
import io.shardjdbc.strategy.KeyType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key column types of tables with {@code key-type: auto}, asked of a shard the first time a
 * string key is routed for the table and kept until the topology or the schema changes
 * ({@link #forget()}). A shard that cannot be asked at once (down, or its pool full) leaves the type
 * unknown for that statement, which then routes by {@code auto}'s own rules: learning never makes a
 * statement wait or fail.
 */
public final class KeyColumnCatalog implements KeyColumnTypes {
    private static final Logger LOG = LoggerFactory.getLogger(KeyColumnCatalog.class);
    /** How long learning may wait for a pooled connection; a statement is not held up for longer. */
    private static final long BORROW_MILLIS = 200;

    /** Borrows a connection of a shard within a time, or answers null. */
    @FunctionalInterface
    interface Borrower {
        Connection borrow(int shard, long millis) throws SQLException;
    }

    private final Borrower shards;
    private final Map<String, KeyType> learned = new ConcurrentHashMap<>();

    KeyColumnCatalog(Borrower shards) {
        this.shards = shards;
    }

    @Override
    public KeyType of(String table, String keyColumn, int shard) {
        String name = (table + "." + keyColumn).toLowerCase(Locale.ROOT);
        KeyType known = learned.get(name);
        if (known != null) return known;
        try (Connection c = shards.borrow(shard, BORROW_MILLIS)) {
            if (c == null) return KeyType.AUTO;
            KeyType type = ask(c, table, keyColumn);
            learned.put(name, type);
            return type;
        } catch (SQLException e) {
            LOG.debug("the type of key column {} is not known yet: {}", name, e.toString());
            return KeyType.AUTO;
        }
    }

    /** Forgets every learned type: the topology or a table's DDL changed. */
    public void forget() {
        learned.clear();
    }

    private static KeyType ask(Connection c, String table, String keyColumn) throws SQLException {
        // names as the application writes them: the database folds them as it does in its statements
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + keyColumn + " FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            return keyTypeOf(md.getColumnType(1), md.getPrecision(1), md.getScale(1));
        }
    }

    /**
     * The key type that reads a string as a column of this JDBC type stores it. Only integer, decimal
     * and text columns are narrowed: for them {@code auto}'s rules already hash every string they
     * accept the same way, so learning turns refusals into answers and never moves a key.
     */
    static KeyType keyTypeOf(int jdbcType, int precision, int scale) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> KeyType.INTEGER;
            // PostgreSQL's unconstrained NUMERIC reports precision 0: it keeps any fraction
            case Types.NUMERIC, Types.DECIMAL -> scale == 0 && precision > 0 ? KeyType.INTEGER : KeyType.DECIMAL;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> KeyType.DECIMAL;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB -> KeyType.STRING;
            default -> KeyType.AUTO;
        };
    }
}
