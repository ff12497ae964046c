package io.shardjdbc.route;

import io.shardjdbc.config.ShardConfig;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.strategy.Placement;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * An UPDATE that sets a sharded table's key, so the rows it changes may belong on another shard: the
 * key's new value (a {@code ?} marker or a literal) and the placement that says where that value
 * lives. The driver moves such rows under {@code transactions: atomic} (delete on the old shard,
 * insert of the whole row on the new one, in the same two-phase transaction) and refuses the
 * statement otherwise ({@link #refusal}).
 *
 * @param table     the updated table
 * @param keyColumn its shard key
 * @param parameter the 1-based marker the new key is bound to, or 0 for a literal
 * @param literal   the literal new key (Long, BigDecimal or String) when {@code parameter} is 0
 * @param placement where keys of the table live
 */
public record KeyMove(String table, String keyColumn, int parameter, Object literal, Placement placement) {

    /** The key value the statement sets. */
    public Object newKey(Parameters params) {
        return parameter > 0 ? params.get(parameter) : literal;
    }

    /** The shard index the new key belongs on. */
    public int newShard(Parameters params) throws SQLException {
        Object key = newKey(params);
        if (key == null) {
            throw new SQLException("UPDATE of " + table + " sets its shard key " + keyColumn + " to NULL; a sharded row needs"
                    + " a key", "23502");
        }
        return placement.shardOf(key);
    }

    /** Refuses the statement ({@link Refusals#SQL_STATE}, {@link #refusal}) unless the deployment runs {@code transactions: atomic}. */
    public void requireAtomic(ShardConfig.TransactionMode mode) throws SQLException {
        if (mode != ShardConfig.TransactionMode.ATOMIC) throw new SQLFeatureNotSupportedException(refusal(), Refusals.SQL_STATE);
    }

    /** Why the statement is refused outside {@code transactions: atomic}. */
    public String refusal() {
        return "UPDATE of " + table + " changes its shard key " + keyColumn + ", which moves rows to another shard; that"
                + " needs transactions: atomic (the driver then deletes each row on its old shard and inserts it on the new"
                + " one in one two-phase transaction) — configure it, or DELETE the row and INSERT it with the new key";
    }

    /** A literal's value as the placement reads keys. */
    static Object literalValue(String text, boolean string) {
        if (string) {
            char q = text.charAt(0);
            return text.substring(1, text.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return new BigDecimal(text);
        }
    }
}
