package io.shardjdbc.strategy;

/**
 * Where a driver learns what a sharded table's key column holds, for tables with {@code key-type:
 * auto}: a string key is then read as the column stores it — an integer column stores {@code ' 08'}
 * as 8 and refuses {@code 'abc'} — instead of being hashed by its text or refused for looking like a
 * number. Implementations cache what they learn and may be asked from any thread.
 */
@FunctionalInterface
public interface KeyColumnTypes {
    /**
     * The key type the column's declared type implies, or {@link KeyType#AUTO} when it is not known
     * (the column's type maps to no narrower key type, or the shard could not be asked just now).
     *
     * @param table     the table whose key it is
     * @param keyColumn its key column
     * @param shard     the index of a shard that holds the table
     */
    KeyType of(String table, String keyColumn, int shard);

    /** Nothing learned: {@code auto} keeps its rules for strings (see {@link KeyType#canonical}). */
    KeyColumnTypes NONE = (table, keyColumn, shard) -> KeyType.AUTO;
}
