package io.shardjdbc.federation;

import java.sql.SQLException;

/**
 * Counts the rows one federated execution fetches from the shards. Everything federation holds
 * (hash join tables, sorts, groups, windows) is made of these rows, so bounding them bounds its
 * memory: past {@code federation-row-budget} the query fails with SQLState 54000 instead of filling
 * the heap. Scans of one execution may run on several threads.
 */
final class RowBudget {
    private final long budget;
    private final String sql;
    private final java.util.concurrent.atomic.AtomicLong fetched = new java.util.concurrent.atomic.AtomicLong();

    RowBudget(long budget, String sql) {
        this.budget = budget;
        this.sql = sql;
    }

    /** Counts one fetched row; fails once more than the budget were fetched. */
    void take() throws SQLException {
        if (fetched.incrementAndGet() > budget) {
            throw new SQLException("the federated query needs more than " + budget + " rows from the shards "
                    + "(federation-row-budget); narrow it with conditions the shards can apply (e.g. on the shard key), "
                    + "or raise federation-row-budget in the shard config [statement: "
                    + io.shardjdbc.errors.ShardErrors.abbreviate(sql) + "]", "54000");
        }
    }

    /** A budget of the same size for another count (rows held by the final sort). */
    RowBudget fresh() {
        return new RowBudget(budget, sql);
    }

    /** Rows fetched so far. */
    long fetched() { return fetched.get(); }
}
