package io.shardjdbc.federation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexNode;

/**
 * What a key-passing join does when it runs (see {@link KeyPassingJoin}): reads the rows of its
 * input (the small side), sends their distinct join keys to the other side's shards as IN lists,
 * so that side's scan reads only the rows that can match, and joins the two in the driver. Past
 * {@link #MAX_KEYS} distinct keys the other side is read whole instead: long key lists cost the
 * shards more than they save. Immutable; public only because generated code calls it.
 */
public final class KeyPassing {
    /** The most distinct keys passed to the other side; more read it whole. */
    static final int MAX_KEYS = 10_000;

    private final LogicalTable probe;
    private final List<RexNode> filters;
    private final int[] projects;
    private final int[] probeColumns;
    private final int[] buildKeys;
    private final int[] probeKeys;
    private final JoinRelType type;
    private final boolean probeIsRight;
    private final int probeWidth;

    /**
     * @param probe        the table scanned for the keys (the other side)
     * @param filters      that scan's filters
     * @param projects     that scan's columns (indexes into the table's row, or a grouped scan's)
     * @param probeColumns the table's own columns the keys are compared with (a grouped scan's key columns)
     * @param buildKeys    the key positions in the input's rows
     * @param probeKeys    the key positions in the scan's rows
     * @param type         the join type, of the join as written (left input first)
     * @param probeIsRight whether the scanned table is the join's right input
     */
    KeyPassing(LogicalTable probe, List<RexNode> filters, int[] projects, int[] probeColumns, int[] buildKeys, int[] probeKeys,
               JoinRelType type, boolean probeIsRight) {
        this.probe = probe;
        this.filters = List.copyOf(filters);
        this.projects = projects.clone();
        this.buildKeys = buildKeys.clone();
        this.probeKeys = probeKeys.clone();
        this.probeColumns = probeColumns.clone();
        this.type = type;
        this.probeIsRight = probeIsRight;
        this.probeWidth = projects.length;
    }

    LogicalTable probe() { return probe; }

    List<RexNode> filters() { return filters; }

    int[] projects() { return projects.clone(); }

    int[] probeColumns() { return probeColumns.clone(); }

    /** The joined rows: the input's rows (Calcite's array rows) joined with the scanned rows that match their keys. */
    public Enumerable<Object[]> rows(DataContext root, Enumerable<Object[]> input) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                List<Object[]> build = new ArrayList<>();
                Set<List<Object>> keys = new LinkedHashSet<>();
                try (Enumerator<Object[]> e = input.enumerator()) {
                    while (e.moveNext()) {
                        Object[] row = e.current().clone();
                        build.add(row);
                        List<Object> key = key(row, buildKeys);
                        if (key != null && keys.size() <= MAX_KEYS) keys.add(key);
                    }
                }
                LogicalTable.KeyList list = keys.size() > MAX_KEYS ? null : new LogicalTable.KeyList(probeColumns, new ArrayList<>(keys));
                Map<List<Object>, List<Object[]>> matches = new HashMap<>();
                try (Enumerator<Object[]> e = probe.scan(root, new ArrayList<>(filters), projects, list).enumerator()) {
                    while (e.moveNext()) {
                        Object[] row = e.current();
                        List<Object> key = key(row, probeKeys);
                        if (key != null) matches.computeIfAbsent(normalized(key), k -> new ArrayList<>()).add(row);
                    }
                }
                return new Joined(build, matches);
            }
        };
    }

    /** The key of a row, or null when a key column is NULL (such a row matches nothing). */
    private static List<Object> key(Object[] row, int[] positions) {
        Object[] key = new Object[positions.length];
        for (int i = 0; i < positions.length; i++) {
            key[i] = row[positions[i]];
            if (key[i] == null) return null;
        }
        return Arrays.asList(key);
    }

    /** A key compared by value: numbers of any class as one decimal (an INTEGER key meets a BIGINT one). */
    private static List<Object> normalized(List<Object> key) {
        Object[] out = new Object[key.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = key.get(i);
            out[i] = v instanceof BigDecimal d ? d.stripTrailingZeros()
                    : v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                    ? BigDecimal.valueOf(((Number) v).longValue()) : v;
        }
        return Arrays.asList(out);
    }

    /** The join's rows, streamed over the input's rows. */
    private final class Joined implements Enumerator<Object[]> {
        private final List<Object[]> build;
        private final Map<List<Object>, List<Object[]>> matches;
        private int next;
        private List<Object[]> pending = List.of();
        private Object[] row;
        private int pendingIndex;
        private Object[] current;

        Joined(List<Object[]> build, Map<List<Object>, List<Object[]>> matches) {
            this.build = build;
            this.matches = matches;
        }

        @Override
        public Object[] current() { return current; }

        @Override
        public boolean moveNext() {
            while (true) {
                if (pendingIndex < pending.size()) {
                    current = combine(row, pending.get(pendingIndex++));
                    return true;
                }
                if (next >= build.size()) return false;
                row = build.get(next++);
                List<Object> key = key(row, buildKeys);
                List<Object[]> found = key == null ? null : matches.get(normalized(key));
                pendingIndex = 0;
                pending = List.of();
                switch (type) {
                    case SEMI -> {
                        if (found != null) {
                            current = row;
                            return true;
                        }
                    }
                    case ANTI -> {
                        if (found == null) {
                            current = row;
                            return true;
                        }
                    }
                    default -> {
                        if (found != null) {
                            pending = found;
                        } else if (type != JoinRelType.INNER) {
                            // an outer join keeps the input's row, NULL-extended
                            current = combine(row, new Object[probeWidth]);
                            return true;
                        }
                    }
                }
            }
        }

        private Object[] combine(Object[] buildRow, Object[] probeRow) {
            Object[] l = probeIsRight ? buildRow : probeRow, r = probeIsRight ? probeRow : buildRow;
            Object[] out = Arrays.copyOf(l, l.length + r.length);
            System.arraycopy(r, 0, out, l.length, r.length);
            return out;
        }

        @Override
        public void reset() {
            next = 0;
            pending = List.of();
            pendingIndex = 0;
        }

        @Override
        public void close() {
            next = build.size();
        }
    }
}
