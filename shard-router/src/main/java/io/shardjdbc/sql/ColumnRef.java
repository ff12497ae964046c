package io.shardjdbc.sql;

/**
 * A column as written: {@code qualifier.column} or just {@code column}, both lower-cased.
 *
 * @param qualifier table name or alias, or null
 * @param column    column name
 */
public record ColumnRef(String qualifier, String column) {
    @Override
    public String toString() { return qualifier == null ? column : qualifier + "." + column; }
}
