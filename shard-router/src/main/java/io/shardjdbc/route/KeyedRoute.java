package io.shardjdbc.route;

import io.shardjdbc.dircache.Directory;
import io.shardjdbc.mergeplan.MergePlan;
import io.shardjdbc.mergeplan.PageSeek;
import io.shardjdbc.sql.Condition;
import io.shardjdbc.sql.Operand;
import io.shardjdbc.sql.Refusals;
import io.shardjdbc.sql.StatementAnalyzer;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.strategy.DirectoryPlacement;
import io.shardjdbc.strategy.Placement;
import io.shardjdbc.topology.Topology;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A SELECT, UPDATE or DELETE on sharded tables: the key conditions pick the shards per execution.
 * When a top-level {@code key IN (...)} sends the statement to several shards, each shard gets only
 * its own values.
 */
final class KeyedRoute extends BoundRoute {
    /**
     * A parameter IN list up to this long keeps its text on every shard, so each shard reuses one
     * prepared statement; a longer one is cut like a literal list, so each shard receives only its own
     * markers (a list of tens of thousands would pass the database's limit on bind parameters).
     */
    static final int LONGEST_SHARED_PARAMETER_LIST = 64;

    private final Placement placement;
    private final KeyFilter filter;
    private final Condition.In prunable;
    private final int[] paramOffsets;
    private final String tables;
    private final String keyColumn;
    private final boolean rejectScatter;
    private final String multiShardProblem;
    private final MergeTemplate merge;
    private final boolean sharedParameterList;
    private final boolean defaultShardOnly;
    private final String unlistedTable;
    private final DirectoryPlacement directory;
    private final String federateReason;

    /**
     * @param multiShardProblem why the statement cannot run on several shards (a merge it cannot do), or null
     * @param merge             how results from several shards merge, or null to concatenate them
     * @param unlistedTable     an unlisted table the statement also reads (it exists on the default shard only), or null
     * @param federateReason    why the query, when it spans shards, is federated rather than merged, or null
     * (a null {@code filter} means the {@code prunable} IN list alone narrows the shards)
     */
    KeyedRoute(Topology topology, String sql, StatementKind kind, int[] paramOffsets, Placement placement,
               KeyFilter filter, Condition.In prunable, String tables, String keyColumn, boolean rejectScatter,
               String multiShardProblem, MergeTemplate merge, String unlistedTable, String federateReason) {
        super(topology, sql, kind, paramOffsets.length);
        this.placement = placement;
        this.filter = filter;
        this.prunable = prunable;
        this.paramOffsets = paramOffsets;
        this.tables = tables;
        this.keyColumn = keyColumn;
        this.rejectScatter = rejectScatter;
        this.multiShardProblem = multiShardProblem;
        this.merge = merge;
        this.sharedParameterList = prunable != null && prunable.values().size() <= LONGEST_SHARED_PARAMETER_LIST
                && prunable.values().stream().allMatch(v -> v instanceof Operand.Param);
        this.defaultShardOnly = unlistedTable != null;
        this.unlistedTable = unlistedTable;
        this.directory = placement instanceof DirectoryPlacement d ? d : null;
        this.federateReason = federateReason;
    }

    @Override
    public RoutePlan route(Parameters params) throws SQLException {
        if (filter != null && filter.isPoint()) {
            int only = filter.point(params);
            if (only < 0) return noRows(); // no row can match
            if (defaultShardOnly && only != 0) return unlistedJoin();
            return onShard(only);
        }
        if (directory != null) {
            try (Directory.Batch keysOfThisStatement = prefetch(params)) {
                return routeKeys(params);
            }
        }
        return routeKeys(params);
    }

