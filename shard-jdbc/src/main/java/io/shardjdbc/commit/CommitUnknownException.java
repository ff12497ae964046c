package io.shardjdbc.commit;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A commit whose outcome is not known: a shard was sent COMMIT and did not answer (its connection was
 * lost, or timed out), so only that shard can tell whether its part is committed. The lists say what
 * is known — which shards committed, which rolled back, which are unknown — and the message says how
 * to find out the rest.
 *
 * <p>Two commits end this way. A multi-shard commit one shard after another (best effort): the
 * unknown shard's part may or may not be committed, independently of the others. An atomic
 * (two-phase) commit whose decision shard did not answer and could not be asked since
 * ({@link #transactionId()} is present): every participant is unknown, and they will all commit or
 * all roll back once recovery reads the decision ({@code shardctl tx list} shows it).
 *
 * <p>SQLState {@value #SQL_STATE} ("transaction resolution unknown"): not safe to retry blindly,
 * since the transaction may already be applied.
 */
public final class CommitUnknownException extends ShardCommitException {
    /** The SQLState of a commit whose outcome is unknown. */
    public static final String SQL_STATE = "08007";

    private final GlobalTransactionId transactionId;

    private CommitUnknownException(String message, List<String> committed, List<String> rolledBack, List<String> unknown,
                                   String failedShard, GlobalTransactionId transactionId, SQLException cause) {
        super(message, SQL_STATE, committed, rolledBack, unknown, failedShard, cause);
        this.transactionId = transactionId;
    }

    /**
     * A best-effort multi-shard commit: {@code failedShard} was sent COMMIT and its connection failed
     * before it answered.
     */
    public CommitUnknownException(List<String> committed, List<String> rolledBack, List<String> unknown,
                                  String failedShard, SQLException cause) {
        this("commit outcome unknown: shard " + failedShard + " was sent COMMIT but the connection failed before it"
                + " answered, so its part of the transaction may or may not be committed; committed on " + committed
                + ", rolled back on " + rolledBack + ", unknown on " + unknown + ". Check on " + unknown
                + " whether the transaction's changes are there (read a row it wrote) before repairing or retrying it."
                + " Cause on shard " + failedShard + ": " + cause.getMessage(),
                committed, rolledBack, unknown, failedShard, null, cause);
    }

    /**
     * An atomic commit in doubt: every participant prepared, then its decision shard (the first of
     * {@code participants}) did not answer its commit and could not be asked since.
     */
    public static CommitUnknownException inDoubt(GlobalTransactionId id, List<String> participants, SQLException cause) {
        return new CommitUnknownException("commit outcome unknown: the decision shard " + id.decisionShard()
                + " of atomic transaction " + id.text() + " was sent COMMIT but did not answer and cannot be reached."
                + " The shards " + participants + " hold its prepared parts, which will all commit or all roll back:"
                + " drivers settle them from the decision recorded on shard " + id.decisionShard() + " once it is back;"
                + " check with `shardctl tx list` and settle at once with `shardctl tx resolve` before retrying."
                + " Cause on shard " + id.decisionShard() + ": " + cause.getMessage(),
                List.of(), List.of(), participants, id.decisionShard(), id, cause);
    }

    /**
     * The global id of the atomic transaction in doubt, as {@code shardctl tx list} shows it; empty
     * for a best-effort commit, which has none.
     */
    public Optional<GlobalTransactionId> transactionId() { return Optional.ofNullable(transactionId); }
}
