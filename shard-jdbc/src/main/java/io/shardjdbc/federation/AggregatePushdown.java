package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Lets the shards aggregate: a GROUP BY over one table's rows runs on each shard, which sends one
 * row per group with partial aggregates, and the driver folds the shards' groups (COUNT into a sum
 * of counts, SUM into a sum of sums, MIN and MAX into the extreme of extremes, AVG from the sums
 * and counts with the dialect's division). An aggregate over a join is first split below the join
 * ({@link JoinAggregateSplit}), so a join that groups reads groups instead of rows from the side it
 * aggregates. Runs on the logical plan, after {@link ExpressionPushdown}.
 *
 * <p>Only what folds exactly is pushed: a whole WHERE the shard can evaluate, GROUP BY keys whose
 * equality is the same in the database and in the driver (no text on MySQL/MariaDB, whose collations
 * equate different strings; no floating point), exact numbers in SUM and AVG, MIN and MAX of text
 * only on PostgreSQL and by code point; no DISTINCT, FILTER or grouping sets. Anything else keeps
 * the aggregate in the driver, as before.
 */
final class AggregatePushdown {
    private AggregatePushdown() { }

    /** The program that moves aggregates into the scans of a plan for shards of this dialect. */
    static Program program(Dialect dialect) {
        return (planner, rel, traits, materializations, lattices) -> {
            if (!containsAggregate(rel)) return rel;
            HepPlanner hep = new HepPlanner(new HepProgramBuilder()
                    .addMatchOrder(HepMatchOrder.TOP_DOWN)
                    .addMatchLimit(500)
                    // filters onto the scans, so that each aggregate sits over one table's filtered rows
                    .addRuleCollection(List.of(CoreRules.FILTER_INTO_JOIN, CoreRules.JOIN_CONDITION_PUSH,
                            CoreRules.FILTER_PROJECT_TRANSPOSE, CoreRules.FILTER_MERGE))
                    .addRuleInstance(CoreRules.AGGREGATE_PROJECT_MERGE)
                    .build());
            hep.setRoot(rel);
            return hep.findBestExp().accept(new GroupedScans(dialect));
        };
    }

    /**
     * The aggregate over {@code input} that folds the partials (the input's columns from {@code firstPartial} on, in
     * the folds' order) grouped by {@code group}, cast to the replaced aggregate's row type; null when it cannot be.
     */
    static RelNode fold(Aggregate replaced, RelNode input, ImmutableBitSet group, int firstPartial, List<AggregateFold> folds,
                        Dialect dialect) {
        List<AggregateCall> calls = new ArrayList<>();
        int column = firstPartial;
        for (AggregateFold f : folds) {
            calls.add(f.foldCall(column, dialect, group.cardinality(), input));
            column += f.partials().size();
        }
        RelNode folded = LogicalAggregate.create(input, replaced.getHints(), group, null, calls);
        // a sum of BIGINT partial sums is a DECIMAL to Calcite; the query's SUM of integers and COUNT are BIGINT
        RelNode cast = RelOptUtil.createCastRel(folded, replaced.getRowType(), true);
        return RelOptUtil.areRowTypesEqual(cast.getRowType(), replaced.getRowType(), false) ? cast : null;
    }

    private static boolean containsAggregate(RelNode n) {
        if (n instanceof Aggregate) return true;
        for (RelNode in : n.getInputs()) if (containsAggregate(in)) return true;
        return false;
    }

    /** Replaces aggregates over one table's scan (through a project and a filter or not) with grouped scans. */
    private static final class GroupedScans extends RelHomogeneousShuttle {
        private final Dialect dialect;

        GroupedScans(Dialect dialect) {
            this.dialect = dialect;
        }

        @Override
        public RelNode visit(RelNode other) {
            RelNode n = super.visit(other);
            return n instanceof Aggregate a ? pushed(a) : n;
        }

