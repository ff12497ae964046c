package io.shardjdbc.move;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** A set of bucket numbers, written as ranges ({@code 0-255,300}) on command lines and in reports. */
public record Buckets(BitSet set) {
    public Buckets {
        set = (BitSet) set.clone();
    }

    /**
     * Parses {@code 0-255,300,7} against a table with {@code buckets} buckets; fails with the reason
     * on a malformed part or a bucket outside {@code 0..buckets-1}.
     */
    public static Buckets parse(String text, int buckets) {
        BitSet out = new BitSet();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int dash = p.indexOf('-', 1);
            int from;
            int to;
            try {
                from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + p + "' is not a bucket or a range of buckets like 0-255");
            }
            if (from < 0 || to >= buckets || from > to) {
                throw new IllegalArgumentException("buckets " + p + " are not within 0-" + (buckets - 1) + " in order");
            }
            out.set(from, to + 1);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no buckets given");
        return new Buckets(out);
    }

    /** The set of the given bucket numbers. */
    public static Buckets of(List<Integer> buckets) {
        BitSet out = new BitSet();
        buckets.forEach(out::set);
        return new Buckets(out);
    }

    /** Whether {@code bucket} is in the set. */
    public boolean contains(int bucket) { return set.get(bucket); }

    /** How many buckets. */
    public int size() { return set.cardinality(); }

    /** The buckets in ascending order, as the unit names the store and the fence keep. */
    public List<String> names() {
        List<String> out = new ArrayList<>(set.cardinality());
        set.stream().forEach(b -> out.add(Integer.toString(b)));
        return out;
    }

    /** The buckets as a comma-separated SQL list. */
    String sqlList() {
        return String.join(", ", names());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int b = set.nextSetBit(0); b >= 0; ) {
            int end = set.nextClearBit(b) - 1;
            if (sb.length() > 0) sb.append(',');
            sb.append(b);
            if (end > b) sb.append('-').append(end);
            b = set.nextSetBit(end + 1);
        }
        return sb.toString();
    }
}
