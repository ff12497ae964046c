package io.shardjdbc.move;

import io.shardjdbc.config.Dialect;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of the moving group as the source database has it: its columns in order, its primary key,
 * and the key column that places its rows. The SQL the move runs on it is built here.
 *
 * @param name    the table (lower case, a plain identifier)
 * @param key     the shard key column
 * @param columns every column, primary key columns first (the copy's and the checksum's column order)
 * @param primaryKey the primary key columns in key order
 * @param numericKey per primary key column, whether it is numeric (its values are written as numbers
 *                   in SQL: MySQL compares a number with a string as floating point)
 */
record MovedTable(String name, String key, List<String> columns, List<String> primaryKey, List<Boolean> numericKey) {
    MovedTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        numericKey = List.copyOf(numericKey);
    }

    /**
     * The table as a source shard described it ({@code columns} in table order), or the reason it
     * cannot move: it does not exist, it has no primary key (later changes could not be matched to
     * their rows on the target), or it lacks the shard key column.
     */
    static MovedTable of(String table, String key, List<String> columns, List<String> primaryKey, List<Boolean> numericKey,
                         String shard) throws SQLException {
        if (columns.isEmpty()) {
            throw new SQLException("table " + table + " does not exist on source shard " + shard + "; check the config's tables", "42P01");
        }
        if (primaryKey.isEmpty()) {
            throw new SQLException("table " + table + " on shard " + shard + " has no primary key, so it cannot be moved online: "
                    + "changes made during the move could not be matched to their rows on the target. Add a primary key "
                    + "(ALTER TABLE " + table + " ADD PRIMARY KEY (...)) and run the move again", "55000");
        }
        if (!columns.contains(key)) {
            throw new SQLException("table " + table + " on shard " + shard + " has no column " + key + ", its shard key in the config", "42703");
        }
        return new MovedTable(table, key, keyFirst(columns, primaryKey), primaryKey, numericKey);
    }

    /** The SQL condition that holds for rows whose primary key comes after {@code key} (the key's values as text). */
    String keyAbove(Dialect dialect, List<String> key) {
        List<String> out = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            String v = key.get(i);
            out.add(numericKey.get(i) && v.matches("-?[0-9]+(\\.[0-9]+)?") ? v : literal(dialect, v));
        }
        return "(" + keyList() + ") > (" + String.join(", ", out) + ")";
    }

    /** {@code value} as an SQL string literal. */
    static String literal(Dialect dialect, String value) {
        String escaped = value.replace("'", "''");
        // MySQL's default sql_mode reads a backslash in a literal as an escape
        if (dialect == Dialect.MYSQL) escaped = escaped.replace("\\", "\\\\");
        return "'" + escaped + "'";
    }

    /** Columns with the primary key first, as {@link #columns} keeps them. */
    static List<String> keyFirst(List<String> columns, List<String> primaryKey) {
        List<String> out = new ArrayList<>(primaryKey);
        for (String c : columns) if (!primaryKey.contains(c)) out.add(c);
        return out;
    }

    String columnList() { return String.join(", ", columns); }

    String keyList() { return String.join(", ", primaryKey); }

    /** The index of the shard key among {@link #columns}. */
    int keyIndex() { return columns.indexOf(key); }
}
