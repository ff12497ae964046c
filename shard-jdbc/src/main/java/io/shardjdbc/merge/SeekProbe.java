package io.shardjdbc.merge;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.mergeplan.MergePlan;
import io.shardjdbc.mergeplan.PageSeek;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One deep page fetched by seek (see {@link PageSeek}): reads the probe windows, gives the key
 * bounds of the second round, and from the rows of both rounds works out how many rows precede the
 * lower bound on every shard, so the merged page starts exactly at the offset.
 *
 * <p>Why it is exact: let {@code m} be the probe offset and {@code p} a shard's first probe key.
 * The shard's rows before the lower bound {@code s <= p} are its {@code m} rows before position
 * {@code m}, less those of them with keys in {@code [s, p]}; the second round returns all of those
 * (its keys run from {@code s} to {@code e >= p}), and the ones equal to {@code p} that sit before
 * position {@code m} are those the second round has beyond the probe's own (the probe window holds
 * the whole run of {@code p} from position {@code m} on, or the seek is abandoned). Every shard
 * contributes all its rows in {@code [s, e]}, and at least {@code offset + limit} rows in all are
 * at or below {@code e}, so the merged rows from the lower bound on hold the whole page. Not thread
 * safe; one per execution.
 */
public final class SeekProbe {
    /** The most rows the second round may hold before the seek is abandoned for the streaming merge. */
    public static final int ROW_BUDGET = 100_000;

    private final MergePlan plan;
    private final PageSeek seek;
    private final int visible;
    private final List<List<Object[]>> probeRows = new ArrayList<>();
    private final Object[] firstKey;
    private final int[] runOfFirst;
    private Object lower;
    private Object upper;
    private boolean usable = true;
    private long rowsFetched;

    private SeekProbe(MergePlan plan, int shards, int visible) {
        this.plan = plan;
        this.seek = plan.seek();
        this.visible = visible;
        this.firstKey = new Object[shards];
        this.runOfFirst = new int[shards];
    }

    /** Reads (and closes) the probe results, one per shard in unit order. */
    public static SeekProbe probe(MergePlan plan, List<ResultSet> probes, List<String> shards) throws SQLException {
        int total = probes.get(0).getMetaData().getColumnCount();
        SeekProbe page = new SeekProbe(plan, probes.size(), total - plan.hiddenColumns());
        for (int i = 0; i < probes.size(); i++) {
            try (ResultSet rs = probes.get(i)) {
                page.probeRows.add(page.read(rs, shards.get(i), Long.MAX_VALUE));
            }
        }
        page.bound();
        return page;
    }

    private void bound() throws SQLException {
        for (int i = 0; i < probeRows.size(); i++) {
            List<Object[]> rows = probeRows.get(i);
            if (rows.isEmpty()) continue;
            Object first = key(rows.get(0));
            Object last = key(rows.get(rows.size() - 1));
            if (literal(first) == null || literal(last) == null) {
                usable = false; // a NULL, a string or a float: the bounds could not be written exactly
                return;
            }
            int run = 0;
            for (Object[] r : rows) if (compare(key(r), first) == 0) run++;
            // a full window of one key: rows equal to it may continue past the window, so its count is unknown
            if (run == rows.size() && rows.size() == seek.window()) {
                usable = false;
                return;
            }
            firstKey[i] = first;
            runOfFirst[i] = run;
            if (lower == null || compare(first, lower) < 0) lower = first;
            if (upper == null || compare(last, upper) > 0) upper = last;
        }
        if (lower == null) usable = false; // every shard holds fewer rows than its share of the offset
    }

    /** False when the page must be fetched the ordinary way. */
    public boolean usable() { return usable; }

    /** True when the shard's probe came back empty: it holds at most the probe offset's rows, fetched whole. */
    public boolean probedEmpty(int shard) { return probeRows.get(shard).isEmpty(); }

