package io.shardjdbc.federation;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A join whose other side is a table scan that reads only the rows matching the keys of this
 * join's input (semi-join reduction): the input runs first, its distinct join keys go to the
 * scanned table's shards as IN lists ({@link KeyPassing}), and the driver joins the rows. Its row
 * type is the replaced join's, whichever side the scan was on.
 */
final class KeyPassingJoin extends SingleRel implements EnumerableRel {
    private static final java.lang.reflect.Method ROWS =
            org.apache.calcite.linq4j.tree.Types.lookupMethod(KeyPassing.class, "rows", org.apache.calcite.DataContext.class,
                    org.apache.calcite.linq4j.Enumerable.class);
    private final KeyPassing passing;
    private final TableScan scan;
    private final RelDataType joinRowType;

    KeyPassingJoin(RelOptCluster cluster, RelTraitSet traits, RelNode input, KeyPassing passing, TableScan scan,
                   RelDataType joinRowType) {
        super(cluster, traits, input);
        this.passing = passing;
        this.scan = scan;
        this.joinRowType = joinRowType;
    }

    /** What runs when the join runs. */
    KeyPassing passing() { return passing; }

    /** The scan of the table the keys go to, as the planner chose it. */
    TableScan scan() { return scan; }

    @Override
    protected RelDataType deriveRowType() {
        return joinRowType;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new KeyPassingJoin(getCluster(), traitSet, sole(inputs), passing, scan, joinRowType);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("keysTo", passing.probe().name())
                .item("columns", java.util.Arrays.toString(passing.probeColumns()));
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        BlockBuilder builder = new BlockBuilder();
        Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
        Expression rows = builder.append("keyRows", input.block);
        Expression arrays = input.physType.convertTo(rows, JavaRowFormat.ARRAY);
        Expression passingExpr = implementor.stash(passing, KeyPassing.class);
        builder.add(Expressions.return_(null,
                Expressions.call(passingExpr, ROWS, implementor.getRootExpression(), arrays)));
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY, false);
        return implementor.result(physType, builder.toBlock());
    }
}
