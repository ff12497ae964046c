package io.shardjdbc.sql;

/**
 * A table named in a statement.
 *
 * @param name     table name (last part of a qualified name), lower case
 * @param alias    alias, lower case, or null
 * @param topLevel true when the table is in the statement's own FROM/JOIN (or is the target of
 *                 INSERT/UPDATE/DELETE), false inside subqueries, derived tables, CTEs and set operations
 */
public record TableRef(String name, String alias, boolean topLevel) {
    /** True if a column qualifier refers to this table. */
    public boolean answersTo(String qualifier) {
        return alias != null ? alias.equals(qualifier) : name.equals(qualifier);
    }
}
