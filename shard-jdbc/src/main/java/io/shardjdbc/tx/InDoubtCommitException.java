package io.shardjdbc.tx;

import java.sql.SQLException;
import java.util.List;

/**
 * The commit of an atomic transaction whose outcome nobody can know yet: every participant prepared,
 * then the decision shard did not answer its commit and could not be asked since. The transaction
 * will be committed or rolled back as a whole (its prepared branches wait for the decision), but the
 * application cannot tell which until recovery runs; do not simply retry it.
 *
 * <p>SQLState {@value #SQL_STATE}, "transaction resolution unknown".
 */
public final class InDoubtCommitException extends SQLException {
    /** The SQLState of an unknown outcome. */
    public static final String SQL_STATE = "08007";

    private final GlobalTransactionId id;
    private final List<String> participants;

    public InDoubtCommitException(GlobalTransactionId id, List<String> participants, SQLException cause) {
        super("the outcome of atomic transaction " + id.text() + " is not known yet: its decision shard "
                + id.decisionShard() + " did not answer the commit and cannot be reached. The shards " + participants
                + " hold its prepared parts, which will all commit or all roll back: drivers settle them from the decision"
                + " recorded on shard " + id.decisionShard() + " once it is back; check with `shardctl tx list` and"
                + " settle at once with `shardctl tx resolve`. Cause: " + cause.getMessage(), SQL_STATE, cause.getErrorCode(), cause);
        this.id = id;
        this.participants = List.copyOf(participants);
    }

    /** The transaction's global id, as {@code shardctl tx list} shows it. */
    public GlobalTransactionId transactionId() { return id; }

    /** The shards that wrote in the transaction, the decision shard first. */
    public List<String> participants() { return participants; }
}
