package io.shardjdbc.jdbc;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.observe.ExecutionObserver;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.route.RouteUnit;
import io.shardjdbc.sql.StatementKind;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code executeBatch}: the logical entries spread over physical batches, one per physical
 * statement (shard and SQL), and the mapping back so that update counts come out in the order the
 * entries were added. Physical batches run in the order they were first needed; the first failing
 * one stops the run.
 */
final class BatchRun {
    private final List<Statement> groups = new ArrayList<>();
    // the unit that opened each group: its shard and physical SQL
    private final List<RouteUnit> groupUnits = new ArrayList<>();
    private StatementKind kind;
    private final List<Integer> groupSizes = new ArrayList<>();
    // per entry: packed (group << 32 | position) of each of its physical rows
    private final long[][] refs;
    private final RoutePlan.UpdateCount[] combine;

    BatchRun(int entries) {
        refs = new long[entries][];
        combine = new RoutePlan.UpdateCount[entries];
    }

    /** The group index of a physical statement, adding it on first use. */
    int group(Statement s, RouteUnit unit) {
        for (int g = 0; g < groups.size(); g++) if (groups.get(g) == s) return g;
        groups.add(s);
        groupUnits.add(unit);
        groupSizes.add(0);
        return groups.size() - 1;
    }

    /** Records that entry {@code entry} added one row to the batch of group {@code g}. */
    void add(int entry, int g, RoutePlan how) {
        if (kind == null) kind = how.kind();
        add(entry, g, how.updateCount());
    }

    private void add(int entry, int g, RoutePlan.UpdateCount how) {
        int pos = groupSizes.get(g);
        groupSizes.set(g, pos + 1);
        long ref = ((long) g << 32) | pos;
        long[] r = refs[entry];
        refs[entry] = r == null ? new long[] {ref} : append(r, ref);
        combine[entry] = how;
    }

    /** The batch as observers see it: one unit per physical batch. */
    RoutePlan plan() {
        return new RoutePlan(kind == null ? StatementKind.OTHER : kind, groupUnits, RoutePlan.UpdateCount.SUM, null);
    }

    /** The physical statements that ran (for generated keys). */
    List<Statement> statements() { return groups; }

    List<String> shards() { return groupUnits.stream().map(RouteUnit::shardName).toList(); }

    /** Drops pending physical batches, after a failure before execution. */
    void clear() {
        for (Statement s : groups) {
            try {
                s.clearBatch();
            } catch (SQLException ignored) {
                // the statement is unusable anyway; the routing error is what the user needs
            }
        }
    }

    /** An entry that runs nowhere (no row can match it): its count is 0, not a failure. */
    void none(int entry) {
        refs[entry] = new long[0];
    }

    /** Runs the physical batches and returns one count per logical entry. */
    long[] execute(ExecutionObserver.Execution observed) throws SQLException {
        long[][] counts = new long[groups.size()][];
        SQLException failure = null;
        for (int g = 0; g < groups.size(); g++) {
            RouteUnit unit = groupUnits.get(g);
            ExecutionObserver.ShardStatement seen = observed.shardStatement(unit.shard(), unit.shardName(), unit.sql());
            try {
                counts[g] = groups.get(g).executeLargeBatch();
            } catch (BatchUpdateException e) {
                counts[g] = e.getLargeUpdateCounts() == null ? new long[0] : e.getLargeUpdateCounts();
                failure = e;
            } catch (SQLException e) {
                counts[g] = new long[0];
                failure = e;
            }
            seen.finished(failure);
            if (failure != null) {
                for (int later = g + 1; later < groups.size(); later++) {
                    counts[later] = new long[0];
                    groups.get(later).clearBatch();
                }
                long[] logical = combine(counts);
                SQLException shardError = ShardErrors.fromShard(unit.shardName(), failure);
                String msg = shardError.getMessage() + " (batches run before it on " + shards().subList(0, g)
                        + "; batches after it were not run)";
                throw new BatchUpdateException(msg, failure.getSQLState(), failure.getErrorCode(), logical, failure);
            }
        }
        return combine(counts);
    }

    private long[] combine(long[][] counts) {
        long[] out = new long[refs.length];
        for (int e = 0; e < refs.length; e++) {
            long[] r = refs[e];
            long total = 0;
            boolean noInfo = false;
            boolean failed = r == null;
            for (int k = 0; r != null && k < r.length; k++) {
                int g = (int) (r[k] >>> 32);
                int pos = (int) r[k];
                long c = counts[g] != null && pos < counts[g].length ? counts[g][pos] : Statement.EXECUTE_FAILED;
                if (c == Statement.EXECUTE_FAILED) failed = true;
                else if (c == Statement.SUCCESS_NO_INFO) noInfo = true;
                else if (combine[e] == RoutePlan.UpdateCount.SUM || k == 0) total += c;
            }
            out[e] = failed ? Statement.EXECUTE_FAILED : noInfo ? Statement.SUCCESS_NO_INFO : total;
        }
        return out;
    }

    private static long[] append(long[] a, long v) {
        long[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}
