package io.shardjdbc.route;

import io.shardjdbc.sql.ColumnRef;
import io.shardjdbc.sql.Condition;
import io.shardjdbc.sql.Operand;
import io.shardjdbc.strategy.Placement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * The shard-key part of a WHERE clause, compiled against one placement: given the bound parameters,
 * which shards can hold matching rows. {@code null} means "not narrowed" (every shard).
 */
abstract class KeyFilter {
    /** The shards that can hold matching rows, or null when the filter does not narrow them. */
    abstract BitSet shards(Parameters params) throws SQLException;

    /** True when {@link #point} answers: the filter is a single {@code key = value}. */
    boolean isPoint() { return false; }

    /**
     * For a point filter, the one shard (or -1 when the value is NULL and no row can match),
     * without allocating a set: the route of a prepared point statement.
     */
    int point(Parameters params) throws SQLException {
        throw new IllegalStateException("not a point filter");
    }

    /** Compiles a condition; {@code isKey} tells which columns are the shard key. */
    static KeyFilter compile(Condition c, Placement placement, Predicate<ColumnRef> isKey) {
        if (c instanceof Condition.And and) {
            List<KeyFilter> parts = compileAll(and.parts(), placement, isKey);
            parts.removeIf(p -> p == ANY);
            return parts.isEmpty() ? ANY : parts.size() == 1 ? parts.get(0) : new All(parts);
        }
        if (c instanceof Condition.Or or) {
            List<KeyFilter> parts = compileAll(or.parts(), placement, isKey);
            return parts.contains(ANY) ? ANY : new Any(parts);
        }
        if (c instanceof Condition.Compare cmp && isKey.test(cmp.column())) {
            if (cmp.value() instanceof Operand.Other) return ANY;
            return cmp.op().equals("=") ? new Equals(placement, cmp.value()) : Range.of(placement, cmp.op(), cmp.value());
        }
        if (c instanceof Condition.In in && isKey.test(in.column())) {
            for (Operand o : in.values()) if (o instanceof Operand.Other) return ANY;
            List<KeyFilter> parts = new ArrayList<>();
            for (Operand o : in.values()) parts.add(new Equals(placement, o));
            return new Any(parts);
        }
        if (c instanceof Condition.Between b && isKey.test(b.column())) {
            if (b.low() instanceof Operand.Other || b.high() instanceof Operand.Other) return ANY;
            return new Range(placement, b.low(), true, b.high(), true);
        }
        return ANY;
    }

    private static List<KeyFilter> compileAll(List<Condition> cs, Placement placement, Predicate<ColumnRef> isKey) {
        List<KeyFilter> out = new ArrayList<>(cs.size());
        for (Condition c : cs) out.add(compile(c, placement, isKey));
        return out;
    }

    static Object value(Operand o, Parameters params) {
        return o instanceof Operand.Param p ? params.get(p.index()) : ((Operand.Literal) o).value();
    }

    /** Narrows nothing. */
    static final KeyFilter ANY = new KeyFilter() {
        @Override
        BitSet shards(Parameters params) { return null; }
    };

    private static final class Equals extends KeyFilter {
        private final Placement placement;
        private final Operand value;

        Equals(Placement placement, Operand value) {
            this.placement = placement;
            this.value = value;
        }

        @Override
        BitSet shards(Parameters params) throws SQLException {
            BitSet out = new BitSet();
            int s = point(params);
            if (s >= 0) out.set(s);
            return out;
        }

        @Override
        boolean isPoint() { return true; }

        @Override
        int point(Parameters params) throws SQLException {
            Object v = value(value, params);
            return v == null ? -1 : placement.shardOf(v); // key = NULL matches no row
        }
    }

    /** An interval of the key; a null bound is open. A NULL bound value matches no row. */
    private static final class Range extends KeyFilter {
        private final Placement placement;
        private final Operand low;
        private final boolean lowInclusive;
        private final Operand high;
        private final boolean highInclusive;

        Range(Placement placement, Operand low, boolean lowInclusive, Operand high, boolean highInclusive) {
            this.placement = placement;
            this.low = low;
            this.lowInclusive = lowInclusive;
            this.high = high;
            this.highInclusive = highInclusive;
        }

        /** {@code key op value} for one of {@code < <= > >=}. */
        static Range of(Placement placement, String op, Operand value) {
            return switch (op) {
                case "<" -> new Range(placement, null, false, value, false);
                case "<=" -> new Range(placement, null, false, value, true);
                case ">" -> new Range(placement, value, false, null, false);
                default -> new Range(placement, value, true, null, false);
            };
        }

        @Override
        BitSet shards(Parameters params) throws SQLException {
            Object lo = low == null ? null : value(low, params), hi = high == null ? null : value(high, params);
            if ((low != null && lo == null) || (high != null && hi == null)) return new BitSet();
            return placement.shardsInRange(lo, lowInclusive, hi, highInclusive);
        }
    }

    private static final class All extends KeyFilter {
        private final List<KeyFilter> parts;

        All(List<KeyFilter> parts) { this.parts = parts; }

        @Override
        BitSet shards(Parameters params) throws SQLException {
            BitSet out = null;
            for (KeyFilter p : parts) {
                BitSet s = p.shards(params);
                if (s == null) continue;
                if (out == null) out = s;
                else out.and(s);
            }
            return out;
        }
    }

    private static final class Any extends KeyFilter {
        private final List<KeyFilter> parts;

        Any(List<KeyFilter> parts) { this.parts = parts; }

        @Override
        BitSet shards(Parameters params) throws SQLException {
            BitSet out = new BitSet();
            for (KeyFilter p : parts) {
                BitSet s = p.shards(params);
                if (s == null) return null;
                out.or(s);
            }
            return out;
        }
    }
}
