package io.shardjdbc.merge;

import java.sql.SQLException;

/** How much a merge that must hold rows may hold before it fails instead of exhausting the heap. */
final class MergeLimits {
    private MergeLimits() { }

    /** The error when a merge would hold more than {@code cap} rows or groups. */
    static SQLException tooMany(String what, long cap) {
        return new SQLException("merging this query across shards needs more than " + cap + " " + what + " in memory "
                + "(merge-row-cap); narrow the query with a condition on the shard key, or raise merge-row-cap in the "
                + "shard config", "54000");
    }
}
