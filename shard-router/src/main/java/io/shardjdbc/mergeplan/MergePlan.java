package io.shardjdbc.mergeplan;

import java.util.List;

/**
 * How the results of one query on several shards become one result, exactly as the query on one
 * database holding all rows would return it. Every shard runs the same edited query; its result has
 * the logical columns first and {@code hiddenColumns} helper columns after them, never shown.
 *
 * <p>Streaming merge ({@code slots} empty): shard streams are merged in {@code orderBy} order (keys
 * are columns of the shard rows), duplicates dropped if {@code distinct}, then {@code offset} rows
 * skipped and at most {@code limit} returned. Memory: one row per shard (plus a set for DISTINCT
 * without ORDER BY).
 *
 * <p>Aggregating merge ({@code slots} not empty): rows fold into groups by the KEY slots (one group
 * when there are none), each visible column is {@code outputs[i]} over the folded slots, groups
 * failing {@code having} are dropped, the rest sorted by {@code orderBy} (expressions over slots),
 * made distinct, and cut by offset/limit.
 *
 * @param hiddenColumns number of helper columns at the end of every shard row
 * @param slots         aggregation inputs; empty for a streaming merge
 * @param outputs       value of each visible column (aggregating merge only)
 * @param having        group filter, or null
 * @param orderBy       sort keys, possibly empty
 * @param distinct      drop duplicate visible rows
 * @param visibleWeights for a streaming DISTINCT: per visible column, the 0-based hidden column holding
 *                       its collation weight (MySQL), or -1
 * @param offset        rows to skip after sorting
 * @param limit         maximum rows to return, or -1 for no limit
 * @param parameters    values of the statement's parameters, for expressions that use them
 * @param seek          how a deep page may be fetched by seek instead, or null
 */
public record MergePlan(int hiddenColumns, List<Slot> slots, List<Expr> outputs, Expr having, List<SortKey> orderBy,
                        boolean distinct, List<Integer> visibleWeights, long offset, long limit, Object[] parameters,
                        PageSeek seek) {
    public MergePlan {
        visibleWeights = List.copyOf(visibleWeights);
        slots = List.copyOf(slots);
        outputs = List.copyOf(outputs);
        orderBy = List.copyOf(orderBy);
    }

    /** A plan without a seek. */
    public MergePlan(int hiddenColumns, List<Slot> slots, List<Expr> outputs, Expr having, List<SortKey> orderBy,
                     boolean distinct, List<Integer> visibleWeights, long offset, long limit, Object[] parameters) {
        this(hiddenColumns, slots, outputs, having, orderBy, distinct, visibleWeights, offset, limit, parameters, null);
    }

    /** This plan with a seek to try. */
    public MergePlan withSeek(PageSeek s) {
        return new MergePlan(hiddenColumns, slots, outputs, having, orderBy, distinct, visibleWeights, offset, limit, parameters, s);
    }

    /** This plan skipping {@code rows} instead of its offset, without a seek (the seek found where the page starts). */
    public MergePlan withOffset(long rows) {
        return new MergePlan(hiddenColumns, slots, outputs, having, orderBy, distinct, visibleWeights, rows, limit, parameters, null);
    }

    /** True when rows fold into groups. */
    public boolean aggregates() { return !slots.isEmpty(); }

    @Override
    public String toString() {
        String details = details();
        return (aggregates() ? "aggregate" : "stream") + (details.isEmpty() ? "" : ", " + details);
    }

    /** What the merge does beyond streaming or folding (order, distinct, offset, limit, ...), comma-separated. */
    public String details() {
        StringBuilder sb = new StringBuilder();
        if (!orderBy.isEmpty()) sb.append(", order by ").append(orderBy);
        if (distinct) sb.append(", distinct");
        if (offset > 0) sb.append(", offset ").append(offset);
        if (limit >= 0) sb.append(", limit ").append(limit);
        if (hiddenColumns > 0) sb.append(", ").append(hiddenColumns).append(" hidden column(s)");
        if (seek != null) sb.append(", ").append(seek);
        return sb.length() == 0 ? "" : sb.substring(2);
    }
}
