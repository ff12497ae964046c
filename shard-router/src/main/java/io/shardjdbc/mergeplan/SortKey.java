package io.shardjdbc.mergeplan;

/**
 * One ORDER BY key of a merge.
 *
 * @param value      the key's value: a column of the shard rows (streaming merge) or an expression
 *                   over a group's folded slots (aggregating merge)
 * @param descending DESC
 * @param nullsFirst where NULLs go, with the dialect's default already applied
 */
public record SortKey(Expr value, boolean descending, boolean nullsFirst) { }
