package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.topology.ShardedTable;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.tools.Program;

/**
 * Turns each join whose joined rows always lie on one shard into one scan the shards compute
 * ({@link ColocatedJoin}), bottom up, so a chain of co-located tables becomes one scan: the shards
 * join by their indexes and send joined rows, as the router does for a statement that is co-located
 * as a whole. Runs on the logical plan after {@link ExpressionPushdown} (a side may compute
 * expressions) and before {@link AggregatePushdown} (which can then group the joined rows on the
 * shards).
 */
final class ColocatedJoins {
    private ColocatedJoins() { }

    /** The program that makes co-located joins single scans in plans for shards of this dialect. */
    static Program program(Dialect dialect) {
        return (planner, rel, traits, materializations, lattices) -> {
            if (!containsJoin(rel)) return rel;
            HepPlanner hep = new HepPlanner(new HepProgramBuilder()
                    .addMatchOrder(HepMatchOrder.TOP_DOWN)
                    .addMatchLimit(500)
                    // conditions into the joins and onto the tables, so that each join shows what it joins on
                    .addRuleCollection(List.of(CoreRules.FILTER_INTO_JOIN, CoreRules.JOIN_CONDITION_PUSH,
                            CoreRules.FILTER_PROJECT_TRANSPOSE, CoreRules.FILTER_MERGE))
                    .build());
            hep.setRoot(rel);
            return hep.findBestExp().accept(new Joins(dialect));
        };
    }

    private static boolean containsJoin(RelNode n) {
        if (n instanceof Join) return true;
        for (RelNode in : n.getInputs()) if (containsJoin(in)) return true;
        return false;
    }

    /** One input of a join that a shard can read as a derived table: a table, possibly filtered. */
    private record Side(LogicalTable table, List<RexNode> filters, TableScan scan) { }

    private static final class Joins extends RelHomogeneousShuttle {
        private final Dialect dialect;

        Joins(Dialect dialect) {
            this.dialect = dialect;
        }

        @Override
        public RelNode visit(RelNode other) {
            RelNode n = super.visit(other);
            return n instanceof Join j ? colocate(j) : n;
        }

        private RelNode colocate(Join join) {
            Side l = side(join.getLeft()), r = side(join.getRight());
            if (l == null || r == null || !colocated(join, l.table(), r.table())) return join;
            ColocatedJoin cj = new ColocatedJoin(l.table(), l.filters(), r.table(), r.filters(), join.getJoinType(),
                    join.getCondition(), join.getRowType());
            LogicalTable view = cj.table(join.getCluster().getTypeFactory());
            // the shards must evaluate the whole join condition over the joined tables' columns
            if (!new FilterSql(dialect, view.columns(), join.getCluster().getRexBuilder(), null).writable(join.getCondition())) {
                return join;
            }
            return view.scanNamed(l.scan(), List.of(cj.toString()));
        }

        private Side side(RelNode n) {
            List<RexNode> filters = List.of();
            if (n instanceof Filter f) {
                filters = RelOptUtil.conjunctions(f.getCondition());
                n = f.getInput();
            }
            if (!(n instanceof TableScan scan)) return null;
            LogicalTable t = scan.getTable().unwrap(LogicalTable.class);
            if (t == null || t.grouping() != null) return null;
            FilterSql writer = new FilterSql(dialect, t.columns(), scan.getCluster().getRexBuilder(), null);
            for (RexNode f : filters) if (!writer.writable(t.expand(f))) return null;
            return new Side(t, filters, scan);
        }

        /**
         * Whether every pair of rows the join pairs lies on one shard, and every row it keeps unpaired
         * lies on one shard only.
         */
        private boolean colocated(Join join, LogicalTable l, LogicalTable r) {
            JoinRelType type = join.getJoinType();
            if (type != JoinRelType.INNER && type != JoinRelType.LEFT && type != JoinRelType.RIGHT && type != JoinRelType.FULL) {
                return false;
            }
            boolean lb = l.broadcast(), rb = r.broadcast();
            boolean ls = l.rule() instanceof ShardedTable, rs = r.rule() instanceof ShardedTable;
            if (lb && rb) return true;
            // a broadcast table's rows are on every shard: joined to sharded rows they pair on each shard, but rows of
            // its own kept unpaired would come once per shard
            if (ls && rb) return type == JoinRelType.INNER || type == JoinRelType.LEFT;
            if (lb && rs) return type == JoinRelType.INNER || type == JoinRelType.RIGHT;
            if (!ls || !rs) return false;
            ShardedTable a = (ShardedTable) l.rule(), b = (ShardedTable) r.rule();
            if (!a.group().equalsIgnoreCase(b.group()) || a.regionColumn() != null || b.regionColumn() != null) return false;
            int nl = join.getLeft().getRowType().getFieldCount();
            for (RexNode c : RelOptUtil.conjunctions(join.getCondition())) {
                if (!(c instanceof RexCall call) || c.getKind() != SqlKind.EQUALS) continue;
                int x = column(call.getOperands().get(0)), y = column(call.getOperands().get(1));
                // text keys on MySQL/MariaDB: the collation may equate values the placement hashes apart
                if (dialect == Dialect.MYSQL && call.getOperands().get(0).getType().getSqlTypeName().getFamily()
                        == SqlTypeFamily.CHARACTER) {
                    continue;
                }
                if (x > y) {
                    int t = x;
                    x = y;
                    y = t;
                }
                if (x >= 0 && x < nl && y >= nl && contains(l.keys(), x) && contains(r.keys(), y - nl)) return true;
            }
            return false;
        }

        private static int column(RexNode n) {
            if (n instanceof RexCall c && c.getKind() == SqlKind.CAST) n = c.getOperands().get(0);
            return n instanceof RexInputRef ref ? ref.getIndex() : -1;
        }

        private static boolean contains(int[] a, int v) {
            for (int x : a) if (x == v) return true;
            return false;
        }
    }
}
