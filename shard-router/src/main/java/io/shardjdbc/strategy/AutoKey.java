package io.shardjdbc.strategy;

/**
 * The key column of a table with {@code key-type: auto}, and where its type is learned: the group's
 * root table (co-located tables share its placement and so its key's reading).
 *
 * @param table     the root table of the co-location group
 * @param keyColumn its key column
 * @param types     where the column's type is learned
 */
public record AutoKey(String table, String keyColumn, KeyColumnTypes types) {
    /** The key type to read a string key with: what the column holds, or {@link KeyType#AUTO} when that is not known. */
    KeyType learned(int shard) {
        return types.of(table, keyColumn, shard);
    }
}
