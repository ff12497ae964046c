package io.shardjdbc.federation;

import io.shardjdbc.config.Dialect;
import io.shardjdbc.topology.ShardedTable;
import java.util.ArrayList;
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
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexBuilder;
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
            if (!(n instanceof Join j)) return n;
            RelNode c = colocate(j);
            return c != j ? c : regroup(j);
        }

        /**
         * A tree of inner joins whose co-located tables are not joined with each other directly (the
         * query lists other tables between them): the tree's inputs joined again with co-located
         * pairs merged into single scans, then the others in the order written.
         */
        private RelNode regroup(Join join) {
            if (join.getJoinType() != JoinRelType.INNER) return join;
            List<RelNode> factors = new ArrayList<>();
            // each factor's columns, numbered across the tree's inputs
            List<int[]> fields = new ArrayList<>();
            List<RexNode> conjuncts = new ArrayList<>();
            int[] output = flatten(join, factors, fields, conjuncts, new int[1]);
            if (factors.size() < 3) return join;
            RexBuilder rb = join.getCluster().getRexBuilder();
            boolean merged = false;
            for (boolean again = true; again; ) {
                again = false;
                for (int a = 0; a < factors.size() && !again; a++) {
                    for (int b = a + 1; b < factors.size() && !again; b++) {
                        List<int[]> pair = List.of(fields.get(a), fields.get(b));
                        List<RexNode> between = new ArrayList<>();
                        for (RexNode c : conjuncts) if (within(c, pair)) between.add(c);
                        if (between.isEmpty()) continue;
                        List<RelNode> inputs = List.of(factors.get(a), factors.get(b));
                        LogicalJoin pairJoin = LogicalJoin.create(factors.get(a), factors.get(b), List.of(),
                                remap(RexUtil.composeConjunction(rb, between), pair, inputs), java.util.Set.of(), JoinRelType.INNER);
                        RelNode scan = colocate(pairJoin);
                        if (scan == pairJoin) continue;
                        int[] both = java.util.stream.IntStream.concat(java.util.Arrays.stream(fields.get(a)),
                                java.util.Arrays.stream(fields.get(b))).toArray();
                        factors.remove(b);
                        fields.remove(b);
                        factors.set(a, scan);
                        fields.set(a, both);
                        conjuncts.removeAll(between);
                        merged = again = true;
                    }
                }
            }
            if (!merged) return join;
            RelNode tree = factors.get(0);
            List<int[]> joined = new ArrayList<>(List.of(fields.get(0)));
            List<RelNode> joinedInputs = new ArrayList<>(List.of(factors.get(0)));
            for (int k = 1; k < factors.size(); k++) {
                joined.add(fields.get(k));
                joinedInputs.add(factors.get(k));
                List<RexNode> now = new ArrayList<>();
                for (RexNode c : conjuncts) if (within(c, joined)) now.add(c);
                conjuncts.removeAll(now);
                tree = LogicalJoin.create(tree, factors.get(k), List.of(),
                        remap(RexUtil.composeConjunction(rb, now), joined, joinedInputs), java.util.Set.of(), JoinRelType.INNER);
            }
            if (!conjuncts.isEmpty()) {
                tree = org.apache.calcite.rel.logical.LogicalFilter.create(tree,
                        remap(RexUtil.composeConjunction(rb, conjuncts), joined, joinedInputs));
            }
            // the tree's columns back in the order the query's join had them
            List<RexNode> picks = new ArrayList<>();
            for (int g : output) {
                int at = position(g, joined);
                picks.add(new RexInputRef(at, tree.getRowType().getFieldList().get(at).getType()));
            }
            return LogicalProject.create(tree, List.of(), picks, join.getRowType().getFieldNames(), java.util.Set.of());
        }

        /**
         * The inputs of a tree of inner joins (seen through projects that only pick columns), left to
         * right, with their columns numbered across the tree; the tree's conditions over those numbers;
         * returns the numbers of {@code n}'s columns.
         */
        private static int[] flatten(RelNode n, List<RelNode> factors, List<int[]> fields, List<RexNode> conjuncts, int[] next) {
            if (n instanceof Join j && j.getJoinType() == JoinRelType.INNER) {
                int[] l = flatten(j.getLeft(), factors, fields, conjuncts, next);
                int[] r = flatten(j.getRight(), factors, fields, conjuncts, next);
                int[] ids = java.util.stream.IntStream.concat(java.util.Arrays.stream(l), java.util.Arrays.stream(r)).toArray();
                for (RexNode c : RelOptUtil.conjunctions(j.getCondition())) {
                    if (c.isAlwaysTrue()) continue;
                    conjuncts.add(c.accept(new RexShuttle() {
                        @Override
                        public RexNode visitInputRef(RexInputRef ref) {
                            return new RexInputRef(ids[ref.getIndex()], ref.getType());
                        }
                    }));
                }
                return ids;
            }
            if (n instanceof Project p && p.getInput() instanceof Join j && j.getJoinType() == JoinRelType.INNER
                    && p.getProjects().stream().allMatch(e -> e instanceof RexInputRef)) {
                int[] in = flatten(j, factors, fields, conjuncts, next);
                return p.getProjects().stream().mapToInt(e -> in[((RexInputRef) e).getIndex()]).toArray();
            }
            int[] ids = new int[n.getRowType().getFieldCount()];
            for (int i = 0; i < ids.length; i++) ids[i] = next[0]++;
            factors.add(n);
            fields.add(ids);
            return ids;
        }

        /** True when the condition reads only columns of these factors. */
        private static boolean within(RexNode c, List<int[]> factorFields) {
            for (int g : RelOptUtil.InputFinder.bits(c)) if (position(g, factorFields) < 0) return false;
            return true;
        }

        /** Where a column of the tree's row sits in the row of these factors joined in order; -1 when in none. */
        private static int position(int g, List<int[]> factorFields) {
            int at = 0;
            for (int[] ids : factorFields) {
                for (int id : ids) {
                    if (id == g) return at;
                    at++;
                }
            }
            return -1;
        }

        /** A condition over the tree's row as one over these factors joined in order. */
        private static RexNode remap(RexNode c, List<int[]> factorFields, List<RelNode> inputs) {
            List<RelDataTypeField> types = new ArrayList<>();
            for (RelNode in : inputs) types.addAll(in.getRowType().getFieldList());
            return c.accept(new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    int at = position(ref.getIndex(), factorFields);
                    return new RexInputRef(at, types.get(at).getType());
                }
            });
        }

        private RelNode colocate(Join join) {
            RelNode direct = colocateInputs(join);
            if (direct != join) return direct;
            // inputs that pick columns of a table (left by the pushdown of expressions): join the tables themselves,
            // then pick the join's columns
            int[] lmap = picked(join.getLeft()), rmap = picked(join.getRight());
            if (lmap == null && rmap == null) return join;
            RelNode l = lmap == null ? join.getLeft() : ((Project) join.getLeft()).getInput();
            RelNode r = rmap == null ? join.getRight() : ((Project) join.getRight()).getInput();
            int oldLeft = join.getLeft().getRowType().getFieldCount(), newLeft = l.getRowType().getFieldCount();
            java.util.function.IntUnaryOperator map = i -> i < oldLeft ? (lmap == null ? i : lmap[i])
                    : newLeft + (rmap == null ? i - oldLeft : rmap[i - oldLeft]);
            List<RelDataTypeField> fields = new ArrayList<>(l.getRowType().getFieldList());
            fields.addAll(r.getRowType().getFieldList());
            RexNode condition = join.getCondition().accept(new RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    int i = map.applyAsInt(ref.getIndex());
                    return new RexInputRef(i, fields.get(i).getType());
                }
            });
            LogicalJoin tables = LogicalJoin.create(l, r, join.getHints(), condition, join.getVariablesSet(), join.getJoinType());
            RelNode scan = colocateInputs(tables);
            if (scan == tables) return join;
            List<RexNode> picks = new ArrayList<>();
            for (int i = 0; i < join.getRowType().getFieldCount(); i++) {
                int c = map.applyAsInt(i);
                picks.add(new RexInputRef(c, scan.getRowType().getFieldList().get(c).getType()));
            }
            return LogicalProject.create(scan, List.of(), picks, join.getRowType().getFieldNames(), java.util.Set.of());
        }

        /** The columns a project over a (filtered) table scan picks, or null when it computes or sits elsewhere. */
        private static int[] picked(RelNode n) {
            if (!(n instanceof Project p)) return null;
            RelNode below = p.getInput() instanceof Filter f ? f.getInput() : p.getInput();
            if (!(below instanceof TableScan)) return null;
            int[] map = new int[p.getProjects().size()];
            for (int i = 0; i < map.length; i++) {
                if (!(p.getProjects().get(i) instanceof RexInputRef ref)) return null;
                map[i] = ref.getIndex();
            }
            return map;
        }

        /** The join as one scan when its inputs are (filtered) scans of co-located tables; else the join. */
        private RelNode colocateInputs(Join join) {
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