    /** The second round's SQL for a shard whose probe returned rows. */
    public String fetchSql() {
        return seek.fetchSql(literal(lower), literal(upper), plan.orderBy().get(0).descending());
    }

    /** Rows read from the shards by the probe and the second round so far. */
    public long rowsFetched() { return rowsFetched; }

    /**
     * The page over the second round's results (read and closed here), or null when they cannot
     * hold it exactly (rows changed between the rounds, or too few rows under the upper bound) or
     * exceed {@link #ROW_BUDGET}.
     */
    public ShardCursor page(List<ResultSet> fetched, List<String> shards, long maxRows, long cap, TextOrder textOrder)
            throws SQLException {
        int total = fetched.get(0).getMetaData().getColumnCount();
        ResultSetMetaData meta = MetaDataSnapshot.of(fetched.get(0).getMetaData(), total); // one copy for every shard's rows
        List<ResultSet> parts = new ArrayList<>(fetched.size());
        long before = 0;
        long covered = 0;
        long budget = ROW_BUDGET;
        for (int i = 0; i < fetched.size(); i++) {
            List<Object[]> rows;
            try (ResultSet rs = fetched.get(i)) {
                rows = read(rs, shards.get(i), budget);
            }
            if (rows == null) return null;
            budget -= rows.size();
            List<Object[]> probe = probeRows.get(i);
            long precede;
            if (probe.isEmpty()) {
                int k = 0;
                while (k < rows.size() && compare(key(rows.get(k)), lower) < 0) k++;
                precede = k;
                for (Object[] r : rows) if (compare(key(r), upper) <= 0) covered++;
                rows = rows.subList(k, rows.size());
            } else {
                long beforeFirst = 0;
                long equalFirst = 0;
                for (Object[] r : rows) {
                    int c = compare(key(r), firstKey[i]);
                    if (c < 0) beforeFirst++;
                    else if (c == 0) equalFirst++;
                }
                precede = seek.shardOffset() - beforeFirst - (equalFirst - runOfFirst[i]);
                if (precede < 0 || equalFirst < runOfFirst[i]) return null; // the shard changed between the rounds
                covered += seek.shardOffset() + probe.size();
            }
            before += precede;
            parts.add(new RowsResultSet(meta, total, rows));
        }
        if (covered < plan.offset() + plan.limit() || before > plan.offset()) return null;
        return new SortMergeCursor(parts, shards, plan.withOffset(plan.offset() - before), maxRows, cap, textOrder);
    }

    /** The rows of a result, every column; null past the budget. */
    private List<Object[]> read(ResultSet rs, String shard, long budget) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                if (rows.size() >= budget) return null;
                Object[] row = new Object[n];
                for (int c = 0; c < n; c++) row[c] = rs.getObject(c + 1);
                rows.add(row);
            }
        } catch (SQLException e) {
            throw ShardErrors.fromShard(shard, e);
        }
        rowsFetched += rows.size();
        return rows;
    }

    private Object key(Object[] row) throws SQLException {
        Object[] hidden = new Object[plan.hiddenColumns()];
        System.arraycopy(row, visible, hidden, 0, hidden.length);
        return GroupedMerge.evalKeys(plan.orderBy(), hidden, plan.parameters())[0];
    }

    /** Order of two keys as the sort puts them (direction and NULL placement included). */
    private int compare(Object a, Object b) {
        return GroupedMerge.compareKeys(plan.orderBy(), new Object[] {a}, new Object[] {b});
    }

    /** The key as an SQL literal both PostgreSQL and MySQL read exactly, or null when there is none. */
    static String literal(Object key) {
        if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte
                || key instanceof BigInteger) {
            return key.toString();
        }
        if (key instanceof BigDecimal d) return d.toPlainString();
        if (key instanceof java.sql.Date d) return "DATE '" + d + "'";
        if (key instanceof LocalDate d && d.getYear() >= 1 && d.getYear() <= 9999) return "DATE '" + d + "'";
        return null;
    }
}
