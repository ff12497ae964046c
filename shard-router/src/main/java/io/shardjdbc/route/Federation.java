package io.shardjdbc.route;

/**
 * Why a SELECT is answered by federation (planned by Calcite in the driver over rows read from the
 * shards) instead of running whole on each shard, and, once the driver planned it, the plan.
 *
 * @param reason what push-down and merge cannot answer exactly (the shape the router would
 *               otherwise refuse), e.g. "window functions over rows of several shards"
 * @param plan   the federated plan with the SQL each shard is asked, or null until the driver
 *               (which owns the planner and the shard connections) has planned the statement
 */
public record Federation(String reason, String plan) {
    /** A statement to federate for a reason, not planned yet. */
    public static Federation because(String reason) {
        return new Federation(reason, null);
    }

    /** This federation with its plan. */
    public Federation withPlan(String planText) {
        return new Federation(reason, planText);
    }

    @Override
    public String toString() {
        return "federated (" + reason + ")" + (plan == null ? "" : "\n" + plan.strip().indent(2).stripTrailing());
    }
}
