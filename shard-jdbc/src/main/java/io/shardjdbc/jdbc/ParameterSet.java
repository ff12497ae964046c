package io.shardjdbc.jdbc;

import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.RouteUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameters bound to a logical prepared statement: for each index the value the router sees
 * and the setter (with its extra arguments) that applies it to a physical statement. Kept in
 * parallel arrays so setting a parameter allocates nothing beyond boxing the value.
 */
final class ParameterSet implements Parameters {
    private Setter[] setters;
    private Object[] values;
    private Object[] extras;
    private long[] numbers;
    // where the application's parameter i is kept (at [i - 1]) when the driver rewrote the statement; null: at i
    private int[] positions;

    ParameterSet(int expected) {
        int n = Math.max(expected, 1);
        setters = new Setter[n];
        values = new Object[n];
        extras = new Object[n];
        numbers = new long[n];
    }

    /** Parameters of a statement the driver rewrote: the application's parameter i is the rewrite's {@code positions[i - 1]}. */
    ParameterSet(int expected, int[] positions) {
        this(expected);
        this.positions = positions;
    }

    private ParameterSet(ParameterSet o) {
        positions = o.positions;
        setters = o.setters.clone();
        values = o.values.clone();
        extras = o.extras.clone();
        numbers = o.numbers.clone();
    }

    void set(int index, Setter setter, Object value) throws SQLException {
        set(index, setter, value, null, 0);
    }

    void set(int index, Setter setter, Object value, Object extra, long number) throws SQLException {
        if (index < 1) throw new SQLException("parameter index " + index + " is out of range: parameters start at 1", "22023");
        if (positions != null) {
            if (index > positions.length) {
                throw new SQLException("parameter index " + index + " is out of range: the statement has " + positions.length, "22023");
            }
            index = positions[index - 1];
        }
        setAt(index, setter, value, extra, number);
    }

    /** Sets a parameter of the statement as the driver runs it (a generated id's marker included). */
    void setAt(int index, Setter setter, Object value, Object extra, long number) {
        int i = index - 1;
        if (i >= setters.length) grow(index);
        setters[i] = setter;
        values[i] = value;
        extras[i] = extra;
        numbers[i] = number;
    }

    private void grow(int size) {
        int n = Math.max(size, setters.length * 2);
        setters = Arrays.copyOf(setters, n);
        values = Arrays.copyOf(values, n);
        extras = Arrays.copyOf(extras, n);
        numbers = Arrays.copyOf(numbers, n);
    }

    /** The value the router sees: the Java value given to the setter, null for SQL NULL. */
    @Override
    public Object get(int index) {
        return index - 1 < values.length ? values[index - 1] : null;
    }

    /** Fails unless parameters 1..count are all set, before anything routes on a missing value. */
    void requireAll(int count, String sql) throws SQLException {
        for (int i = 0; i < count; i++) {
            if (i >= setters.length || setters[i] == null) {
                throw new SQLException("no value specified for parameter " + (i + 1) + " of " + count
                        + " [statement: " + io.shardjdbc.errors.ShardErrors.abbreviate(sql) + "]", "07001");
            }
        }
    }

    /** Binds the physical parameters of a route unit from the logical ones. */
    void bind(PreparedStatement ps, RouteUnit unit, int logicalCount) throws SQLException {
        int n = unit.parameterCount(logicalCount);
        for (int p = 1; p <= n; p++) {
            int l = unit.logicalIndex(p) - 1;
            setters[l].bind(ps, p, values[l], extras[l], numbers[l]);
        }
    }

    /**
     * Reads stream parameters into memory. A stream can be read once, but a statement that runs on
     * several shards (broadcast writes, split inserts) binds it once per shard; each then gets a
     * fresh stream over the same content.
     */
    /** True when a parameter is still a stream (read once, by the execution that binds it). */
    boolean hasStreams() {
        for (int i = 0; i < setters.length; i++) {
            Setter st = setters[i];
            if (st == null) continue;
            if (st.isByteStream() && values[i] instanceof InputStream) return true;
            if (st.isCharStream() && values[i] instanceof Reader) return true;
        }
        return false;
    }

    void materializeStreams() throws SQLException {
        for (int i = 0; i < setters.length; i++) {
            Setter st = setters[i];
            if (st == null) continue;
            try {
                if (st.isByteStream() && values[i] instanceof InputStream in) {
                    values[i] = st.hasLength() ? in.readNBytes((int) Math.min(numbers[i], Integer.MAX_VALUE)) : in.readAllBytes();
                } else if (st.isCharStream() && values[i] instanceof Reader r) {
                    values[i] = read(r, st.hasLength() ? numbers[i] : Long.MAX_VALUE);
                }
            } catch (IOException e) {
                throw new SQLException("reading the stream bound to parameter " + (i + 1) + " failed: " + e.getMessage(), "HY000", e);
            }
        }
    }

    private static String read(Reader r, long max) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        while (sb.length() < max) {
            int n = r.read(buf, 0, (int) Math.min(buf.length, max - sb.length()));
            if (n < 0) break;
            sb.append(buf, 0, n);
        }
        return sb.toString();
    }

    /** Sets parameter {@code index} to {@code from}'s parameter {@code fromIndex}, with the setter it was set by. */
    void copyParameter(int index, ParameterSet from, int fromIndex) {
        int f = fromIndex - 1;
        setAt(index, from.setters[f], from.values[f], from.extras[f], from.numbers[f]);
    }

    /** Takes every parameter of {@code o} (another statement's, run again as a different text). */
    void copyFrom(ParameterSet o) {
        setters = o.setters.clone();
        values = o.values.clone();
        extras = o.extras.clone();
        numbers = o.numbers.clone();
    }

    ParameterSet copy() {
        return new ParameterSet(this);
    }

    void clear() {
        Arrays.fill(setters, null);
        Arrays.fill(values, null);
        Arrays.fill(extras, null);
    }
}
