package io.shardjdbc.federation;

import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.tools.Program;

/**
 * Orders a chain of three or more joined inputs by the tables' row estimates
 * ({@link LogicalTable#getStatistic}) and the conditions' selectivity, with Calcite's heuristic
 * join ordering (the joins as one multi-join, then {@code LoptOptimizeJoinRule}): the plan starts
 * from the most selective input and each join's other side is a scan that can receive the keys read
 * so far ({@link KeyPassingJoins}). Runs after {@link ColocatedJoins}, so co-located tables enter as
 * one input.
 */
final class JoinOrder {
    private JoinOrder() { }

    static Program program() {
        return (planner, rel, traits, materializations, lattices) -> {
            if (joins(rel) < 2) return rel;
            HepPlanner hep = new HepPlanner(new HepProgramBuilder()
                    .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                    .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
                    .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
                    .build());
            hep.setRoot(rel);
            return hep.findBestExp();
        };
    }

    private static int joins(RelNode n) {
        int count = n instanceof Join ? 1 : 0;
        for (RelNode in : n.getInputs()) count += joins(in);
        return count;
    }
}
