package io.shardjdbc.engine;

import io.shardjdbc.merge.CollatedTopRows;
import io.shardjdbc.merge.ConcatCursor;
import io.shardjdbc.merge.RowsResultSet;
import io.shardjdbc.merge.ShardCursor;
import io.shardjdbc.merge.SortMergeCursor;
import io.shardjdbc.merge.TextOrder;
import io.shardjdbc.mergeplan.MergePlan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows of several shards merged as they stream, in the plan's order (each shard returns its
 * rows sorted), duplicates dropped for DISTINCT, then the offset skipped and the limit applied.
 * Memory: one row per shard. A page (with a LIMIT) ordered by text under a linguistic collation is
 * merged in memory instead, its text values ranked by a database ({@link CollatedTopRows}).
 *
 * @param input the units, each running the query edited for the merge (hidden sort columns, the
 *              limit raised to offset + limit)
 * @param merge the streaming merge the planner chose
 */
public record MergeSort(Route input, MergePlan merge) implements Primitive {
    @Override
    public Outcome open(Execution ex) throws SQLException {
        return input.open(ex, true, this::merged);
    }

    private ShardCursor merged(Execution ex, List<ResultSet> results) throws SQLException {
        long cap = ex.runtime().config().mergeRowCap();
        TextOrder textOrder = ex.runtime().textOrder(ex.ran(), ex.ranShards());
        if (textOrder.ranks() != null && merge.limit() >= 0 && results.size() > 1) {
            // a page under a linguistic collation: the database ranks its few text values
            int visible = results.get(0).getMetaData().getColumnCount() - merge.hiddenColumns();
            List<Object[]> rows = CollatedTopRows.merge(results, ex.ranShards(), merge, ex.maxRows(), cap, textOrder.ranks());
            RowsResultSet page = new RowsResultSet(ex.mergedMetaData(results.get(0), visible, input.units().get(0).sql()),
                    visible, rows);
            for (ResultSet rs : results) Route.closeQuietly(rs);
            return new ConcatCursor(page, "merge", 0);
        }
        return new SortMergeCursor(results, ex.ranShards(), merge, ex.maxRows(), cap, textOrder);
    }

    @Override
    public String line() { return ("MergeSort " + merge.details()).strip(); }

    @Override
    public List<Primitive> inputs() { return List.of(input); }
}