    /** The route of a statement the point fast path does not serve. */
    private RoutePlan routeKeys(Parameters params) throws SQLException {
        int[] shardOfValue = null;
        BitSet shards;
        if (filter == null) { // the IN list alone decides
            shardOfValue = shardOfEachValue(params);
            shards = new BitSet();
            for (int v : shardOfValue) if (v >= 0) shards.set(v);
        } else {
            shards = filter.shards(params);
        }
        if (shards == null) {
            if (rejectScatter) {
                throw new SQLSyntaxErrorException(tables + " is configured scatter: reject, and this statement has no "
                        + "condition on its shard key " + keyColumn + " that narrows it; add " + keyColumn
                        + " = ? (or IN/range) to the WHERE clause: " + abbreviate(), "42000");
            }
            shards = placement.allShards();
        }
        int count = shards.cardinality();
        if (count == 0) return noRows(); // no row can match
        if (count == 1) {
            int only = shards.nextSetBit(0);
            if (defaultShardOnly && only != 0) return unlistedJoin();
            return onShard(only);
        }
        if (defaultShardOnly) return unlistedJoin();
        if (federateReason != null) return federated(federateReason);
        if (multiShardProblem != null) {
            throw new SQLFeatureNotSupportedException(multiShardProblem + " (the statement spans shards "
                    + names(shards) + "): " + abbreviate(), Refusals.SQL_STATE);
        }
        MergeTemplate.Instance m = merge == null ? null : merge.instantiate(params);
        if (prunable != null && shardOfValue == null) shardOfValue = shardOfEachValue(params);
        List<RouteUnit> units = new ArrayList<>(count);
        boolean textPerShard = shardOfValue != null && !sharedParameterList;
        EditedText shared = m == null || textPerShard ? null : edited(m);
        for (int s = shards.nextSetBit(0); s >= 0; s = shards.nextSetBit(s + 1)) {
            RouteUnit unit;
            if (shared != null) {
                unit = new RouteUnit(s, topology.shardName(s), shared.sql(), shared.parameterMap());
            } else {
                List<SqlEdits.Edit> edits = new ArrayList<>(m == null ? List.of() : m.edits());
                if (textPerShard) pruneText(s, shardOfValue, edits);
                unit = edits.isEmpty() ? new RouteUnit(s, topology.shardName(s), sql, null)
                        : SqlEdits.apply(s, topology.shardName(s), sql, paramOffsets, edits);
            }
            units.add(shardOfValue != null && sharedParameterList ? pruneParameters(unit, shardOfValue) : unit);
        }
        MergePlan mergePlan = m == null ? null : m.plan();
        if (shared != null && shardOfValue == null) {
            PageSeek seek = merge.seek(m, count, sql, paramOffsets);
            if (seek != null) mergePlan = mergePlan.withSeek(seek);
        }
        return new RoutePlan(kind, units, RoutePlan.UpdateCount.SUM, null, mergePlan);
    }

    /**
     * The plan of a statement no row can match (a NULL key, a region no region owns, keys a directory does
     * not know). An UPDATE or DELETE touches no shard and counts 0 rows. A query runs unchanged on one shard
     * of the table, which holds no matching row either (a directory key without an entry has no rows on any
     * shard, since every row's INSERT assigned its key first), so the result is the database's own: no rows,
     * or one row of aggregates over none, with the columns the application expects.
     */
    private RoutePlan noRows() {
        if (kind != StatementKind.QUERY && directory != null) return new RoutePlan(kind, List.of(), RoutePlan.UpdateCount.SUM, null);
        return onShard(placement.allShards().nextSetBit(0));
    }

    /** Looks every directory key of this execution up in one store round trip (those not cached). */
    private Directory.Batch prefetch(Parameters params) throws SQLException {
        List<Object> keys = new ArrayList<>();
        if (filter != null) filter.collectKeys(params, keys);
        else for (Operand o : prunable.values()) {
            Object v = KeyFilter.value(o, params);
            if (v != null) keys.add(v);
        }
        Directory.Batch batch = directory.prefetch(keys);
        return batch != null ? batch : () -> { };
    }

    /** The merge-edited text of this statement for given OFFSET/LIMIT values (the same on every shard). */
    private record EditedText(long offset, long limit, String sql, int[] parameterMap) { }

