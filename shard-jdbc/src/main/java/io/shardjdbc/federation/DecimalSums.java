package io.shardjdbc.federation;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Gives each SUM whose result is a DECIMAL over a non-decimal argument (a SUM of BIGINT, see
 * {@link FederationTypeSystem}) its argument cast to that DECIMAL: Calcite's generated SUM adds
 * values of its result type and cannot add a long to a BigDecimal.
 */
final class DecimalSums extends RelHomogeneousShuttle {

    /** The program step that casts such sums' arguments. */
    static org.apache.calcite.tools.Program program() {
        return (planner, rel, traits, materializations, lattices) -> rel.accept(new DecimalSums());
    }

    @Override
    public RelNode visit(RelNode other) {
        RelNode n = super.visit(other);
        return n instanceof LogicalAggregate a ? castArguments(a) : n;
    }

    private static RelNode castArguments(LogicalAggregate aggregate) {
        RelNode input = aggregate.getInput();
        int width = input.getRowType().getFieldCount();
        RexBuilder rb = aggregate.getCluster().getRexBuilder();
        List<RexNode> projects = new ArrayList<>();
        for (int i = 0; i < width; i++) projects.add(rb.makeInputRef(input, i));
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (!needsCast(call, input)) {
                calls.add(call);
                continue;
            }
            int arg = call.getArgList().get(0);
            RexNode value = rb.makeInputRef(input, arg);
            projects.add(rb.makeCast(aggregate.getCluster().getTypeFactory().createTypeWithNullability(call.getType(),
                    value.getType().isNullable()), value));
            calls.add(call.copy(List.of(projects.size() - 1), call.filterArg, call.distinctKeys, call.collation));
        }
        if (projects.size() == width) return aggregate;
        RelNode cast = LogicalProject.create(input, List.of(), projects, (List<String>) null, java.util.Set.of());
        RelNode out = LogicalAggregate.create(cast, aggregate.getHints(), aggregate.getGroupSet(), aggregate.getGroupSets(), calls);
        return RelOptUtil.areRowTypesEqual(out.getRowType(), aggregate.getRowType(), false) ? out : aggregate;
    }

    private static boolean needsCast(AggregateCall call, RelNode input) {
        SqlKind k = call.getAggregation().getKind();
        if ((k != SqlKind.SUM && k != SqlKind.SUM0) || call.getArgList().size() != 1) return false;
        SqlTypeName arg = input.getRowType().getFieldList().get(call.getArgList().get(0)).getType().getSqlTypeName();
        return call.getType().getSqlTypeName() == SqlTypeName.DECIMAL && arg != SqlTypeName.DECIMAL;
    }
}
