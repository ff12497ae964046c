package io.shardjdbc.federation;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * What a grouped scan asks of each shard: the rows of one table that pass a condition, grouped by
 * key expressions, with one partial aggregate per column; the driver folds the shards' groups into
 * the query's aggregates (see {@link AggregatePushdown}). Expressions are over the table's own
 * columns.
 *
 * @param condition the rows' filter, written whole into each shard's WHERE; null for every row
 * @param keys      the GROUP BY expressions, the scan's first columns
 * @param partials  the aggregates the shards compute, the scan's further columns
 * @param rowType   the scan's row type: the keys' types, then the partials' types
 */
record ShardGrouping(RexNode condition, List<RexNode> keys, List<Partial> partials, RelDataType rowType) {
    ShardGrouping {
        keys = List.copyOf(keys);
        partials = List.copyOf(partials);
    }

    /** An aggregate function a shard computes for the driver to fold further. */
    enum Function { COUNT, SUM, MIN, MAX }

    /**
     * One partial aggregate.
     *
     * @param function  what the shard computes
     * @param argument  its argument; null for COUNT(*)
     * @param codePoint true where text must compare by code point (PostgreSQL's {@code COLLATE "C"}), as the driver's
     *                  MIN and MAX of the partial values do
     */
    record Partial(Function function, RexNode argument, boolean codePoint) { }
}
