package io.shardjdbc.sql;

/**
 * A table named in a statement.
 *
 * @param name     table name (last part of a qualified name), lower case
 * @param alias    alias, lower case, or null
 * @param scope    0 when the table is in the statement's own FROM/JOIN (or is the target of
 *                 INSERT/UPDATE/DELETE); otherwise the scope of the nested query naming it (see {@link Subquery})
 */
public record TableRef(String name, String alias, int scope) {
    /** True for tables of the statement's own query. */
    public boolean topLevel() { return scope == 0; }

    /** True if a column qualifier refers to this table. */
    public boolean answersTo(String qualifier) {
        return alias != null ? alias.equals(qualifier) : name.equals(qualifier);
    }
}
