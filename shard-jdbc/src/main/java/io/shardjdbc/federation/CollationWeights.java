package io.shardjdbc.federation;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Text by MySQL/MariaDB's rules where the driver compares, joins, groups or orders it: the
 * column's collation decides there (the default ones ignore case, accents and trailing spaces),
 * so the plan compares each value's collation weight instead — {@code WEIGHT_STRING}, computed by
 * the shard in the scan that reads the value (see {@link ExpressionPushdown}), as the merge engine
 * does. Rewritten on the logical plan:
 * <ul>
 *   <li>a comparison of two text expressions in a join or filter compares their weights;</li>
 *   <li>GROUP BY / DISTINCT over text groups by the weight and shows one spelling of the group
 *       ({@code ANY_VALUE}, as the database shows whichever row it met);</li>
 *   <li>ORDER BY over text sorts by the weight (byte order is the collation's order).</li>
 * </ul>
 * A weight of a value no shard computes (an aggregate's result, a value joined from two tables)
 * stays in the driver, where {@link Semantics} refuses it.
 */
final class CollationWeights {
    /** The shard's collation weight of a text value; written as SQL by {@link #unparseWeight}. */
    static final SqlFunction WEIGHT = new SqlFunction("WEIGHT_STRING", SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SqlTypeName.VARBINARY).andThen(org.apache.calcite.sql.type.SqlTypeTransforms.TO_NULLABLE),
            null, OperandTypes.CHARACTER, SqlFunctionCategory.STRING) {
        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            unparseWeight(writer, call);
        }
    };

    private CollationWeights() { }

    /**
     * {@code WEIGHT_STRING} of the value without trailing spaces under PAD SPACE collations, where
     * they do not count (the NO PAD ones are MariaDB's {@code _nopad_}, MySQL 8's {@code _0900_} and
     * binary) — the same weight the merge engine asks for.
     */
    private static void unparseWeight(SqlWriter w, SqlCall call) {
        w.print("WEIGHT_STRING(CASE WHEN COLLATION(");
        call.operand(0).unparse(w, 0, 0);
        w.print(") LIKE '%nopad%' OR COLLATION(");
        call.operand(0).unparse(w, 0, 0);
        w.print(") LIKE '%0900%' OR COLLATION(");
        call.operand(0).unparse(w, 0, 0);
        w.print(") = 'binary' THEN ");
        call.operand(0).unparse(w, 0, 0);
        w.print(" ELSE RTRIM(");
        call.operand(0).unparse(w, 0, 0);
        w.print(") END)");
    }

    /**
     * The expression with each weight taken of the text itself, not of a conversion Calcite added
     * between text types (a UNION's common type): on MySQL a CAST to CHAR takes the connection's
     * collation, and the weight must be the column's.
     */
    static RexNode ofColumns(RexNode e) {
        return e.accept(new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                RexCall c = (RexCall) super.visitCall(call);
                if (c.getOperator() != WEIGHT) return c;
                RexNode v = c.getOperands().get(0);
                while (v.getKind() == SqlKind.CAST && Semantics.text(((RexCall) v).getOperands().get(0).getType())) {
                    v = ((RexCall) v).getOperands().get(0);
                }
                return v == c.getOperands().get(0) ? c : c.clone(c.getType(), List.of(v));
            }
        });
    }

    /** The plan comparing, grouping and ordering text by collation weights. */
    static RelNode apply(RelNode plan) {
        // UNION (distinct) as UNION ALL and a DISTINCT aggregate, which groups by the weights below
        org.apache.calcite.plan.hep.HepPlanner unions = new org.apache.calcite.plan.hep.HepPlanner(
                new org.apache.calcite.plan.hep.HepProgramBuilder().addRuleInstance(
                        org.apache.calcite.rel.rules.CoreRules.UNION_TO_DISTINCT).build());
        unions.setRoot(plan);
        java.util.Map<RelNode, java.util.Map<Integer, Integer>> grouped = new java.util.IdentityHashMap<>();
        return unions.findBestExp().accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode n = super.visit(other);
                if (n instanceof LogicalJoin j) return rewriteJoin(j);
                if (n instanceof LogicalFilter f) return rewriteFilter(f);
                if (n instanceof LogicalAggregate a) return rewriteAggregate(a, grouped);
                if (n instanceof LogicalSort s) return rewriteSort(s, grouped);
                if (n instanceof LogicalProject p) return weightsOfGroups(p, grouped);
                return n;
            }
        });
    }

    /**
     * A weight of a text group key above its aggregate (ORDER BY or a comparison of the key after
     * GROUP BY) is the weight the aggregate grouped by: the aggregate's projection passes it on as
     * an extra trailing column (through HAVING filters) and the weight refers to that column.
     */
    private static RelNode weightsOfGroups(LogicalProject p, java.util.Map<RelNode, java.util.Map<Integer, Integer>> grouped) {
        List<LogicalFilter> filters = new ArrayList<>();
        RelNode in = p.getInput();
        while (in instanceof LogicalFilter f) {
            filters.add(f);
            in = f.getInput();
        }
        java.util.Map<Integer, Integer> weightOf = grouped.get(in);
        if (weightOf == null || !(in instanceof LogicalProject top)) return p;
        RelNode agg = top.getInput();
        List<RexNode> widened = new ArrayList<>(top.getProjects());
        List<String> names = new ArrayList<>(top.getRowType().getFieldNames());
        java.util.Map<Integer, Integer> passed = new java.util.HashMap<>();
        RexShuttle refer = new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (call.getOperator() == WEIGHT && call.getOperands().get(0) instanceof RexInputRef ref
                        && weightOf.containsKey(ref.getIndex())) {
                    int w = weightOf.get(ref.getIndex());
                    Integer at = passed.get(w);
                    if (at == null) {
                        at = widened.size();
                        widened.add(new RexInputRef(w, agg.getRowType().getFieldList().get(w).getType()));
                        names.add("sj_weight" + w);
                        passed.put(w, at);
                    }
                    return new RexInputRef(at, call.getType());
                }
                return super.visitCall(call);
            }
        };
        List<RexNode> exprs = new ArrayList<>();
        for (RexNode e : p.getProjects()) exprs.add(e.accept(refer));
        if (passed.isEmpty()) return p;
        RelNode below = LogicalProject.create(agg, List.of(), widened, names, java.util.Set.of());
        for (int i = filters.size() - 1; i >= 0; i--) below = LogicalFilter.create(below, filters.get(i).getCondition());
        return LogicalProject.create(below, p.getHints(), exprs, p.getRowType().getFieldNames(), p.getVariablesSet());
    }

    /** The collation weight of a text value, which the shard reading the value computes. */
    static RexNode weight(RexBuilder rb, RexNode value) {
        return rb.makeCall(rb.getTypeFactory().createTypeWithNullability(
                rb.getTypeFactory().createSqlType(SqlTypeName.VARBINARY), value.getType().isNullable()), WEIGHT, List.of(value));
    }

    /** Comparisons of two text expressions (neither a constant) compare their weights. */
    private static RexNode weighComparisons(RexBuilder rb, RexNode condition) {
        return condition.accept(new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                RexCall c = (RexCall) super.visitCall(call);
                if (!COMPARED.contains(c.getKind()) || c.getOperands().size() != 2) return c;
                RexNode a = c.getOperands().get(0), b = c.getOperands().get(1);
                if (!Semantics.text(a.getType()) || !Semantics.text(b.getType())) return c;
                if (a instanceof RexLiteral || b instanceof RexLiteral || !RexUtil.containsInputRef(a) || !RexUtil.containsInputRef(b)) return c;
                return rb.makeCall(c.getOperator(), weight(rb, a), weight(rb, b));
            }
        });
    }

    private static final java.util.Set<SqlKind> COMPARED = java.util.EnumSet.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS,
            SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL,
            SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM);

    private static RelNode rewriteJoin(LogicalJoin j) {
        RexNode c = weighComparisons(j.getCluster().getRexBuilder(), j.getCondition());
        if (c == j.getCondition()) return j;
        return j.copy(j.getTraitSet(), c, j.getLeft(), j.getRight(), j.getJoinType(), j.isSemiJoinDone());
    }

    private static RelNode rewriteFilter(LogicalFilter f) {
        RexNode c = weighComparisons(f.getCluster().getRexBuilder(), f.getCondition());
        return c == f.getCondition() ? f : f.copy(f.getTraitSet(), f.getInput(), c);
    }

    /**
     * GROUP BY text: the input gains each text key's weight, the aggregate groups by the weights
     * and keeps one spelling per group; a projection restores the aggregate's columns.
     */
    private static RelNode rewriteAggregate(LogicalAggregate a, java.util.Map<RelNode, java.util.Map<Integer, Integer>> grouped) {
        if (a.getGroupType() != Aggregate.Group.SIMPLE) return a;
        List<RelDataTypeField> in = a.getInput().getRowType().getFieldList();
        List<Integer> textKeys = new ArrayList<>();
        for (int k : a.getGroupSet()) if (Semantics.text(in.get(k).getType())) textKeys.add(k);
        if (textKeys.isEmpty()) return a;
        RexBuilder rb = a.getCluster().getRexBuilder();
        List<RexNode> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        passThrough(in, exprs, names);
        ImmutableBitSet.Builder groups = ImmutableBitSet.builder();
        for (int k : a.getGroupSet()) if (!textKeys.contains(k)) groups.set(k);
        for (int k : textKeys) {
            groups.set(exprs.size());
            exprs.add(weight(rb, exprs.get(k)));
            names.add("sj_weight" + k);
        }
        RelNode input = LogicalProject.create(a.getInput(), List.of(), exprs, names, java.util.Set.of());
        List<AggregateCall> calls = new ArrayList<>(a.getAggCallList());
        for (int k : textKeys) {
            calls.add(AggregateCall.create(SqlStdOperatorTable.ANY_VALUE, false, false, false, List.of(), List.of(k), -1, null,
                    org.apache.calcite.rel.RelCollations.EMPTY, in.get(k).getType(), in.get(k).getName()));
        }
        ImmutableBitSet groupSet = groups.build();
        RelNode agg = LogicalAggregate.create(input, List.of(), groupSet, null, calls);
        // the original columns: group keys in index order, then the original aggregates
        List<Integer> newKeys = groupSet.asList();
        List<RexNode> out = new ArrayList<>();
        List<RelDataTypeField> aggFields = agg.getRowType().getFieldList();
        java.util.Map<Integer, Integer> weightOf = new java.util.HashMap<>();
        for (int k : a.getGroupSet()) {
            int pos = textKeys.contains(k)
                    ? newKeys.size() + a.getAggCallList().size() + textKeys.indexOf(k)
                    : newKeys.indexOf(k);
            if (textKeys.contains(k)) weightOf.put(out.size(), newKeys.indexOf(in.size() + textKeys.indexOf(k)));
            out.add(new RexInputRef(pos, aggFields.get(pos).getType()));
        }
        for (int i = 0; i < a.getAggCallList().size(); i++) {
            int pos = newKeys.size() + i;
            out.add(new RexInputRef(pos, aggFields.get(pos).getType()));
        }
        RelNode restored = LogicalProject.create(agg, List.of(), out, a.getRowType().getFieldNames(), java.util.Set.of());
        grouped.put(restored, weightOf);
        return restored;
    }

    /** Every input column as it is: the start of a projection that appends columns. */
    static void passThrough(List<RelDataTypeField> in, List<RexNode> exprs, List<String> names) {
        for (RelDataTypeField f : in) {
            exprs.add(new RexInputRef(f.getIndex(), f.getType()));
            names.add(f.getName());
        }
    }

    /** ORDER BY text sorts by the weights, computed as extra columns the projection above drops. */
    private static RelNode rewriteSort(LogicalSort s, java.util.Map<RelNode, java.util.Map<Integer, Integer>> grouped) {
        List<RelDataTypeField> in = s.getInput().getRowType().getFieldList();
        boolean any = false;
        for (RelFieldCollation fc : s.getCollation().getFieldCollations()) any |= Semantics.text(in.get(fc.getFieldIndex()).getType());
        if (!any) return s;
        RexBuilder rb = s.getCluster().getRexBuilder();
        List<RexNode> exprs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        passThrough(in, exprs, names);
        List<RelFieldCollation> keys = new ArrayList<>();
        for (RelFieldCollation fc : s.getCollation().getFieldCollations()) {
            if (!Semantics.text(in.get(fc.getFieldIndex()).getType())) {
                keys.add(fc);
                continue;
            }
            keys.add(fc.withFieldIndex(exprs.size()));
            exprs.add(weight(rb, exprs.get(fc.getFieldIndex())));
            names.add("sj_weight" + fc.getFieldIndex());
        }
        RelNode input = weightsOfGroups((LogicalProject) LogicalProject.create(s.getInput(), List.of(), exprs, names, java.util.Set.of()), grouped);
        RelNode sorted = LogicalSort.create(input, RelCollations.of(keys), s.offset, s.fetch);
        List<RexNode> out = new ArrayList<>();
        for (RelDataTypeField f : in) out.add(new RexInputRef(f.getIndex(), f.getType()));
        return LogicalProject.create(sorted, List.of(), out, s.getRowType().getFieldNames(), java.util.Set.of());
    }
}
