package io.shardjdbc.merge;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.mergeplan.CollatedString;
import io.shardjdbc.mergeplan.Expr;
import io.shardjdbc.mergeplan.Fold;
import io.shardjdbc.mergeplan.MergePlan;
import io.shardjdbc.mergeplan.Slot;
import io.shardjdbc.mergeplan.SortKey;
import io.shardjdbc.mergeplan.SqlValues;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The aggregating merge: folds the partial groups of every shard into groups (a bounded hash
 * aggregation), computes each group's visible row, then applies HAVING, ORDER BY, DISTINCT and
 * OFFSET/LIMIT as the plan says.
 */
public final class GroupedMerge {
    private final MergePlan plan;
    private final TextOrder textOrder;
    private final long cap;
    private final Slot[] slots;
    private final int[] keySlots;

    /**
     * @param plan an aggregating merge plan
     * @param cap       the most groups (and output rows) it may hold
     * @param textOrder whether strings may be ordered by the merge (MIN/MAX, ORDER BY)
     */
    public GroupedMerge(MergePlan plan, long cap, TextOrder textOrder) {
        this.plan = plan;
        this.textOrder = textOrder;
        this.cap = cap;
        this.slots = plan.slots().toArray(new Slot[0]);
        this.keySlots = java.util.stream.IntStream.range(0, slots.length).filter(i -> slots[i].fold() == Fold.KEY).toArray();
    }

    /** One group's running values: a value per slot, and the distinct values of DISTINCT slots. */
    private final class Group {
        final Object[] values = new Object[slots.length];
        final Map<Object, Object>[] distinct;

        @SuppressWarnings("unchecked")
        Group() {
            distinct = new Map[slots.length];
            for (int i = 0; i < slots.length; i++) {
                Fold f = slots[i].fold();
                if (f == Fold.COUNT || f == Fold.COUNT_DISTINCT) values[i] = 0L;
                if (f == Fold.COUNT_DISTINCT || f == Fold.SUM_DISTINCT) distinct[i] = new HashMap<>();
            }
        }

        void add(Object[] row, boolean first) throws SQLException {
            for (int i = 0; i < slots.length; i++) {
                Object v = row[i];
                switch (slots[i].fold()) {
                    case KEY, ANY -> { if (first) values[i] = v; }
                    case COUNT, SUM -> { if (v != null) values[i] = values[i] == null ? v : SqlValues.add(values[i], v); }
                    case MIN -> {
                        textOrder.check(v);
                        if (v != null && (values[i] == null || SqlValues.compare(v, values[i]) < 0)) values[i] = v;
                    }
                    case MAX -> {
                        textOrder.check(v);
                        if (v != null && (values[i] == null || SqlValues.compare(v, values[i]) > 0)) values[i] = v;
                    }
                    case COUNT_DISTINCT, SUM_DISTINCT -> { if (v != null) distinct[i].putIfAbsent(SqlValues.groupKey(v), v); }
                }
            }
        }

