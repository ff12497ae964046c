package io.shardjdbc.mergeplan;

import java.util.Arrays;

/**
 * A string value with its collation weight as the database computed it ({@code WEIGHT_STRING} on
 * MySQL/MariaDB): it orders and equals other collated strings by the weight, as the database's
 * collation does (so {@code 'alice'}, {@code 'Alice'} and, under a PAD SPACE collation,
 * {@code 'alice '} are one group there), while {@link #value()} keeps the spelling to show.
 */
public final class CollatedString implements Comparable<CollatedString> {
    private final String value;
    private final byte[] weight;
    private final int hash;

    public CollatedString(String value, byte[] weight) {
        this.value = value;
        this.weight = weight;
        this.hash = Arrays.hashCode(weight);
    }

    public String value() { return value; }

    @Override
    public int compareTo(CollatedString o) {
        return Arrays.compareUnsigned(weight, o.weight);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CollatedString c && Arrays.equals(weight, c.weight);
    }

    @Override
    public int hashCode() { return hash; }

    @Override
    public String toString() { return value; }

    /** The value with its weight when both are there and the value is a string; else the value as it is. */
    public static Object of(Object value, Object weight) {
        if (value instanceof String s && weight instanceof byte[] w) return new CollatedString(s, w);
        return value;
    }

    /** The plain value of something {@link #of} may have wrapped. */
    public static Object unwrap(Object v) {
        return v instanceof CollatedString c ? c.value : v;
    }
}
