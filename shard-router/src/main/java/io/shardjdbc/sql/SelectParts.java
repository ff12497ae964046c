package io.shardjdbc.sql;

import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * The parts of a top-level SELECT that a cross-shard merge needs, with their places in the original
 * text so the shard SQL can be edited: select items, ORDER BY, GROUP BY, HAVING and LIMIT/OFFSET.
 *
 * @param source        the statement's text, to read the parts' own text
 * @param items         select items in order
 * @param star          true if any item is {@code *} or {@code t.*}
 * @param selectListEnd offset just after the last select item (hidden columns are appended here)
 * @param orderBy       ORDER BY items
 * @param groupBy       GROUP BY expressions
 * @param groupByEnd    offset just after the last GROUP BY item, or -1 without GROUP BY
 * @param clauseTail    offset where the clauses after WHERE start (HAVING/ORDER BY/LIMIT/row locks/end);
 *                      a GROUP BY can be inserted here
 * @param having        the HAVING condition, or null
 * @param havingSpan    {@code [start, end)} of the whole HAVING clause, or null
 * @param limit         the row limit, or null
 * @param offset        the row offset, or null
 * @param limitSpan     {@code [start, end)} of all LIMIT/OFFSET/FETCH clauses, or null
 * @param whereSpan     {@code [start, end)} of the whole WHERE clause, keyword included, or null without one
 * @param tail          whether text other than LIMIT/OFFSET follows the clauses (row locks such as FOR UPDATE)
 */
public record SelectParts(SourceText source, List<Item> items, boolean star, int selectListEnd, List<Order> orderBy,
                          List<SqlNode> groupBy, int groupByEnd, int clauseTail, SqlNode having, int[] havingSpan,
                          Operand limit, Operand offset, int[] limitSpan, int[] whereSpan,
                          boolean tail) {
    /**
     * A select item.
     *
     * @param expr  the expression (without its alias)
     * @param alias the alias, lower case, or null
     * @param start start offset of the expression text
     * @param end   end offset (exclusive) of the expression text
     */
    public record Item(SqlNode expr, String alias, int start, int end) { }

    /**
     * An ORDER BY item.
     *
     * @param expr       the expression, an ordinal literal or an alias
     * @param descending DESC
     * @param nullsFirst NULLS FIRST (true), NULLS LAST (false), or the dialect's default (null)
     * @param start      start offset of the expression text
     * @param end        end offset (exclusive) of the expression text
     */
    public record Order(SqlNode expr, boolean descending, Boolean nullsFirst, int start, int end) { }
}
