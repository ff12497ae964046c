package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Moves an aggregate over an inner equi-join below the join, onto the side that holds every
 * aggregated value: that side is grouped by its join keys (and the query's keys it holds) with
 * partial aggregates ({@link AggregateFold}), and the aggregate over the join folds the partials.
 * The other side keeps its rows, so each of its rows meets one group and nothing is counted twice
 * (Calcite's {@code AggregateJoinTransposeRule} aggregates both sides and multiplies counts, with
 * types of its own). The split is made only where the side's aggregate becomes the shards' GROUP BY
 * (a grouped scan, or a further split below), so that the shards send groups instead of rows.
 */
final class JoinAggregateSplit {
    private JoinAggregateSplit() { }

    /**
     * The aggregate split below its join, the side's new aggregate passed through {@code pushBelow};
     * null when the aggregate does not sit on an inner equi-join, does not fold exactly, or
     * {@code pushBelow} returns the side's aggregate unchanged.
     */
    static RelNode split(Aggregate aggregate, Dialect dialect, Function<Aggregate, RelNode> pushBelow) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE || !(aggregate.getInput() instanceof Join join)
                || join.getJoinType() != JoinRelType.INNER) {
            return null;
        }
        JoinInfo info = JoinInfo.createWithStrictEquality(join.getLeft(), join.getRight(), join.getCondition());
        if (!info.isEqui() || info.leftKeys.isEmpty()) return null;
        int leftCount = join.getLeft().getRowType().getFieldCount();
        List<RelDataType> fields = new ArrayList<>();
        for (var f : join.getRowType().getFieldList()) fields.add(f.getType());

        Boolean onRight = null; // the side every aggregated value comes from
        List<AggregateFold> folds = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            Integer arg = call.getArgList().isEmpty() ? null : call.getArgList().get(0);
            AggregateFold fold = AggregateFold.of(call, arg == null ? null : fields.get(arg));
            if (fold == null) return null;
            folds.add(fold);
            if (arg == null) continue;
            boolean right = arg >= leftCount;
            if (onRight != null && onRight != right) return null;
            onRight = right;
        }
        if (onRight == null) onRight = aggregate.getGroupSet().asList().stream().allMatch(g -> g < leftCount); // COUNT(*) only
        boolean right = onRight;
        int offset = right ? leftCount : 0;
        RelNode side = right ? join.getRight() : join.getLeft();

        // the side's groups: its join keys and the query's keys it holds
        ImmutableBitSet.Builder sideKeys = ImmutableBitSet.builder();
        sideKeys.addAll(right ? info.rightKeys : info.leftKeys);
        for (int g : aggregate.getGroupSet()) if ((g >= leftCount) == right) sideKeys.set(g - offset);
        ImmutableBitSet sideGroup = sideKeys.build();
        List<AggregateCall> partialCalls = new ArrayList<>();
        for (AggregateFold fold : folds) {
            List<Integer> arg = fold.call().getArgList().isEmpty() ? List.of() : List.of(fold.call().getArgList().get(0) - offset);
            for (int i = 0; i < fold.partials().size(); i++) partialCalls.add(fold.partialCall(i, arg, sideGroup.cardinality(), side));
        }
        Aggregate sideAggregate = LogicalAggregate.create(side, aggregate.getHints(), sideGroup, null, partialCalls);
        RelNode newSide = pushBelow.apply(sideAggregate);
        if (newSide == sideAggregate) return null; // no shard groups for it: the plan stays as it was

        RelNode left = right ? join.getLeft() : newSide;
        RelNode rightInput = right ? newSide : join.getRight();
        int newLeftCount = left.getRowType().getFieldCount();
        RexBuilder rb = aggregate.getCluster().getRexBuilder();
        List<RexNode> equalities = new ArrayList<>();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            int l = right ? info.leftKeys.get(i) : sideGroup.indexOf(info.leftKeys.get(i));
            int r = newLeftCount + (right ? sideGroup.indexOf(info.rightKeys.get(i)) : info.rightKeys.get(i));
            equalities.add(rb.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS,
                    rb.makeInputRef(left.getRowType().getFieldList().get(l).getType(), l),
                    rb.makeInputRef(rightInput.getRowType().getFieldList().get(r - newLeftCount).getType(), r)));
        }
        Join newJoin = join.copy(join.getTraitSet(), org.apache.calcite.rex.RexUtil.composeConjunction(rb, equalities),
                left, rightInput, JoinRelType.INNER, join.isSemiJoinDone());

        // the query's keys and the partials at their places in the new join's row
        ImmutableBitSet.Builder group = ImmutableBitSet.builder();
        for (int g : aggregate.getGroupSet()) {
            boolean onSide = (g >= leftCount) == right;
            int sideStart = right ? newLeftCount : 0;
            group.set(onSide ? sideStart + sideGroup.indexOf(g - offset) : right ? g : newLeftCount + g - leftCount);
        }
        int partialStart = (right ? newLeftCount : 0) + sideGroup.cardinality();
        return AggregatePushdown.fold(aggregate, newJoin, group.build(), partialStart, folds, dialect);
    }
}
