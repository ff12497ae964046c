package io.shardjdbc.tx;

/** What the decision log says about a global transaction. */
public enum Decision {
    /** The decision row committed with the decision shard's part: every participant commits. */
    COMMIT,
    /** A rollback was recorded (by recovery, after the coordinator was gone): every participant rolls back. */
    ROLLBACK,
    /** The coordinator still holds its uncommitted decision row: it may yet commit, so nobody else decides. */
    PENDING,
    /** Nothing is recorded: the coordinator has not decided (or its part rolled back). Only {@link DecisionLog#settle} turns this into an outcome. */
    NONE
}
