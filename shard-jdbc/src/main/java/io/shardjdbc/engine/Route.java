package io.shardjdbc.engine;

import io.shardjdbc.merge.ConcatCursor;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs units on their shards: the leaf of every tree but a federated one. Alone it is a plan of one
 * unit, run on the caller's thread (the most common plan: every statement on one shard); under
 * {@link Concat}, {@link MergeSort} or {@link Aggregate} its units run at once, each on its shard.
 *
 * @param units       the physical statements, in unit order
 * @param updateCount how the update counts of several units make the statement's
 */
public record Route(List<RouteUnit> units, RoutePlan.UpdateCount updateCount) implements Primitive {
    public Route {
        units = List.copyOf(units);
    }

    /** Runs the only unit: its rows (cut at the statement's max rows), or its update count; nothing for no unit. */
    @Override
    public Outcome open(Execution ex) throws SQLException {
        // no row can match (keys a directory does not know): nothing to run
        if (units.isEmpty()) return Outcome.count(0);
        RouteUnit u = units.get(0);
        int[] slots = ex.slots();
        UnitResult r = ex.run(u, ex.prepare(u, slots == null ? u.shard() : slots[0], false), ex.mode());
        return r.rows() == null ? Outcome.count(r.count())
                : Outcome.of(new ConcatCursor(r.rows(), u.shardName(), ex.maxRows()));
    }

    /**
     * Runs every unit, each on its slot: the statements are prepared in unit order on this thread
     * (enlisting their shards), then run at once; the first failure cancels the others.
     *
     * @param merging whether the results merge (see {@link Execution#prepare})
     */
    List<UnitResult> runAll(Execution ex, ExecMode mode, boolean merging) throws SQLException {
        return runAll(ex, units, mode, merging);
    }

    /** As {@link #runAll(Execution, ExecMode, boolean)} for units of another round over the same shards. */
    static List<UnitResult> runAll(Execution ex, List<RouteUnit> units, ExecMode mode, boolean merging) throws SQLException {
        int[] slots = ex.slots();
        Statement[] statements = new Statement[units.size()];
        for (int i = 0; i < statements.length; i++) {
            RouteUnit u = units.get(i);
            statements[i] = ex.prepare(u, slots == null ? u.shard() : slots[i], merging);
        }
        return ex.runtime().parallel().runStatements(statements, i -> ex.run(units.get(i), statements[i], mode),
                r -> closeQuietly(r.rows()));
    }

    /**
     * Runs every unit and makes their results one outcome: their rows through {@code merge} when any
     * unit gave rows, else their update counts combined.
     */
    Outcome open(Execution ex, boolean merging, Merge merge) throws SQLException {
        if (units.isEmpty()) return Outcome.count(0);
        List<UnitResult> done = runAll(ex, ex.mode(), merging);
        List<ResultSet> results = null;
        long count = 0;
        for (int i = 0; i < done.size(); i++) {
            UnitResult r = done.get(i);
            if (r.rows() != null) {
                if (results == null) results = new ArrayList<>(done.size());
                results.add(r.rows());
            } else if (i == 0 || updateCount == RoutePlan.UpdateCount.SUM) {
                count += r.count();
            }
        }
        if (results == null) return Outcome.count(count);
        try {
            return Outcome.of(merge.rows(ex, results));
        } catch (SQLException | RuntimeException e) {
            for (ResultSet rs : results) closeQuietly(rs);
            throw e;
        }
    }

    /** How the rows of several units become one cursor. */
    interface Merge {
        io.shardjdbc.merge.ShardCursor rows(Execution ex, List<ResultSet> results) throws SQLException;
    }

    static void closeQuietly(ResultSet rs) {
        if (rs == null) return;
        try {
            rs.close();
        } catch (SQLException ignored) {
            // the execution failed; that failure is reported
        }
    }

    @Override
    public String line() {
        StringBuilder sb = new StringBuilder("Route on ");
        for (int i = 0; i < units.size(); i++) sb.append(i == 0 ? "" : ", ").append(units.get(i).shardName());
        if (units.isEmpty()) sb.append("no shard");
        if (units.size() > 1 && updateCount == RoutePlan.UpdateCount.FIRST) sb.append(" (update count of the first)");
        return sb.toString();
    }
}
