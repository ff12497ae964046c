package io.shardjdbc.tx;

import io.shardjdbc.commit.GlobalTransactionId;

/**
 * Watches the steps of a runtime's atomic commits, on the committing thread, as each completes:
 * for tracing and metrics, and for fault tests that stop a coordinator at an exact point of the
 * protocol. It must not throw.
 */
@FunctionalInterface
public interface CommitObserver {
    /** The steps, in protocol order. */
    enum Step {
        /** Every writer but the decision shard prepared; nothing decided yet. */
        PREPARED,
        /** The decision shard committed: the transaction is committed. */
        DECIDED,
        /** One prepared participant ({@code shard}) committed in the second phase. */
        BRANCH_COMMITTED
    }

    /** @param shard the participant for {@link Step#BRANCH_COMMITTED}, else the decision shard */
    void reached(Step step, GlobalTransactionId id, String shard);

    /** Observes nothing. */
    CommitObserver NONE = (step, id, shard) -> { };
}
