package io.shardjdbc.sql;

import java.util.List;

/**
 * A query nested in the statement (scope {@code scope} &gt; 0), and how it hangs on its parent — what
 * routing needs to tell whether it can run inside each shard (a subquery over co-located tables
 * linked to the outer query by the shard key answers exactly on every shard).
 *
 * @param scope  this query's scope number (the statement's own query is scope 0)
 * @param parent the scope it is nested in
 * @param kind   how it is used
 * @param outer  for {@code x IN (SELECT y ...)}: the outer column x, if it is a column; else null
 * @param inner  for IN: the inner query's only select item y, if it is a column; else null
 * @param where  its WHERE condition
 * @param joins  its JOIN ... ON conditions
 * @param text   where it stands in the statement's text, or null when the parser gave no positions
 */
public record Subquery(int scope, int parent, Kind kind, ColumnRef outer, ColumnRef inner, Condition where,
                       List<Condition> joins, Text text) {
    /**
     * Text offsets ({@code [start, end)}) of a nested query (without its parentheses) and of the
     * predicate holding it: the {@code x [NOT] IN (...)} or {@code EXISTS (...)}; the query itself
     * for other uses.
     */
    public record Text(int start, int end, int predicateStart, int predicateEnd, boolean negated) { }

    /** How a nested query is used. */
    public enum Kind {
        /** {@code x [NOT] IN (SELECT ...)}. */
        IN,
        /** {@code [NOT] EXISTS (SELECT ...)}. */
        EXISTS,
        /** A scalar subquery in an expression. */
        SCALAR,
        /** One plain SELECT of a statement that is a chain of UNION ALL. */
        UNION_ALL_PART,
        /** A derived table, CTE, LATERAL, set operation or anything else. */
        OTHER
    }
}