        /** The aggregate folded from the shards' groups (split below its join first), or itself. */
        private RelNode pushed(Aggregate aggregate) {
            RelNode grouped = groupInScan(aggregate);
            if (grouped == null) grouped = JoinAggregateSplit.split(aggregate, dialect, this::pushed);
            return grouped == null ? aggregate : grouped;
        }

        /** The aggregate as a fold of the shards' groups, or null when it cannot be pushed exactly. */
        private RelNode groupInScan(Aggregate aggregate) {
            if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) return null;
            RelNode input = aggregate.getInput();
            Project project = input instanceof Project p ? p : null;
            RelNode belowProject = project == null ? input : project.getInput();
            Filter filter = belowProject instanceof Filter f ? f : null;
            RelNode below = filter == null ? belowProject : filter.getInput();
            if (!(below instanceof TableScan scan)) return null;
            LogicalTable table = scan.getTable().unwrap(LogicalTable.class);
            if (table == null || table.grouping() != null) return null;

            RexBuilder rb = aggregate.getCluster().getRexBuilder();
            List<RexNode> inputs = new ArrayList<>();
            if (project != null) {
                for (RexNode e : project.getProjects()) inputs.add(table.expand(e));
            } else {
                for (int i = 0; i < scan.getRowType().getFieldCount(); i++) inputs.add(table.expand(rb.makeInputRef(scan, i)));
            }
            RexNode condition = filter == null ? null : table.expand(filter.getCondition());
            FilterSql filters = new FilterSql(dialect, table.columns(), rb, null);
            if (condition != null && !filters.writable(condition)) return null;

            ExpressionSql expressions = new ExpressionSql(dialect, table.columns());
            RelDataTypeFactory tf = aggregate.getCluster().getTypeFactory();
            RelDataTypeFactory.Builder rowType = tf.builder();
            List<RexNode> keys = new ArrayList<>();
            for (int g : aggregate.getGroupSet()) {
                RexNode key = inputs.get(g);
                if (!groupable(key.getType()) || !writable(key, expressions)) return null;
                keys.add(key);
                rowType.add("$key" + keys.size(), key.getType());
            }
            List<ShardGrouping.Partial> partials = new ArrayList<>();
            List<AggregateFold> folds = new ArrayList<>();
            int k = keys.size();
            for (AggregateCall call : aggregate.getAggCallList()) {
                RexNode arg = call.getArgList().isEmpty() ? null : inputs.get(call.getArgList().get(0));
                AggregateFold fold = AggregateFold.of(call, arg == null ? null : arg.getType());
                if (fold == null || (arg != null && !writable(arg, expressions))) return null;
                folds.add(fold);
                for (int i = 0; i < fold.partials().size(); i++) {
                    partials.add(new ShardGrouping.Partial(fold.partials().get(i), arg, fold.codePoint()));
                    rowType.add("$partial" + partials.size(), fold.partialType(i, arg == null ? null : arg.getType(), tf));
                }
            }
            ShardGrouping grouping = new ShardGrouping(condition, keys, partials, rowType.build());
            RelNode groupedScan = table.withGrouping(grouping).scanReplacing(scan);
            return fold(aggregate, groupedScan, ImmutableBitSet.range(k), k, folds, dialect);
        }

        /** Keys whose equality the database and the driver agree on. */
        private boolean groupable(RelDataType t) {
            if (SqlTypeName.APPROX_TYPES.contains(t.getSqlTypeName())) return false;
            if (Semantics.text(t)) return dialect != Dialect.MYSQL;
            return SqlTypeName.EXACT_TYPES.contains(t.getSqlTypeName()) || SqlTypeName.DATETIME_TYPES.contains(t.getSqlTypeName())
                    || t.getSqlTypeName() == SqlTypeName.BOOLEAN;
        }

        private static boolean writable(RexNode e, ExpressionSql expressions) {
            return e instanceof RexInputRef || expressions.write(e) != null;
        }

    }
}
