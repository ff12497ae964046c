package io.shardjdbc.merge;

import io.shardjdbc.errors.ShardErrors;
import io.shardjdbc.mergeplan.MergePlan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ORDER BY ... LIMIT across shards whose text order only the database knows (a linguistic
 * collation such as ICU en-US or en_US.UTF-8, see {@link TextOrder}): each shard returns at most
 * OFFSET + LIMIT rows in its own order, so the rows are few; their distinct text sort values are sent
 * to one shard, which ranks them by the same collation, and the merge orders the rows by those ranks.
 * The result is the database's own order, exactly, without reproducing the collation in Java.
 */
public final class CollatedTopRows {
    /** Ranks of text values in the database's order: equal values the same rank, a smaller rank first. */
    public interface Ranks {
        Map<String, Integer> of(Set<String> values) throws SQLException;
    }

    private CollatedTopRows() { }

    /**
     * The merged page's visible rows.
     *
     * @param parts      the shard results, each sorted by the plan's keys, hidden columns last
     * @param shardNames the shard of each part
     * @param plan       a streaming merge plan with a LIMIT
     * @param maxRows    the statement's row limit, 0 for none
     * @param cap        the most rows the merge may hold
     */
    public static List<Object[]> merge(List<ResultSet> parts, List<String> shardNames, MergePlan plan, long maxRows, long cap,
                                       Ranks ranks) throws SQLException {
        int total = parts.get(0).getMetaData().getColumnCount();
        int visible = total - plan.hiddenColumns();
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> keys = new ArrayList<>();
        Set<String> texts = new LinkedHashSet<>();
        for (int p = 0; p < parts.size(); p++) {
            ResultSet rs = parts.get(p);
            try {
                while (rs.next()) {
                    if (rows.size() >= cap) throw MergeLimits.tooMany("rows", cap);
                    Object[] row = new Object[visible];
                    for (int i = 0; i < visible; i++) row[i] = rs.getObject(i + 1);
                    Object[] hidden = new Object[plan.hiddenColumns()];
                    for (int i = 0; i < hidden.length; i++) hidden[i] = rs.getObject(visible + 1 + i);
                    Object[] k = GroupedMerge.evalKeys(plan.orderBy(), hidden, plan.parameters());
                    for (Object v : k) if (v instanceof String s) texts.add(s);
                    rows.add(row);
                    keys.add(k);
                }
            } catch (SQLException e) {
                throw ShardErrors.fromShard(shardNames.get(p), e);
            }
        }
        Map<String, Integer> rank = texts.isEmpty() ? Map.of() : ranks.of(texts);
        for (Object[] k : keys) {
            for (int i = 0; i < k.length; i++) if (k[i] instanceof String s) k[i] = rank.get(s);
        }
        List<Integer> order = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) order.add(i);
        // a stable sort: rows equal under the ORDER BY keep the shards' order, as the streaming merge does
        order.sort((a, b) -> GroupedMerge.compareKeys(plan.orderBy(), keys.get(a), keys.get(b)));
        long limit = plan.limit();
        if (maxRows > 0) limit = Math.min(limit, maxRows);
        Set<List<Object>> seen = plan.distinct() ? new HashSet<>() : null;
        List<Object[]> out = new ArrayList<>();
        long skipped = 0;
        for (int i : order) {
            if (out.size() >= limit) break;
            Object[] row = rows.get(i);
            if (seen != null && !seen.add(GroupedMerge.normalized(row))) continue;
            if (skipped < plan.offset()) {
                skipped++;
                continue;
            }
            out.add(row);
        }
        return out;
    }
}
