package io.shardjdbc.route;

import io.shardjdbc.mergeplan.Expr;
import io.shardjdbc.mergeplan.MergePlan;
import io.shardjdbc.mergeplan.PageSeek;
import io.shardjdbc.mergeplan.Slot;
import io.shardjdbc.mergeplan.SortKey;
import io.shardjdbc.sql.Operand;
import java.math.BigDecimal;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The cross-shard merge of one SQL text, planned once: the edits every shard's SQL gets and the
 * merge plan, waiting only for the LIMIT/OFFSET and parameter values of an execution.
 */
final class MergeTemplate {
    private final List<SqlEdits.Edit> edits;
    private final int[] limitSpan;
    private final Operand limit;
    private final Operand offset;
    private final boolean aggregating;
    private final int hidden;
    private final List<Slot> slots;
    private final List<Expr> outputs;
    private final Expr having;
    private final List<SortKey> orderBy;
    private final boolean distinct;
    private final List<Integer> visibleWeights;
    private final int parameterCount;
    private final Seek seek;

    /**
     * How this statement's deep pages may be fetched by seek.
     *
     * @param key    the ORDER BY column's text
     * @param bounds edits that put {@link PageSeek#BOUNDS} into the WHERE clause (adding one if needed)
     */
    record Seek(String key, List<SqlEdits.Edit> bounds) { }

    MergeTemplate(List<SqlEdits.Edit> edits, int[] limitSpan, Operand limit, Operand offset, boolean aggregating, int hidden,
                  List<Slot> slots, List<Expr> outputs, Expr having, List<SortKey> orderBy, boolean distinct,
                  List<Integer> visibleWeights, int parameterCount, Seek seek) {
        this.edits = List.copyOf(edits);
        this.limitSpan = limitSpan;
        this.limit = limit;
        this.offset = offset;
        this.aggregating = aggregating;
        this.hidden = hidden;
        this.slots = slots;
        this.outputs = outputs;
        this.having = having;
        this.orderBy = orderBy;
        this.distinct = distinct;
        this.visibleWeights = List.copyOf(visibleWeights);
        this.parameterCount = parameterCount;
        this.seek = seek;
    }

    /** One execution: the shard SQL edits and the merge plan with its limits and parameter values. */
    record Instance(List<SqlEdits.Edit> edits, MergePlan plan) { }

    Instance instantiate(Parameters params) throws SQLException {
        long off = offset == null ? 0 : count(offset, params, "OFFSET");
        long lim = limit == null ? -1 : count(limit, params, "LIMIT");
        List<SqlEdits.Edit> all = new ArrayList<>(edits);
        if (limitSpan != null) {
            // each shard must return every row that could be among the first off + lim; the merge skips and cuts
            String replacement = aggregating || lim < 0 ? "" : "LIMIT " + (off + lim);
            all.add(new SqlEdits.Edit(limitSpan[0], limitSpan[1], List.of(SqlEdits.Piece.text(replacement))));
        }
        Object[] values = new Object[parameterCount];
        for (int i = 0; i < parameterCount; i++) values[i] = params.get(i + 1);
        return new Instance(all, new MergePlan(hidden, slots, outputs, having, orderBy, distinct, visibleWeights, off, lim, values));
    }

    /**
     * The seek for one execution on {@code shards} shards, or null when the page is fetched the
     * ordinary way (the shape does not qualify, one shard, or an offset too small to be worth a round).
     */
    PageSeek seek(Instance m, int shards, String sql, int[] paramOffsets) {
        long off = m.plan().offset();
        long lim = m.plan().limit();
        if (seek == null || shards < 2 || lim < 0 || off < PageSeek.MIN_OFFSET) return null;
        long shardOffset = off / shards;
        long window = Math.max(1, -Math.floorDiv(-(off + lim), shards) - shardOffset);
        RouteUnit probe = limited(sql, paramOffsets, edits, "LIMIT " + window + " OFFSET " + shardOffset);
        List<SqlEdits.Edit> bounded = new ArrayList<>(edits);
        bounded.addAll(seek.bounds());
        RouteUnit fetch = limited(sql, paramOffsets, bounded, "LIMIT " + (off + lim));
        RouteUnit small = limited(sql, paramOffsets, edits, "LIMIT " + shardOffset);
        return new PageSeek(seek.key(), probe.sql(), probe.parameterMap(), fetch.sql(), fetch.parameterMap(),
                small.sql(), small.parameterMap(), shardOffset, window);
    }

    private RouteUnit limited(String sql, int[] paramOffsets, List<SqlEdits.Edit> base, String limitText) {
        List<SqlEdits.Edit> all = new ArrayList<>(base);
        all.add(new SqlEdits.Edit(limitSpan[0], limitSpan[1], List.of(SqlEdits.Piece.text(limitText))));
        return SqlEdits.apply(0, "", sql, paramOffsets, all);
    }

    private static long count(Operand o, Parameters params, String clause) throws SQLException {
        Object v = KeyFilter.value(o, params);
        try {
            long n = v instanceof Number num ? new BigDecimal(num.toString()).longValueExact() : Long.parseLong(String.valueOf(v).trim());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (RuntimeException e) {
            throw new SQLDataException(clause + " must be a non-negative whole number, not " + v, "22023");
        }
    }
}
