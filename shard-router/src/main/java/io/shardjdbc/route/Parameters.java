package io.shardjdbc.route;

/** The values bound to a statement's {@code ?} markers, as the router sees them (1-based). */
public interface Parameters {
    /** No parameters. */
    Parameters NONE = i -> {
        throw new IndexOutOfBoundsException("statement has no parameter " + i);
    };

    /** The value bound to parameter {@code index} (1-based); null for SQL NULL. */
    Object get(int index);

    /** Parameters backed by an array (index 1 is {@code values[0]}). */
    static Parameters of(Object... values) {
        return i -> values[i - 1];
    }
}
