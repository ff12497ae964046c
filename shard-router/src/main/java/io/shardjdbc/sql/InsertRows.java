package io.shardjdbc.sql;

import java.util.List;

/**
 * The VALUES rows of an INSERT.
 *
 * @param columns  target columns, lower case, or empty when the statement lists none
 * @param rows     each row's values
 * @param rowSpans {@code [start, end)} of each row's parenthesised text (two ints per row)
 */
public record InsertRows(List<String> columns, List<List<Operand>> rows, int[] rowSpans) { }
