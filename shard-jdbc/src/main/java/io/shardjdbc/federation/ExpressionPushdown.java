package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.ProjectJoinTransposeRule;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Moves every expression the driver cannot compute exactly (see {@link Semantics#exact}) and
 * that reads the columns of one table into that table's scan, where the shards compute it by the
 * database's own rules and return it as a column. Runs on the logical plan before Calcite's
 * cost-based planning:
 * <ol>
 *   <li>sub-queries become joins and correlations are removed (as Calcite's standard program
 *       would do next), so every expression sits in a project, filter or join; on MySQL/MariaDB
 *       text is compared, grouped and ordered by its collation weight ({@link CollationWeights});</li>
 *   <li>filters move into the join inputs, join keys that are expressions and one-sided
 *       expressions of projects (GROUP BY keys, aggregate arguments, select items) move below the
 *       joins — for outer joins only where a NULL-extended row stays NULL;</li>
 *   <li>a project directly over a table scan (possibly through a filter) becomes a scan of the
 *       same table with computed columns ({@link LogicalTable#withComputed}).</li>
 * </ol>
 * Expressions over several tables' rows stay with the driver under {@link Semantics}' rules.
 */
final class ExpressionPushdown {
    private ExpressionPushdown() { }

    /** The program that pushes expressions into the scans of a plan for shards of this dialect. */
    static Program program(Dialect dialect) {
        return (planner, rel, traits, materializations, lattices) -> {
            RelNode r = Programs.subQuery(DefaultRelMetadataProvider.INSTANCE).run(planner, rel, traits, materializations, lattices);
            r = RelDecorrelator.decorrelateQuery(r, RelFactories.LOGICAL_BUILDER.create(r.getCluster(), null));
            if (dialect == Dialect.MYSQL) r = CollationWeights.apply(r);
            if (!needsDatabase(r, dialect)) return r;
            HepPlanner hep = new HepPlanner(pushBelowJoins(dialect));
            hep.setRoot(r);
            r = hep.findBestExp();
            return r.accept(new ComputedScans(dialect));
        };
    }

    /** True when some expression of the plan is the database's to compute. */
    private static boolean needsDatabase(RelNode plan, Dialect dialect) {
        boolean[] found = new boolean[1];
        plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                other.accept(new RexShuttle() {
                    @Override
                    public RexNode visitCall(RexCall call) {
                        if (!found[0] && databaseOnly(call, dialect)) found[0] = true;
                        return call;
                    }
                });
                return super.visit(other);
            }
        });
        return found[0];
    }

    /** An expression over columns that the shard can compute and the driver cannot compute exactly. */
    static boolean databaseOnly(RexNode e, Dialect dialect) {
        return !RexUtil.containsInputRef(e) ? false : ExpressionSql.computable(e) && !Semantics.exact(e, dialect);
    }

    private static HepProgram pushBelowJoins(Dialect dialect) {
        ProjectJoinTransposeRule.Config base = ProjectJoinTransposeRule.Config.DEFAULT;
        ProjectJoinTransposeRule projectBelowJoin = base
                .withPreserveExprCondition(e -> base.preserveExprCondition().test(e) && databaseOnly(e, dialect))
                .toRule();
        return new HepProgramBuilder()
                .addMatchOrder(HepMatchOrder.TOP_DOWN)
                .addMatchLimit(500)
                .addRuleCollection(List.of(CoreRules.FILTER_INTO_JOIN, CoreRules.JOIN_CONDITION_PUSH,
                        CoreRules.FILTER_PROJECT_TRANSPOSE, CoreRules.FILTER_MERGE))
                .addRuleCollection(List.of(CoreRules.JOIN_PUSH_EXPRESSIONS, projectBelowJoin, CoreRules.PROJECT_SET_OP_TRANSPOSE,
                        CoreRules.PROJECT_MERGE,
                        CoreRules.PROJECT_REMOVE))
                .build();
    }

    /** Replaces projects over a table scan (through a filter or not) with scans that compute the expressions. */
    private static final class ComputedScans extends RelHomogeneousShuttle {
        private final Dialect dialect;

        ComputedScans(Dialect dialect) {
            this.dialect = dialect;
        }

        @Override
        public RelNode visit(RelNode other) {
            RelNode n = super.visit(other);
            return n instanceof Project p ? computeInScan(p) : n;
        }

        private RelNode computeInScan(Project project) {
            RelNode input = project.getInput();
            Filter filter = input instanceof Filter f ? f : null;
            RelNode below = filter == null ? input : filter.getInput();
            if (!(below instanceof TableScan scan)) return project;
            LogicalTable table = scan.getTable().unwrap(LogicalTable.class);
            if (table == null || !table.computed().isEmpty()) return project;
            int base = scan.getRowType().getFieldCount();
            List<RexNode> computed = new ArrayList<>();
            RexShuttle toColumns = new RexShuttle() {
                @Override
                public RexNode visitCall(RexCall call) {
                    if (!databaseOnly(call, dialect)) return super.visitCall(call);
                    int i = computed.indexOf(call);
                    if (i < 0) {
                        computed.add(call);
                        i = computed.size() - 1;
                    }
                    return new RexInputRef(base + i, call.getType());
                }
            };
            List<RexNode> projects = new ArrayList<>();
            for (RexNode e : project.getProjects()) projects.add(e.accept(toColumns));
            if (computed.isEmpty()) return project;
            LogicalTable view = table.withComputed(computed);
            RelNode newScan = view.scanReplacing(scan);
            RelNode newInput = filter == null ? newScan : LogicalFilter.create(newScan, filter.getCondition());
            return LogicalProject.create(newInput, project.getHints(), projects, project.getRowType().getFieldNames(),
                    project.getVariablesSet());
        }
    }
}