    // the last edited text: a statement usually runs with the same LIMIT/OFFSET, so it is built once
    private volatile EditedText lastEdited;

    private EditedText edited(MergeTemplate.Instance m) {
        EditedText e = lastEdited;
        if (e != null && e.offset() == m.plan().offset() && e.limit() == m.plan().limit()) return e;
        RouteUnit u = SqlEdits.apply(0, topology.shardName(0), sql, paramOffsets, m.edits());
        e = new EditedText(m.plan().offset(), m.plan().limit(), u.sql(), u.parameterMap());
        lastEdited = e;
        return e;
    }

    /** The shard of each IN value (-1 for NULL, which matches nothing). */
    private int[] shardOfEachValue(Parameters params) throws SQLException {
        List<Operand> values = prunable.values();
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = KeyFilter.value(values.get(i), params);
            out[i] = v == null ? -1 : placement.shardOf(v);
        }
        return out;
    }

    /**
     * An IN list of parameters keeps its text (so every execution sends the same SQL and prepared
     * statements are reused on the shard); each shard's other-shard markers are bound to one of its
     * own values instead, so it only looks up its own keys.
     */
    private RouteUnit pruneParameters(RouteUnit unit, int[] shardOfValue) {
        List<Operand> values = prunable.values();
        int own = -1;
        for (int i = 0; i < shardOfValue.length && own < 0; i++) {
            if (shardOfValue[i] == unit.shard()) own = ((Operand.Param) values.get(i)).index();
        }
        if (own < 0) return unit;
        int[] map = unit.parameterMap() != null ? unit.parameterMap().clone() : identity(parameterCount);
        boolean changed = false;
        for (int i = 0; i < shardOfValue.length; i++) {
            if (shardOfValue[i] == unit.shard()) continue;
            int logical = ((Operand.Param) values.get(i)).index();
            for (int p = 0; p < map.length; p++) {
                if (map[p] == logical) {
                    map[p] = own;
                    changed = true;
                }
            }
        }
        return changed ? new RouteUnit(unit.shard(), unit.shardName(), unit.sql(), map) : unit;
    }

    private static int[] identity(int n) {
        int[] map = new int[n];
        for (int i = 0; i < n; i++) map[i] = i + 1;
        return map;
    }

    /** An IN list with literals: the edit that leaves only this shard's values, if some are other shards'. */
    private void pruneText(int shard, int[] shardOfValue, List<SqlEdits.Edit> edits) {
        int[] keep = new int[shardOfValue.length];
        int k = 0;
        for (int i = 0; i < shardOfValue.length; i++) if (shardOfValue[i] == shard) keep[k++] = i;
        if (k < shardOfValue.length) edits.add(SqlEdits.keepParts(prunable.spans(), java.util.Arrays.copyOf(keep, k)));
    }

    // one plan per reason: the route of a federated execution carries no per-execution state
    private volatile RoutePlan federatedPlan;

    private RoutePlan federated(String reason) {
        RoutePlan p = federatedPlan;
        if (p == null) federatedPlan = p = RoutePlan.federated(Federation.because(reason));
        return p;
    }

    /** A query reading an unlisted table (default shard only) with sharded rows elsewhere. */
    private RoutePlan unlistedJoin() throws SQLException {
        // not federated either: federation reads the listed tables only
        throw new SQLFeatureNotSupportedException("table " + unlistedTable + " is not in the shard config, so it lives on "
                + "the default shard " + topology.shardName(0) + " only, but " + tables + " rows for this statement are on "
                + "other shards; list " + unlistedTable + " as broadcast: true, or narrow the statement: " + abbreviate(), Refusals.SQL_STATE);
    }

    private String names(BitSet shards) {
        List<String> out = new ArrayList<>();
        for (int s = shards.nextSetBit(0); s >= 0; s = shards.nextSetBit(s + 1)) out.add(topology.shardName(s));
        return out.toString();
    }

    private String abbreviate() {
        return StatementAnalyzer.abbreviate(sql);
    }
}