        Object[] finish() {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i].fold() == Fold.COUNT_DISTINCT) values[i] = (long) distinct[i].size();
                else if (slots[i].fold() == Fold.SUM_DISTINCT) {
                    Object sum = null;
                    for (Object v : distinct[i].values()) sum = sum == null ? v : SqlValues.add(sum, v);
                    values[i] = sum;
                }
            }
            return values;
        }
    }

    /** Reads every shard's rows and returns the merged visible rows, in order. */
    public List<Object[]> merge(List<ResultSet> parts, List<String> shardNames, int visibleColumns) throws SQLException {
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        Object[] row = new Object[slots.length];
        for (int p = 0; p < parts.size(); p++) {
            ResultSet rs = parts.get(p);
            try {
                while (rs.next()) {
                    for (int i = 0; i < slots.length; i++) {
                        Object v = rs.getObject(slots[i].column());
                        row[i] = slots[i].weight() > 0 ? CollatedString.of(v, rs.getObject(slots[i].weight())) : v;
                    }
                    Object[] key = new Object[keySlots.length];
                    for (int k = 0; k < keySlots.length; k++) key[k] = SqlValues.groupKey(row[keySlots[k]]);
                    List<Object> groupKey = Arrays.asList(key);
                    Group g = groups.get(groupKey);
                    boolean first = g == null;
                    if (first) {
                        if (groups.size() >= cap) throw MergeLimits.tooMany("groups", cap);
                        g = new Group();
                        groups.put(groupKey, g);
                    }
                    g.add(row, first);
                }
            } catch (SQLException e) {
                throw ShardErrors.fromShard(shardNames.get(p), e);
            }
        }
        if (groups.isEmpty() && keySlots.length == 0) groups.put(List.of(), new Group()); // aggregates of no rows: one row
        return finish(groups.values(), visibleColumns);
    }

    private List<Object[]> finish(Iterable<Group> groups, int visibleColumns) throws SQLException {
        Object[] params = plan.parameters();
        List<Object[]> out = new ArrayList<>();
        List<Object[]> sortKeys = new ArrayList<>();
        for (Group g : groups) {
            Object[] slotValues = g.finish();
            if (plan.having() != null) {
                Object pass = plan.having().eval(slotValues, params);
                if (!(pass instanceof Boolean b && b) && !(pass instanceof Number n && n.doubleValue() != 0)) continue;
            }
            // values keep their collation weights until the rows are ordered and de-duplicated
            Object[] visible = new Object[visibleColumns];
            for (int i = 0; i < visibleColumns; i++) visible[i] = plan.outputs().get(i).eval(slotValues, params);
            Object[] keys = new Object[plan.orderBy().size()];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = plan.orderBy().get(k).value().eval(slotValues, params);
                textOrder.check(keys[k]);
            }
            out.add(visible);
            sortKeys.add(keys);
        }
        List<Integer> order = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) order.add(i);
        if (!plan.orderBy().isEmpty()) order.sort(rowOrder(plan.orderBy(), sortKeys));
        List<Object[]> result = new ArrayList<>(out.size());
        Set<List<Object>> seen = plan.distinct() ? new HashSet<>() : null;
        long skipped = 0;
        for (int i : order) {
            Object[] r = out.get(i);
            if (seen != null && !seen.add(normalized(r))) continue;
            if (skipped < plan.offset()) {
                skipped++;
                continue;
            }
            if (plan.limit() >= 0 && result.size() >= plan.limit()) break;
            for (int c = 0; c < r.length; c++) r[c] = CollatedString.unwrap(r[c]);
            result.add(r);
        }
        return result;
    }

    static List<Object> normalized(Object[] row) {
        Object[] n = new Object[row.length];
        for (int i = 0; i < row.length; i++) n[i] = SqlValues.groupKey(row[i]);
        return Arrays.asList(n);
    }

    private static Comparator<Integer> rowOrder(List<SortKey> keys, List<Object[]> values) {
        return (a, b) -> compareKeys(keys, values.get(a), values.get(b));
    }

    /** Compares two rows' sort key values as the ORDER BY says (direction, NULL placement). */
    static int compareKeys(List<SortKey> keys, Object[] a, Object[] b) {
        for (int k = 0; k < keys.size(); k++) {
            SortKey key = keys.get(k);
            Object x = a[k], y = b[k];
            int c;
            if (x == null || y == null) {
                if (x == y) continue;
                c = (x == null) == key.nullsFirst() ? -1 : 1;
                if (c != 0) return c; // NULL placement does not flip with DESC: it is already resolved
            }
            c = SqlValues.compare(x, y);
            if (c != 0) return key.descending() ? -c : c;
        }
        return 0;
    }

    /** Evaluates sort keys over plain row values (streaming merge: the values are the hidden columns). */
    static Object[] evalKeys(List<SortKey> keys, Object[] hidden, Object[] params) throws SQLException {
        Object[] out = new Object[keys.size()];
        for (int k = 0; k < out.length; k++) {
            Expr e = keys.get(k).value();
            out[k] = e.eval(hidden, params);
        }
        return out;
    }
}
