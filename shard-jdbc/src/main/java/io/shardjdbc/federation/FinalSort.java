package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.merge.TextOrder;
import io.shardjdbc.mergeplan.SqlValues;
import io.shardjdbc.route.Parameters;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * The query's own ORDER BY (with its LIMIT/OFFSET) over text, done by the driver instead of
 * Calcite. PostgreSQL under the C / C.UTF-8 collations orders text by code point, Java (and so
 * Calcite) by UTF-16 unit, which differ for characters above U+FFFF; MySQL/MariaDB order text by
 * the column's collation, so there the sort key is the collation weight the shard computes
 * ({@link CollationWeights}). The plan without its final sort returns the sort keys as hidden
 * trailing columns; the rows are held (counted against the row budget), sorted, cut, and the
 * hidden columns dropped.
 *
 * @param plan         the plan without the final sort (its last {@code keys.size()} columns are the keys, when hidden)
 * @param visible      columns the application sees
 * @param keys         the sort keys over the plan's columns
 * @param offset       OFFSET (a literal or parameter), or null
 * @param fetch        LIMIT (a literal or parameter), or null
 * @param nullsSmallest where an unspecified NULL order puts NULLs: first ascending (MySQL) or last (PostgreSQL)
 */
record FinalSort(RelNode plan, int visible, List<RelFieldCollation> keys, RexNode offset, RexNode fetch, boolean nullsSmallest) {
    /**
     * The final sort of a PostgreSQL or MySQL plan when it orders by text, or null when Calcite may
     * sort (no final sort, or no text key).
     */
    static FinalSort of(RelNode logical, Dialect dialect) {
        if (dialect == Dialect.H2) return null;
        boolean weights = dialect == Dialect.MYSQL;
        Project project = logical instanceof Project p && p.getInput() instanceof Sort ? p : null;
        RelNode top = project != null ? project.getInput() : logical;
        if (!(top instanceof Sort sort)) return null;
        List<RelDataTypeField> fields = sort.getRowType().getFieldList();
        boolean text = false;
        for (RelFieldCollation fc : sort.getCollation().getFieldCollations()) {
            text |= fields.get(fc.getFieldIndex()).getType().getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER;
        }
        if (!text) return null;
        RelNode input = sort.getInput();
        if (project == null && !weights) {
            return new FinalSort(input, fields.size(), sort.getCollation().getFieldCollations(), sort.offset, sort.fetch, false);
        }
        // the projection over the sort's input, with the sort keys appended as hidden columns
        List<RexNode> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (project != null) {
            exprs.addAll(project.getProjects());
            names.addAll(project.getRowType().getFieldNames());
        } else {
            CollationWeights.passThrough(fields, exprs, names);
        }
        int visible = exprs.size();
        RexBuilder rb = sort.getCluster().getRexBuilder();
        List<RelFieldCollation> keys = new ArrayList<>();
        for (RelFieldCollation fc : sort.getCollation().getFieldCollations()) {
            keys.add(fc.withFieldIndex(exprs.size()));
            RexNode key = new RexInputRef(fc.getFieldIndex(), fields.get(fc.getFieldIndex()).getType());
            exprs.add(weights && textual(key) ? CollationWeights.weight(rb, key) : key);
            names.add("sj_sort" + keys.size());
        }
        RelNode plan = org.apache.calcite.rel.logical.LogicalProject.create(input,
                project == null ? List.of() : project.getHints(), exprs, names,
                project == null ? java.util.Set.of() : project.getVariablesSet());
        return new FinalSort(plan, visible, keys, sort.offset, sort.fetch, weights);
    }

    private static boolean textual(RexNode n) {
        return n.getType().getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER;
    }

    /**
     * Sorts the rows (Calcite's representation) and cuts them by OFFSET/LIMIT: text by code point, or,
     * under a linguistic collation, by the ranks the database gives the rows' distinct text values.
     */
    List<Object[]> apply(List<Object[]> rows, Parameters params, TextOrder textOrder) throws SQLException {
        Map<String, Integer> ranks = null;
        if (!textOrder.byCodePoint()) {
            if (textOrder.ranks() == null) throw textOrder.refusal("ORDER BY over text in a federated query");
            Set<String> texts = new HashSet<>();
            for (Object[] row : rows) {
                for (RelFieldCollation fc : keys) if (row[fc.getFieldIndex()] instanceof String t) texts.add(t);
            }
            ranks = texts.isEmpty() ? Map.of() : textOrder.ranks().of(texts);
        }
        Map<String, Integer> rankOf = ranks;
        Comparator<Object[]> order = null;
        for (RelFieldCollation fc : keys) {
            int i = fc.getFieldIndex();
            boolean desc = fc.direction.isDescending();
            boolean nullsFirst = fc.nullDirection == RelFieldCollation.NullDirection.FIRST
                    || fc.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED && desc != nullsSmallest;
            Comparator<Object[]> c = (a, b) -> {
                Object x = a[i], y = b[i];
                if (x == null || y == null) {
                    if (x == y) return 0;
                    return (x == null) == nullsFirst ? -1 : 1;
                }
                int r = rankOf != null && x instanceof String a1 && y instanceof String b1
                        ? Integer.compare(rankOf.get(a1), rankOf.get(b1)) : SqlValues.compare(x, y);
                return desc ? -r : r;
            };
            order = order == null ? c : order.thenComparing(c);
        }
        rows.sort(order);
        long from = Math.min(rows.size(), number(offset, params, 0));
        long to = fetch == null ? rows.size() : Math.min(rows.size(), from + number(fetch, params, rows.size()));
        return rows.subList((int) from, (int) to);
    }

    private static long number(RexNode n, Parameters params, long absent) throws SQLException {
        if (n == null) return absent;
        Object v = n instanceof RexLiteral lit ? lit.getValueAs(BigDecimal.class)
                : n instanceof RexDynamicParam p ? params.get(p.getIndex() + 1) : null;
        if (!(v instanceof Number num)) {
            throw new SQLException("LIMIT/OFFSET must be a number, not " + v, "22023");
        }
        return Math.max(0, num.longValue());
    }
}
