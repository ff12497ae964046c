package io.shardjdbc.engine;

import io.shardjdbc.execute.ShardRuntime;
import io.shardjdbc.merge.SeekProbe;
import io.shardjdbc.merge.ShardCursor;
import io.shardjdbc.mergeplan.MergePlan;
import io.shardjdbc.mergeplan.PageSeek;
import io.shardjdbc.route.RouteUnit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A deep page fetched by seek (see {@link PageSeek}): a probe round on every shard, then a round
 * bounded by the probe's keys, merged so that the page starts exactly at the offset. When the probe
 * says the seek would not pay (or the second round grew past its budget), the page is fetched the
 * ordinary way by {@code otherwise}. An {@code executeUpdate} always runs {@code otherwise}.
 *
 * @param input     the shards (and their ordinary units)
 * @param merge     the merge, with its seek
 * @param otherwise the ordinary merge of the same page
 */
public record SeekPage(Route input, MergePlan merge, Primitive otherwise) implements Primitive {
    @Override
    public Outcome open(Execution ex) throws SQLException {
        if (ex.mode() == ExecMode.UPDATE) return otherwise.open(ex);
        ShardCursor page = seek(ex);
        if (page != null) return Outcome.of(page);
        ex.forgetRan();
        return otherwise.open(ex);
    }

    /** The page by seek, or null when it must be fetched the ordinary way. */
    private ShardCursor seek(Execution ex) throws SQLException {
        PageSeek seek = merge.seek();
        List<RouteUnit> units = input.units();
        List<String> shards = new ArrayList<>(units.size());
        List<RouteUnit> round = new ArrayList<>(units.size());
        for (RouteUnit u : units) {
            shards.add(u.shardName());
            round.add(new RouteUnit(u.shard(), u.shardName(), seek.probeSql(), seek.probeParameters()));
        }
        SeekProbe probe;
        List<ResultSet> probes = rowsOf(Route.runAll(ex, round, ExecMode.QUERY, true));
        try {
            probe = SeekProbe.probe(merge, probes, shards);
        } finally {
            for (ResultSet rs : probes) Route.closeQuietly(rs);
        }
        ShardRuntime runtime = ex.runtime();
        if (!probe.usable()) {
            runtime.pageSeeks().abandoned(probe.rowsFetched());
            return null;
        }
        String fetchSql = probe.fetchSql();
        round.clear();
        for (int i = 0; i < units.size(); i++) {
            RouteUnit u = units.get(i);
            round.add(probe.probedEmpty(i) ? new RouteUnit(u.shard(), u.shardName(), seek.smallSql(), seek.smallParameters())
                    : new RouteUnit(u.shard(), u.shardName(), fetchSql, seek.fetchParameters()));
        }
        List<ResultSet> fetched = rowsOf(Route.runAll(ex, round, ExecMode.QUERY, true));
        ShardCursor cursor;
        int[] slots = ex.slots();
        try {
            cursor = probe.page(fetched, shards, ex.maxRows(), runtime.config().mergeRowCap(),
                    runtime.textOrder(ex.ran(), ex.ranShards()));
        } finally {
            for (ResultSet rs : fetched) Route.closeQuietly(rs);
            // the bounds are literals, so the fetch text is new every time: do not keep its statements
            for (int i = 0; i < round.size(); i++) {
                if (!probe.probedEmpty(i)) ex.forgetStatement(round.get(i), slots == null ? round.get(i).shard() : slots[i]);
            }
        }
        if (cursor == null) runtime.pageSeeks().abandoned(probe.rowsFetched());
        else runtime.pageSeeks().served(probe.rowsFetched());
        return cursor;
    }

    private static List<ResultSet> rowsOf(List<UnitResult> done) {
        List<ResultSet> out = new ArrayList<>(done.size());
        for (UnitResult r : done) out.add(r.rows());
        return out;
    }

    @Override
    public String line() { return "SeekPage " + merge.seek() + " (else the merge below)"; }

    @Override
    public List<Primitive> inputs() { return List.of(otherwise); }
}
