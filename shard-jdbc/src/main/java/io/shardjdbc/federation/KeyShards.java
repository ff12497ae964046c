package io.shardjdbc.federation;

import io.shardjdbc.strategy.Placement;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * The shards a sharded table's scan must read, given the filters it pushes: a conjunct fixing the
 * shard key ({@code key = v}, {@code key IN (...)}, an OR of those) narrows the scan to the shards
 * of those values, and a bound on it ({@code key >= v}, {@code BETWEEN}) to the shards whose key
 * ranges meet it, exactly as the router narrows a statement.
 */
final class KeyShards {
    private KeyShards() { }

    /**
     * @param key        index of the key column in the table's row
     * @param parameters the application's value of a 0-based parameter
     */
    static BitSet of(Placement placement, int key, List<RexNode> conjuncts, RexBuilder rexBuilder,
                     IntFunction<Object> parameters) throws SQLException {
        BitSet shards = (BitSet) placement.allShards().clone();
        for (RexNode c : conjuncts) {
            BitSet narrowed = shardsOf(placement, key, c, rexBuilder, parameters);
            if (narrowed != null) shards.and(narrowed);
        }
        return shards;
    }

    /** The shards a condition allows, or null when it does not narrow the key. */
    private static BitSet shardsOf(Placement placement, int key, RexNode n, RexBuilder rexBuilder,
                                   IntFunction<Object> parameters) throws SQLException {
        if (!(n instanceof RexCall call)) return null;
        switch (call.getKind()) {
            case SEARCH -> {
                return shardsOf(placement, key, RexUtil.expandSearch(rexBuilder, null, call), rexBuilder, parameters);
            }
            case EQUALS -> {
                RexNode a = call.getOperands().get(0), b = call.getOperands().get(1);
                RexNode value = isKey(a, key) ? b : isKey(b, key) ? a : null;
                if (value == null) return null;
                Object v = value(value, parameters);
                if (v == NOT_A_VALUE) return null;
                BitSet s = new BitSet();
                if (v != null) s.set(placement.shardOf(v)); // key = NULL matches no row
                return s;
            }
            case GREATER_THAN, GREATER_THAN_OR_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL -> {
                return shardsOfBound(placement, key, call, parameters);
            }
            case OR -> {
                BitSet all = new BitSet();
                for (RexNode op : call.getOperands()) {
                    BitSet s = shardsOf(placement, key, op, rexBuilder, parameters);
                    if (s == null) return null;
                    all.or(s);
                }
                return all;
            }
            case AND -> {
                BitSet all = null;
                for (RexNode op : call.getOperands()) {
                    BitSet s = shardsOf(placement, key, op, rexBuilder, parameters);
                    if (s == null) continue;
                    if (all == null) all = s; else all.and(s);
                }
                return all;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * {@code key < v} and its kin (either side): the shards whose ranges meet that half-line. A hash
     * placement answers all its shards; a bound of a type the placement cannot compare narrows nothing
     * (the shards' own comparison decides the rows).
     */
    private static BitSet shardsOfBound(Placement placement, int key, RexCall call, IntFunction<Object> parameters) {
        RexNode a = call.getOperands().get(0), b = call.getOperands().get(1);
        SqlKind kind = call.getKind();
        RexNode value;
        if (isKey(a, key)) {
            value = b;
        } else if (isKey(b, key)) {
            value = a;
            kind = kind.reverse(); // v < key is key > v
        } else {
            return null;
        }
        Object v = value(value, parameters);
        if (v == NOT_A_VALUE) return null;
        if (v == null) return new BitSet(); // a comparison with NULL matches no row
        // text orders by the shard's collation (case-insensitive under MySQL's default), which need not be
        // the order the ranges were cut in: a text bound prunes nothing
        if (v instanceof String) return null;
        boolean inclusive = kind == SqlKind.GREATER_THAN_OR_EQUAL || kind == SqlKind.LESS_THAN_OR_EQUAL;
        boolean low = kind == SqlKind.GREATER_THAN || kind == SqlKind.GREATER_THAN_OR_EQUAL;
        try {
            return low ? placement.shardsInRange(v, inclusive, null, false) : placement.shardsInRange(null, false, v, inclusive);
        } catch (SQLException | RuntimeException notComparable) {
            return null;
        }
    }

    private static final Object NOT_A_VALUE = new Object();

    private static boolean isKey(RexNode n, int key) {
        if (n instanceof RexCall c && c.getKind() == SqlKind.CAST) n = c.getOperands().get(0);
        return n instanceof RexInputRef ref && ref.getIndex() == key;
    }

    private static Object value(RexNode n, IntFunction<Object> parameters) {
        if (n instanceof RexCall c && c.getKind() == SqlKind.CAST) n = c.getOperands().get(0);
        if (n instanceof RexLiteral lit) {
            if (lit.isNull()) return null;
            Object v = FilterSql.javaValue(lit);
            if (v instanceof Integer i) return (long) i;
            if (v instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
                try {
                    return d.longValueExact();
                } catch (ArithmeticException big) {
                    return d;
                }
            }
            return v == null ? NOT_A_VALUE : v;
        }
        if (n instanceof RexDynamicParam p && parameters != null) return parameters.apply(p.getIndex());
        return NOT_A_VALUE;
    }
}
