package io.shardjdbc.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A write whose subqueries (or whose INSERT source) read rows of other shards. No shard can run it
 * whole, so the driver runs each read first, as a query of its own (federated where it must be), and
 * then the write with what the read produced in its place: a list of values for {@code [NOT] IN},
 * one value for a scalar subquery, TRUE or FALSE for {@code EXISTS}, and {@code VALUES} rows for an
 * {@code INSERT ... SELECT}. When a subquery of an UPDATE's or DELETE's WHERE refers to the written
 * row, the whole WHERE is the read: a query of the rows it chooses, by primary and shard key, which
 * then stand in its place. The rewritten write routes like any other. Immutable.
 *
 * @param sql          the write as the application gave it
 * @param paramOffsets the offsets of its {@code ?} markers
 * @param reads        the reads, in text order; for an INSERT ... SELECT, its one source
 * @param table        the table written
 * @param keyColumn    its shard key column, or null when it is not sharded
 */
public record ReadFirst(String sql, int[] paramOffsets, List<Read> reads, String table, String keyColumn) {
    /** Above this many values in one statement, databases refuse the parameters (PostgreSQL allows 32767). */
    public static final int MAX_VALUES = 30_000;

    public ReadFirst {
        reads = List.copyOf(reads);
    }

    /** How a read's result takes the place of its text. */
    public enum Use {
        /** {@code x IN (SELECT ...)}: the query's values as a list. */
        IN,
        /** {@code x NOT IN (SELECT ...)}: likewise. */
        NOT_IN,
        /** {@code EXISTS (SELECT ...)}: TRUE when it found a row. */
        EXISTS,
        /** {@code (SELECT ...)} in an expression: its one value, or NULL without rows. */
        SCALAR,
        /** The SELECT of an INSERT: its rows as VALUES. */
        ROWS,
        /**
         * The WHERE of an UPDATE or DELETE whose subquery refers to the written row: it runs as a query
         * of the written rows' primary keys, and the write is narrowed to those rows.
         */
        KEYS
    }

    /**
     * The rows a {@link Use#KEYS} read chose.
     *
     * @param primaryKey the written table's primary key columns
     * @param rows       per row its primary key values, then its shard key value when that is not in the primary key
     */
    public record KeyRows(List<String> primaryKey, List<Object[]> rows) { }

    /** The read of the written rows' keys ({@link Use#KEYS}), or null when the write has none. */
    public Read keysRead() {
        for (Read r : reads) if (r.use() == Use.KEYS) return r;
        return null;
    }

    /** The query of a {@link Use#KEYS} read: the written table's primary key (and shard key) of the rows its WHERE chooses. */
    public String keysSelect(Read read, List<String> primaryKey) {
        List<String> columns = new ArrayList<>(primaryKey);
        if (keyColumn != null && !primaryKey.contains(keyColumn)) columns.add(keyColumn);
        return "SELECT " + String.join(", ", columns) + " " + read.select();
    }

    /**
     * One read.
     *
     * @param use            how its result replaces it
     * @param select         the query, as text of its own
     * @param parameters     the statement's parameters the query uses, in its order (1-based)
     * @param start          where the replaced text starts: the query's opening parenthesis, or the
     *                       query itself when it has none (an INSERT's source)
     * @param end            where the replaced text ends (exclusive)
     * @param predicateStart where the whole predicate starts ({@code x IN (...)}, {@code EXISTS (...)}),
     *                       replaced by TRUE or FALSE when the result decides it alone
     * @param predicateEnd   where it ends (exclusive)
     */
    public record Read(Use use, String select, int[] parameters, int start, int end, int predicateStart,
                       int predicateEnd) {
        @Override
        public String toString() {
            return use.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + select;
        }
    }

    /** Where one parameter of the rewritten write gets its value. */
    public sealed interface Bound permits Given, Produced { }

    /** The statement's own parameter {@code index} (1-based). */
    public record Given(int index) implements Bound { }

    /** A value a read produced. */
    public record Produced(Object value) implements Bound { }

    /** The write to run: its text and, for each of its {@code ?} markers in order, the value's source. */
    public record Rewritten(String sql, List<Bound> parameters) { }

    /**
     * The write with each read's result in its place.
     *
     * @param results per read, in order: the values it produced (IN, NOT IN: every row's value; SCALAR:
     *                none or one; EXISTS: none, or one when it found a row)
     */
    public Rewritten rewrite(List<List<Object>> results) {
        return rewrite(results, null);
    }

    /**
     * The write with each read's result in its place, and the rows a {@link Use#KEYS} read chose in
     * place of its WHERE condition.
     *
     * @param results per read, in order, as for {@link #rewrite(List)} (ignored for the KEYS read)
     * @param keys    the rows the KEYS read chose (at least one), or null when there is no such read
     */
    public Rewritten rewrite(List<List<Object>> results, KeyRows keys) {
        Text out = new Text();
        for (int r = 0; r < reads.size(); r++) {
            Read read = reads.get(r);
            List<Object> values = results.get(r);
            switch (read.use()) {
                case KEYS -> out.replace(read.start(), read.end(), keyCondition(keys, out));
                case IN, NOT_IN -> {
                    if (values.isEmpty()) out.replace(read.predicateStart(), read.predicateEnd(), read.use() == Use.IN ? FALSE : TRUE);
                    else out.replace(read.start(), read.end(), valueList(padded(values), out));
                }
                case EXISTS -> out.replace(read.predicateStart(), read.predicateEnd(), values.isEmpty() ? FALSE : TRUE);
                case SCALAR -> out.replace(read.start(), read.end(), valueList(values.isEmpty() ? nullValue() : values, out));
                case ROWS -> throw new IllegalArgumentException("an INSERT's rows are written by rewriteRows");
            }
        }
        return out.finish();
    }

