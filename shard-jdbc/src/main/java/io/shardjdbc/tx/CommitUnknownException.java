package io.shardjdbc.tx;

import java.sql.SQLException;
import java.util.List;

/**
 * A multi-shard commit during which a shard was sent COMMIT and did not answer (its connection was
 * lost, or timed out): that shard's part may be committed or not, and only the shard can tell.
 * The lists say which shards committed, which rolled back and which are unknown.
 *
 * <p>SQLState {@value #SQL_STATE} ("transaction resolution unknown"): not safe to retry blindly,
 * since the transaction may already be applied on the unknown shards.
 */
public final class CommitUnknownException extends ShardCommitException {
    /** The SQLState of a commit whose outcome is unknown. */
    public static final String SQL_STATE = "08007";

    public CommitUnknownException(List<String> committed, List<String> rolledBack, List<String> unknown,
                                  String failedShard, SQLException cause) {
        super("commit outcome unknown: shard " + failedShard + " was sent COMMIT but the connection failed before it"
                + " answered, so its part of the transaction may or may not be committed; committed on " + committed
                + ", rolled back on " + rolledBack + ", unknown on " + unknown + ". Check on " + unknown
                + " whether the transaction's changes are there (read a row it wrote) before repairing or retrying it."
                + " Cause on shard " + failedShard + ": " + cause.getMessage(),
                SQL_STATE, committed, rolledBack, unknown, failedShard, cause);
    }
}
