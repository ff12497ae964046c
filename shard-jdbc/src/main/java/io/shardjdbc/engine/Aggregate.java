package io.shardjdbc.engine;

import io.shardjdbc.merge.ConcatCursor;
import io.shardjdbc.merge.GroupedMerge;
import io.shardjdbc.merge.RowsResultSet;
import io.shardjdbc.mergeplan.MergePlan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows of several shards folded into groups (partial aggregates combined: counts and sums
 * added, AVG from hidden sums and counts), groups failing HAVING dropped, the rest sorted, made
 * distinct and cut by offset and limit, all in memory (bounded by the merge row cap).
 *
 * @param input the units, each returning its partial groups
 * @param merge the aggregating merge the planner chose
 */
public record Aggregate(Route input, MergePlan merge) implements Primitive {
    @Override
    public Outcome open(Execution ex) throws SQLException {
        return input.open(ex, true, this::fold);
    }

    private ConcatCursor fold(Execution ex, List<ResultSet> results) throws SQLException {
        int visible = merge.outputs().size();
        GroupedMerge groups = new GroupedMerge(merge, ex.runtime().config().mergeRowCap(),
                ex.runtime().textOrder(ex.ran(), ex.ranShards()));
        List<Object[]> rows = groups.merge(results, ex.ranShards(), visible);
        long maxRows = ex.maxRows();
        if (maxRows > 0 && rows.size() > maxRows) rows = rows.subList(0, (int) maxRows);
        RowsResultSet merged = new RowsResultSet(ex.mergedMetaData(results.get(0), visible, input.units().get(0).sql()),
                visible, rows);
        for (ResultSet rs : results) Route.closeQuietly(rs);
        return new ConcatCursor(merged, "merge", 0);
    }

    @Override
    public String line() { return ("Aggregate " + merge.details()).strip(); }

    @Override
    public List<Primitive> inputs() { return List.of(input); }
}