    /** The INSERT with {@code rows} (each of the source's width) as its VALUES. */
    public Rewritten rewriteRows(List<Object[]> rows) {
        Read source = reads.get(0);
        Text out = new Text();
        StringBuilder values = new StringBuilder("VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) values.append(", ");
            values.append(valueList(Arrays.asList(rows.get(i)), out));
        }
        out.replace(source.start(), source.end(), values.toString());
        return out.finish();
    }

    /** The write with placeholders where the reads go: what must route on its own for the rewrite to run. */
    String template() {
        Text out = new Text();
        for (Read read : reads) {
            String placeholder = switch (read.use()) {
                case IN, NOT_IN, SCALAR -> "(?)";
                case EXISTS, KEYS -> TRUE;
                case ROWS -> "VALUES (?)";
            };
            boolean predicate = read.use() == Use.EXISTS || read.use() == Use.KEYS;
            out.replace(predicate ? read.predicateStart() : read.start(), predicate ? read.predicateEnd() : read.end(),
                    placeholder);
        }
        return out.finish().sql();
    }

    private static final String TRUE = "(1 = 1)";
    private static final String FALSE = "(1 = 0)";

    private static List<Object> nullValue() {
        List<Object> one = new ArrayList<>(1);
        one.add(null);
        return one;
    }

    /**
     * The list grown to a power of two by repeating its last value (which leaves IN and NOT IN as they
     * were), so that the rewritten texts the router analyses and caches are few.
     */
    static List<Object> padded(List<Object> values) {
        int n = Integer.highestOneBit(values.size());
        if (n == values.size()) return values;
        List<Object> out = new ArrayList<>(values);
        Object last = values.get(values.size() - 1);
        while (out.size() < 2 * n) out.add(last);
        return out;
    }

    /**
     * The condition that holds for exactly the chosen rows: their primary keys, with their shard keys
     * first (when not part of the primary key) so the write routes to their shards only.
     */
    private String keyCondition(KeyRows keys, Text out) {
        List<String> pk = keys.primaryKey();
        StringBuilder sb = new StringBuilder("(");
        if (keyColumn != null && !pk.contains(keyColumn)) {
            java.util.LinkedHashSet<Object> distinct = new java.util.LinkedHashSet<>();
            for (Object[] row : keys.rows()) distinct.add(row[pk.size()]);
            sb.append(keyColumn).append(" IN ").append(valueList(padded(new ArrayList<>(distinct)), out)).append(" AND ");
        }
        if (pk.size() == 1) {
            List<Object> values = new ArrayList<>(keys.rows().size());
            for (Object[] row : keys.rows()) values.add(row[0]);
            sb.append(pk.get(0)).append(" IN ").append(valueList(padded(values), out));
        } else {
            sb.append('(').append(String.join(", ", pk)).append(") IN (");
            List<Object> rows = padded(new ArrayList<>(keys.rows()));
            for (int i = 0; i < rows.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(valueList(Arrays.asList((Object[]) rows.get(i)).subList(0, pk.size()), out));
            }
            sb.append(')');
        }
        return sb.append(')').toString();
    }

    private static String valueList(List<Object> values, Text out) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append('?');
            out.produced.add(new Produced(values.get(i)));
        }
        return sb.append(')').toString();
    }

    /**
     * The rewritten text, built left to right: the statement's text between replacements, with its own
     * parameters there, and the replacements with theirs.
     */
    private final class Text {
        private final StringBuilder sql = new StringBuilder();
        private final List<Bound> parameters = new ArrayList<>();
        // values of the replacement being built, added after the text before it
        private final List<Bound> produced = new ArrayList<>();
        private int copied;
        private int nextParam;

        void replace(int start, int end, String replacement) {
            copyTo(start);
            while (nextParam < paramOffsets.length && paramOffsets[nextParam] < end) nextParam++;
            sql.append(replacement);
            parameters.addAll(produced);
            produced.clear();
            copied = end;
        }

        private void copyTo(int offset) {
            sql.append(ReadFirst.this.sql, copied, offset);
            while (nextParam < paramOffsets.length && paramOffsets[nextParam] < offset) {
                parameters.add(new Given(nextParam + 1));
                nextParam++;
            }
        }

        Rewritten finish() {
            copyTo(ReadFirst.this.sql.length());
            return new Rewritten(sql.toString(), List.copyOf(parameters));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("reads first, then writes with what they produced:");
        for (Read r : reads) sb.append("\n  ").append(r);
        return sb.toString();
    }
}
