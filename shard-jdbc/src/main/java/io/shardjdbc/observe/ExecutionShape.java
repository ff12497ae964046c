package io.shardjdbc.observe;

import io.shardjdbc.route.RoutePlan;

/** How a logical statement runs: on one shard, on several, or federated (planned in the driver over shard reads). */
public enum ExecutionShape {
    SINGLE_SHARD("single-shard"),
    MULTI_SHARD("multi-shard"),
    FEDERATED("federated");

    private final String tag;

    ExecutionShape(String tag) {
        this.tag = tag;
    }

    /** The shape's name in logs and metric tags: {@code single-shard}, {@code multi-shard}, {@code federated}. */
    public String tag() { return tag; }

    /** The shape of a plan. */
    public static ExecutionShape of(RoutePlan plan) {
        if (plan.isFederated()) return FEDERATED;
        return plan.units().size() > 1 ? MULTI_SHARD : SINGLE_SHARD;
    }
}
