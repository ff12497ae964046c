package io.shardjdbc.route;

import io.shardjdbc.sql.ColumnRef;
import io.shardjdbc.sql.Condition;
import io.shardjdbc.sql.Operand;
import io.shardjdbc.strategy.GeoPlacement;
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

    /** Adds the key values this filter compares with ({@code key = v}, {@code key IN (...)}), to look them up at once. */
    void collectKeys(Parameters params, List<Object> out) { }

    /** Compiles a condition; {@code isKey} tells which columns are the shard key. */
    static KeyFilter compile(Condition c, Placement placement, Predicate<ColumnRef> isKey) {
        return compile(c, placement, isKey, col -> false);
    }

    /**
     * Compiles a condition; {@code isKey} tells which columns are the shard key and {@code isRegion}
     * which are the region column of a geo placement ({@code region = v} and {@code region IN (...)}
     * narrow to the regions' shards).
     */
    static KeyFilter compile(Condition c, Placement placement, Predicate<ColumnRef> isKey, Predicate<ColumnRef> isRegion) {
        if (c instanceof Condition.And and) {
            List<KeyFilter> parts = compileAll(and.parts(), placement, isKey, isRegion);
            parts.removeIf(p -> p == ANY);
            return parts.isEmpty() ? ANY : parts.size() == 1 ? parts.get(0) : new All(parts);
        }
        if (c instanceof Condition.Or or) {
            List<KeyFilter> parts = compileAll(or.parts(), placement, isKey, isRegion);
            return parts.contains(ANY) ? ANY : new Any(parts);
        }
        GeoPlacement geo = placement instanceof GeoPlacement g ? g : null;
        if (geo != null && c instanceof Condition.Compare cmp && cmp.op().equals("=") && isRegion.test(cmp.column())) {
            return cmp.value() instanceof Operand.Other ? ANY : new RegionIs(geo, cmp.value());
        }
        if (geo != null && c instanceof Condition.In in && isRegion.test(in.column())) {
            for (Operand o : in.values()) if (o instanceof Operand.Other) return ANY;
            List<KeyFilter> parts = new ArrayList<>();
            for (Operand o : in.values()) parts.add(new RegionIs(geo, o));
            return new Any(parts);
        }
        if (c instanceof Condition.Compare cmp && isKey.test(cmp.column())) {
            if (cmp.value() instanceof Operand.Other) return ANY;
            if (!cmp.op().equals("=")) return Range.of(placement, cmp.op(), cmp.value());
            return geo != null ? new GeoKey(geo, cmp.value()) : new Equals(placement, cmp.value());
        }
        if (c instanceof Condition.In in && isKey.test(in.column())) {
            for (Operand o : in.values()) if (o instanceof Operand.Other) return ANY;
            List<KeyFilter> parts = new ArrayList<>();
            for (Operand o : in.values()) parts.add(geo != null ? new GeoKey(geo, o) : new Equals(placement, o));
            return new Any(parts);
        }
        if (c instanceof Condition.Between b && isKey.test(b.column())) {
            if (b.low() instanceof Operand.Other || b.high() instanceof Operand.Other) return ANY;
            return new Range(placement, b.low(), true, b.high(), true);
        }
        return ANY;
    }

    private static List<KeyFilter> compileAll(List<Condition> cs, Placement placement, Predicate<ColumnRef> isKey,
                                              Predicate<ColumnRef> isRegion) {
        List<KeyFilter> out = new ArrayList<>(cs.size());
        for (Condition c : cs) out.add(compile(c, placement, isKey, isRegion));
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
            return v == null ? -1 : placement.shardOf(v); // key = NULL matches no row; -1 also: a directory knows no such key
        }

        @Override
        void collectKeys(Parameters params, List<Object> out) {
            Object v = value(value, params);
            if (v != null) out.add(v);
        }
    }

    /** {@code key = v} on a geo table: without the region, the key's bucket shard in every region. */
    private static final class GeoKey extends KeyFilter {
        private final GeoPlacement geo;
        private final Operand value;

        GeoKey(GeoPlacement geo, Operand value) {
            this.geo = geo;
            this.value = value;
        }

        @Override
        BitSet shards(Parameters params) throws SQLException {
            Object v = value(value, params);
            return v == null ? new BitSet() : geo.shardsOfKey(v);
        }
    }

    /** {@code region = v}: the shards of the region owning v (none when no region does: no row can have it). */
    private static final class RegionIs extends KeyFilter {
        private final GeoPlacement geo;
        private final Operand value;

        RegionIs(GeoPlacement geo, Operand value) {
            this.geo = geo;
            this.value = value;
        }

        @Override
        BitSet shards(Parameters params) {
            Object v = value(value, params);
            return v == null ? new BitSet() : geo.shardsOfRegion(v);
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
        void collectKeys(Parameters params, List<Object> out) {
            for (KeyFilter p : parts) p.collectKeys(params, out);
        }

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
        void collectKeys(Parameters params, List<Object> out) {
            for (KeyFilter p : parts) p.collectKeys(params, out);
        }

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
