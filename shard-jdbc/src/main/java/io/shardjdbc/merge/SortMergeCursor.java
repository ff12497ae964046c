package io.shardjdbc.merge;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.mergeplan.CollatedString;
import io.shardjdbc.mergeplan.MergePlan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The streaming merge: a k-way merge of the shards' sorted streams on the hidden ORDER BY columns
 * (each shard sorts its own rows), with DISTINCT, OFFSET and LIMIT applied as rows pass. It holds
 * one row per shard (and, for DISTINCT, the set of rows returned so far, bounded by the cap). Every
 * row is a physical row, so getters read the current shard's result set directly.
 */
public final class SortMergeCursor implements ShardCursor {
    private final ResultSet[] parts;
    private final String[] shardNames;
    private final MergePlan plan;
    private final TextOrder textOrder;
    private final long maxRows;
    private final long cap;
    private final int visible;
    private final int firstHidden;
    private final Object[][] keys;
    private final PriorityQueue<Integer> heads;
    private final Set<java.util.List<Object>> seen;
    private int current;
    private boolean started;
    private boolean afterLast;
    private long row;
    private long skipped;

    /**
     * @param parts      the shard results, each sorted by the plan's keys, with the hidden columns last
     * @param shardNames the shard of each part
     * @param plan       a streaming merge plan
     * @param maxRows    the statement's row limit, 0 for none
     * @param cap        the most rows DISTINCT may remember
     * @param textOrder  whether strings may be ordered by the merge
     */
    public SortMergeCursor(List<ResultSet> parts, List<String> shardNames, MergePlan plan, long maxRows, long cap,
                           TextOrder textOrder) throws SQLException {
        this.textOrder = textOrder;
        this.parts = parts.toArray(new ResultSet[0]);
        this.shardNames = shardNames.toArray(new String[0]);
        this.plan = plan;
        this.maxRows = maxRows;
        this.cap = cap;
        int total = this.parts[0].getMetaData().getColumnCount();
        this.visible = total - plan.hiddenColumns();
        this.firstHidden = visible + 1;
        this.keys = new Object[this.parts.length][];
        this.heads = new PriorityQueue<>(Math.max(1, this.parts.length), (a, b) -> {
            int c = GroupedMerge.compareKeys(plan.orderBy(), keys[a], keys[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        this.seen = plan.distinct() ? new HashSet<>() : null;
    }

    @Override
    public int hiddenColumns() { return plan.hiddenColumns(); }

    @Override
    public boolean next() throws SQLException {
        if (afterLast) return false;
        long limit = plan.limit() < 0 ? Long.MAX_VALUE : plan.limit();
        if (maxRows > 0) limit = Math.min(limit, maxRows);
        if (row >= limit) return finish();
        while (true) {
            if (!advance()) return finish();
            if (seen != null) {
                Object[] values = new Object[visible];
                for (int i = 0; i < visible; i++) {
                    values[i] = parts[current].getObject(i + 1);
                    if (!plan.visibleWeights().isEmpty()) {
                        // equal under the collation is one row (MySQL/MariaDB: 'a' and 'A' under a _ci collation)
                        values[i] = CollatedString.of(values[i], parts[current].getObject(firstHidden + plan.visibleWeights().get(i)));
                    }
                }
                if (!seen.add(GroupedMerge.normalized(values))) continue;
                if (seen.size() > cap) throw MergeLimits.tooMany("distinct rows", cap);
            }
            if (skippedEnough()) break;
        }
        row++;
        return true;
    }

    private boolean skippedEnough() {
        if (skipped < plan.offset()) {
            skipped++;
            return false;
        }
        return true;
    }

    /** Moves the merge to the next row in order; false when every shard is exhausted. */
    private boolean advance() throws SQLException {
        if (!started) {
            started = true;
            for (int p = 0; p < parts.length; p++) pull(p);
        } else {
            pull(current);
        }
        Integer next = heads.poll();
        if (next == null) return false;
        current = next;
        return true;
    }

    private void pull(int p) throws SQLException {
        try {
            if (parts[p].next()) {
                Object[] hidden = new Object[plan.hiddenColumns()];
                for (int i = 0; i < hidden.length; i++) hidden[i] = parts[p].getObject(firstHidden + i);
                keys[p] = GroupedMerge.evalKeys(plan.orderBy(), hidden, plan.parameters());
                if (parts.length > 1) for (Object k : keys[p]) textOrder.check(k);
                heads.add(p);
            }
        } catch (SQLException e) {
            throw ShardErrors.fromShard(shardNames[p], e);
        }
    }

    private boolean finish() {
        afterLast = true;
        return false;
    }

    @Override public ResultSet current() { return parts[current]; }

    @Override public String currentShard() { return shardNames[current]; }

    @Override public long row() { return afterLast ? 0 : row; }

    @Override public boolean isAfterLast() { return afterLast && row > 0; }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        if (started) return false;
        for (ResultSet rs : parts) if (rs.isBeforeFirst()) return true;
        return false;
    }

    @Override
    public boolean isLast() throws SQLException {
        if (row == 0 || afterLast) return false;
        if (plan.limit() >= 0 && row == plan.limit() || maxRows > 0 && row == maxRows) return true;
        return heads.isEmpty() && parts[current].isLast() && seen == null;
    }

    @Override public ResultSet[] parts() { return parts; }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (ResultSet rs : parts) {
            try {
                rs.close();
            } catch (SQLException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
