package io.shardjdbc.route;

import io.shardjdbc.mergeplan.MergePlan;
import io.shardjdbc.sql.StatementKind;
import io.shardjdbc.sql.TransactionCommand;
import java.util.List;

/**
 * Where one execution of a statement goes: the physical statements per shard and how their results
 * combine. Immutable; also the answer of {@code explain}.
 *
 * @param kind        what the statement does
 * @param units       the physical statements, one or more; empty only for TRANSACTION statements
 * @param updateCount how update counts of several units combine
 * @param transaction the command of a TRANSACTION statement, else null
 * @param merge       how the results of several shards merge, or null when they are simply
 *                    concatenated (or there is one shard)
 * @param primaryRead a query that must read the primary: it locks rows ({@code FOR UPDATE/SHARE},
 *                    {@code LOCK IN SHARE MODE}) or carries a {@code /* primary *}{@code /} hint
 * @param federation  for a SELECT that neither runs whole on each shard nor merges exactly: why it
 *                    is federated (planned in the driver over rows the shards return); then
 *                    {@code units} is empty. Null for every other plan.
 * @param keyMove     for an UPDATE that sets the shard key: the new key and where it lives (the
 *                    units run the UPDATE where the rows are now); else null
 * @param primitives  the tree of primitives that runs the plan, one line each (as the driver's
 *                    engine describes it, for {@code explain}), or null when not compiled
 * @param readFirst   for a write whose subqueries (or INSERT source) read other shards' rows: the
 *                    reads the driver runs before the write it rewrites with their results; then
 *                    {@code units} is empty. Null for every other plan.
 */
public record RoutePlan(StatementKind kind, List<RouteUnit> units, UpdateCount updateCount,
                        TransactionCommand transaction, MergePlan merge, boolean primaryRead, Federation federation,
                        KeyMove keyMove, String primitives, ReadFirst readFirst) {
    public RoutePlan {
        units = List.copyOf(units);
    }

    /** A plan without reads to run first. */
    public RoutePlan(StatementKind kind, List<RouteUnit> units, UpdateCount updateCount, TransactionCommand transaction,
                     MergePlan merge, boolean primaryRead, Federation federation, KeyMove keyMove, String primitives) {
        this(kind, units, updateCount, transaction, merge, primaryRead, federation, keyMove, primitives, null);
    }

    /** A write that runs its reads first (see {@link ReadFirst}). */
    public static RoutePlan readingFirst(StatementKind kind, ReadFirst reads) {
        return new RoutePlan(kind, List.of(), UpdateCount.SUM, null, null, false, null, null, null, reads);
    }

    /** A plan before its primitives are known. */
    public RoutePlan(StatementKind kind, List<RouteUnit> units, UpdateCount updateCount, TransactionCommand transaction,
                     MergePlan merge, boolean primaryRead, Federation federation, KeyMove keyMove) {
        this(kind, units, updateCount, transaction, merge, primaryRead, federation, keyMove, null);
    }

    /** This plan with the tree of primitives that runs it (for {@code explain}). */
    public RoutePlan withPrimitives(String tree) {
        return new RoutePlan(kind, units, updateCount, transaction, merge, primaryRead, federation, keyMove, tree);
    }

    /** A plan that is not federated and moves no key. */
    public RoutePlan(StatementKind kind, List<RouteUnit> units, UpdateCount updateCount, TransactionCommand transaction,
                     MergePlan merge, boolean primaryRead) {
        this(kind, units, updateCount, transaction, merge, primaryRead, null, null);
    }

    /** This UPDATE's plan, marked as setting the shard key. */
    public RoutePlan withKeyMove(KeyMove move) {
        return new RoutePlan(kind, units, updateCount, transaction, merge, primaryRead, federation, move);
    }

    /** A SELECT answered by federation. */
    public static RoutePlan federated(Federation federation) {
        return new RoutePlan(StatementKind.QUERY, List.of(), UpdateCount.SUM, null, null, false, federation, null);
    }

    /** True when the statement is answered by federation rather than by its units. */
    public boolean isFederated() { return federation != null; }

    /** This federated plan with the planner's plan text (for {@code explain}). */
    public RoutePlan withFederatedPlan(String planText) {
        return new RoutePlan(kind, units, updateCount, transaction, merge, primaryRead, federation.withPlan(planText), keyMove,
                primitives);
    }

    /** A plan that may read a replica. */
    public RoutePlan(StatementKind kind, List<RouteUnit> units, UpdateCount updateCount, TransactionCommand transaction,
                     MergePlan merge) {
        this(kind, units, updateCount, transaction, merge, false);
    }

    /** This plan, marked to read the primary. */
    public RoutePlan onPrimary() {
        return primaryRead ? this : new RoutePlan(kind, units, updateCount, transaction, merge, true, federation, keyMove,
                primitives);
    }

    /** A plan whose results, if several, are concatenated. */
    public RoutePlan(StatementKind kind, List<RouteUnit> units, UpdateCount updateCount, TransactionCommand transaction) {
        this(kind, units, updateCount, transaction, null);
    }

    /** How the update counts of several units make the statement's count. */
    public enum UpdateCount {
        /** Rows are split between shards: the counts add up (sharded writes, multi-row inserts). */
        SUM,
        /** Every shard holds a copy (broadcast tables, DDL): the first shard's count is the answer. */
        FIRST
    }

    /** True when the statement must run on primaries. */
    public boolean isWrite() { return kind.isWrite(); }

    /** True when several shards run the statement. */
    public boolean isMultiShard() { return units.size() > 1; }

    @Override
    public String toString() {
        if (federation != null) return kind.name() + " " + federation + primitivesText();
        if (readFirst != null) return kind.name() + " " + readFirst;
        StringBuilder sb = new StringBuilder(kind.name()).append(" on ").append(units.size()).append(" shard(s)");
        if (merge != null) sb.append(", merge: ").append(merge);
        if (primaryRead) sb.append(", on the primary");
        if (keyMove != null) sb.append(", moves rows whose new ").append(keyMove.keyColumn()).append(" belongs on another shard");
        for (RouteUnit u : units) sb.append("\n  ").append(u);
        return sb.append(primitivesText()).toString();
    }

    private String primitivesText() {
        return primitives == null ? "" : "\nprimitives:\n  " + primitives.replace("\n", "\n  ");
    }
}
