package io.shardjdbc.sql;

/** Where a part of a statement stands in its text: offsets {@code [start, end)}. */
public record TextSpan(int start, int end) {
    /** The part's text in {@code sql}. */
    public String of(String sql) {
        return sql.substring(start, end);
    }
}
