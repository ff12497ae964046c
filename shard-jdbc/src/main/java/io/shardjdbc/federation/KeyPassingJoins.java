package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.enumerable.EnumerableTableScan;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Turns hash joins of the physical plan into {@link KeyPassingJoin}s where one side is a scan of a
 * table whose join columns can carry key lists: the other side runs first and the scan reads only
 * the rows with its keys. Of two scans, the one the planner expects to be larger receives the keys
 * of the other. Outer joins pass keys only from the side whose rows they keep.
 */
final class KeyPassingJoins {
    private KeyPassingJoins() { }

    /** The plan with key-passing joins where they apply. */
    static RelNode apply(RelNode rel, Dialect dialect) {
        List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (RelNode in : rel.getInputs()) {
            RelNode n = apply(in, dialect);
            inputs.add(n);
            changed |= n != in;
        }
        if (changed) rel = rel.copy(rel.getTraitSet(), inputs);
        if (rel instanceof EnumerableHashJoin j) {
            RelNode k = keyPassing(j, dialect);
            if (k != null) return k;
        }
        return rel;
    }

    /** A scan that can receive keys: its table, filters and columns. */
    private record Probe(TableScan scan, LogicalTable table, List<RexNode> filters, int[] projects, int[] columns) { }

    private static RelNode keyPassing(EnumerableHashJoin j, Dialect dialect) {
        JoinInfo info = j.analyzeCondition();
        // a null-safe key (IS NOT DISTINCT FROM, <=>) matches NULL to NULL, which no IN list of keys can pass
        if (!info.isEqui() || info.leftKeys.isEmpty() || info.nullExclusionFlags.contains(false)) return null;
        Probe left = probe(j.getLeft(), info.leftKeys.toIntArray(), j.getRight(), info.rightKeys.toIntArray(), dialect);
        Probe right = probe(j.getRight(), info.rightKeys.toIntArray(), j.getLeft(), info.leftKeys.toIntArray(), dialect);
        JoinRelType type = j.getJoinType();
        boolean probeIsRight;
        switch (type) {
            case INNER -> {
                if (left == null && right == null) return null;
                if (left != null && right != null) {
                    RelMetadataQuery mq = j.getCluster().getMetadataQuery();
                    Double l = mq.getRowCount(j.getLeft()), r = mq.getRowCount(j.getRight());
                    probeIsRight = l == null || r == null || r >= l;
                } else {
                    probeIsRight = right != null;
                }
            }
            case LEFT, SEMI, ANTI -> {
                if (right == null) return null;
                probeIsRight = true;
            }
            case RIGHT -> {
                if (left == null) return null;
                probeIsRight = false;
            }
            default -> {
                return null;
            }
        }
        Probe p = probeIsRight ? right : left;
        RelNode build = probeIsRight ? j.getLeft() : j.getRight();
        int[] buildKeys = (probeIsRight ? info.leftKeys : info.rightKeys).toIntArray();
        int[] probeKeys = (probeIsRight ? info.rightKeys : info.leftKeys).toIntArray();
        KeyPassing passing = new KeyPassing(p.table(), p.filters(), p.projects(), p.columns(), buildKeys, probeKeys, type,
                probeIsRight);
        return new KeyPassingJoin(j.getCluster(), j.getTraitSet(), build, passing, p.scan(), j.getRowType());
    }

    /** The scan {@code n} as a receiver of keys at {@code keys} (from {@code other}'s {@code otherKeys}), or null. */
    private static Probe probe(RelNode n, int[] keys, RelNode other, int[] otherKeys, Dialect dialect) {
        TableScan scan;
        List<RexNode> filters;
        int[] projects;
        if (n instanceof EnumerableInterpreter ei && ei.getInput() instanceof Bindables.BindableTableScan b) {
            scan = b;
            filters = b.filters;
            projects = b.projects.isEmpty() ? null : b.projects.toIntArray();
        } else if (n instanceof EnumerableTableScan s) {
            scan = s;
            filters = List.of();
            projects = null;
        } else {
            return null;
        }
        LogicalTable t = scan.getTable().unwrap(LogicalTable.class);
        // a grouped scan is folded by an aggregate above it, so it is never a join's input itself
        if (t == null || t.grouping() != null) return null;
        if (projects == null) projects = t.allColumns();
        FilterSql writer = new FilterSql(dialect, t.columns(), scan.getCluster().getRexBuilder(), null);
        for (RexNode f : filters) if (!writer.writable(t.expand(f))) return null;
        int[] columns = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            int column = projects[keys[i]];
            if (column >= t.columns().size()) return null; // a computed column: the shards would compute it per key
            columns[i] = column;
            SqlTypeName mine = n.getRowType().getFieldList().get(keys[i]).getType().getSqlTypeName();
            SqlTypeName theirs = other.getRowType().getFieldList().get(otherKeys[i]).getType().getSqlTypeName();
            if (!passable(mine, dialect) || mine.getFamily() != theirs.getFamily()) return null;
        }
        return new Probe(scan, t, filters, projects, columns);
    }

    /**
     * Key types whose values the driver compares as the database does: exact numbers, and text on
     * PostgreSQL (MySQL collations equate different strings).
     */
    private static boolean passable(SqlTypeName t, Dialect dialect) {
        if (SqlTypeName.INT_TYPES.contains(t) || t == SqlTypeName.DECIMAL) return true;
        return dialect != Dialect.MYSQL && t.getFamily() == SqlTypeFamily.CHARACTER;
    }
}
