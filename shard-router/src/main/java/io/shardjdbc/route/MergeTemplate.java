package io.shardjdbc.route;

import io.shardjdbc.mergeplan.Expr;
import io.shardjdbc.mergeplan.MergePlan;
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

    MergeTemplate(List<SqlEdits.Edit> edits, int[] limitSpan, Operand limit, Operand offset, boolean aggregating, int hidden,
                  List<Slot> slots, List<Expr> outputs, Expr having, List<SortKey> orderBy, boolean distinct,
                  List<Integer> visibleWeights, int parameterCount) {
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
