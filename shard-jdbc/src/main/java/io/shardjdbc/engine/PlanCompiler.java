package io.shardjdbc.engine;

import io.shardjdbc.mergeplan.MergePlan;
import io.shardjdbc.route.Parameters;
import io.shardjdbc.route.RoutePlan;
import io.shardjdbc.sql.StatementKind;

/**
 * Builds the primitive tree of a routed plan. Every decision was made by the router (which shards,
 * which SQL on each, how results merge); this only maps it onto primitives, so the tree of a plan
 * is always the same. TRANSACTION and SESSION statements, shard-key moves and writes that read first
 * are not trees: the connection carries them out.
 */
public final class PlanCompiler {
    private PlanCompiler() { }

    /** The plan with the tree that runs it, for {@code explain}; unchanged when it does not run as a tree. */
    public static RoutePlan explain(RoutePlan plan, String sql, Parameters params) {
        StatementKind kind = plan.kind();
        if (kind == StatementKind.TRANSACTION || kind == StatementKind.SESSION || plan.keyMove() != null
                || plan.readFirst() != null) return plan;
        return plan.withPrimitives(compile(plan, sql, params).describe());
    }

    /**
     * The tree that runs a plan.
     *
     * @param sql    the logical statement (federation plans it itself)
     * @param params its parameter values
     */
    public static Primitive compile(RoutePlan plan, String sql, Parameters params) {
        if (plan.isFederated()) return new Federated(plan.federation(), sql, params, plan.primaryRead());
        Route route = new Route(plan.units(), plan.updateCount());
        MergePlan merge = plan.merge();
        if (plan.units().isEmpty() || (merge == null && plan.units().size() == 1)) return route;
        if (merge == null) return new Concat(route);
        Primitive merged = merge.aggregates() ? new Aggregate(route, merge) : new MergeSort(route, merge);
        return merge.seek() == null ? merged : new SeekPage(route, merge, merged);
    }
}
