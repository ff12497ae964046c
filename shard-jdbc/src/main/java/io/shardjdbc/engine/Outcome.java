package io.shardjdbc.engine;

import io.shardjdbc.merge.ShardCursor;

/**
 * What running a plan gave: rows, or an update count.
 *
 * @param rows        the rows, or null when the statement gave an update count
 * @param updateCount the update count; -1 with rows
 */
public record Outcome(ShardCursor rows, long updateCount) {
    /** Rows. */
    public static Outcome of(ShardCursor rows) { return new Outcome(rows, -1); }

    /** An update count. */
    public static Outcome count(long updateCount) { return new Outcome(null, updateCount); }

    /** True when the outcome is rows. */
    public boolean hasRows() { return rows != null; }
}
