package io.shardjdbc.strategy;

import io.shardjdbc.config.RangeBounds;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.BitSet;

/**
 * Range placement: ordered, non-overlapping ranges {@code [bound[i-1], bound[i])} to shards; the
 * last range may be open-ended. A key above the last bound has no shard.
 */
public final class RangePlacement implements Placement {
    private final RangeBounds.Type type;
    private final Comparable<Object>[] upper; // exclusive upper bound per range; null = unbounded
    private final int[] shard;
    private final BitSet all;

    public RangePlacement(RangeBounds.Type type, Comparable<Object>[] upper, int[] shard) {
        this.type = type;
        this.upper = upper.clone();
        this.shard = shard.clone();
        this.all = new BitSet();
        for (int s : shard) all.set(s);
    }

    private Comparable<Object> value(Object key) throws SQLException {
        return comparable(type, key);
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(RangeBounds.Type type, Object key) throws SQLException {
        return (Comparable<Object>) (Object) switch (type) {
            case NUMBER -> KeyType.number(key);
            case TIMESTAMP -> KeyType.timestamp(key);
            case STRING -> key.toString();
        };
    }

    /** What separates a fenced range's bounds in its unit name. */
    public static final String RANGE_SEPARATOR = " .. ";

    /** The unit name of the range {@code [low, high)} ({@code high} null: unbounded), as fence rows and moves keep it. */
    public static String rangeUnit(String low, String high) {
        return low + RANGE_SEPARATOR + (high == null ? "" : high);
    }

    /** The bounds of a range unit ({@link #rangeUnit}): low, and high or null when unbounded. */
    public static String[] rangeUnitBounds(String unit) {
        int sep = unit.indexOf(RANGE_SEPARATOR);
        if (sep < 0) throw new IllegalArgumentException("'" + unit + "' is not a range unit (low" + RANGE_SEPARATOR + "high)");
        String high = unit.substring(sep + RANGE_SEPARATOR.length());
        return new String[] {unit.substring(0, sep), high.isEmpty() ? null : high};
    }

    /**
     * Whether the range a move names {@code low .. high} ({@link #rangeUnit};
     * an empty high: unbounded) holds {@code key}, compared as this placement compares keys.
     */
    public boolean holds(String rangeUnit, Object key) throws SQLException {
        String[] bounds = rangeUnitBounds(rangeUnit);
        return holds(type, bounds[0], bounds[1], key);
    }

    /** Whether {@code [low, high)} ({@code high} null: unbounded; bounds as config text) holds {@code key}, compared as {@code type}. */
    public static boolean holds(RangeBounds.Type type, String low, String high, Object key) throws SQLException {
        Comparable<Object> v = comparable(type, key);
        return v.compareTo(RangeBounds.parse(type, low)) >= 0 && (high == null || v.compareTo(RangeBounds.parse(type, high)) < 0);
    }

    /** The index of the range holding a key, or ranges.length if above every bound. */
    private int rangeOf(Comparable<Object> v) {
        int lo = 0, hi = upper.length - 1;
        while (lo <= hi) { // first range whose upper bound is above v
            int mid = (lo + hi) >>> 1;
            if (upper[mid] == null || upper[mid].compareTo(v) > 0) hi = mid - 1;
            else lo = mid + 1;
        }
        return lo;
    }

    @Override
    public int shardOf(Object key) throws SQLException {
        Comparable<Object> v = value(key);
        int r = rangeOf(v);
        if (r >= upper.length) {
            throw new SQLDataException("key " + key + " is above the last range bound " + upper[upper.length - 1]
                    + "; add an open-ended range", "22003");
        }
        return shard[r];
    }

    @Override
    public BitSet allShards() { return (BitSet) all.clone(); }

    /** The comparison type of the key. */
    public RangeBounds.Type type() { return type; }

    /** How many ranges there are. */
    public int rangeCount() { return upper.length; }

    /** The shard index of range {@code i}. */
    public int shardOfRange(int i) { return shard[i]; }

    /** The exclusive upper bound of range {@code i} as config text (null for the open-ended last range). */
    public String boundText(int i) {
        return upper[i] == null ? null : RangeBounds.text(upper[i]);
    }

    @Override
    public BitSet shardsInRange(Object low, boolean lowInclusive, Object high, boolean highInclusive) throws SQLException {
        int from = low == null ? 0 : rangeOf(value(low));
        int to = upper.length - 1;
        if (high != null) {
            Comparable<Object> h = value(high);
            to = rangeOf(h);
            // an exclusive high equal to a range's lower bound does not touch that range
            if (!highInclusive && to > 0 && to < upper.length && upper[to - 1] != null && upper[to - 1].compareTo(h) == 0) to--;
            to = Math.min(to, upper.length - 1);
        }
        BitSet out = new BitSet();
        for (int r = from; r <= to; r++) out.set(shard[r]);
        return out;
    }
}
