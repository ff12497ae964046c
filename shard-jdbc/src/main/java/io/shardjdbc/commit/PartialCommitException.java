package io.shardjdbc.commit;

import java.sql.SQLException;
import java.util.List;

/**
 * A multi-shard commit that committed on some shards and rolled back on others. The transaction's
 * changes are now only partly in the databases, so the application must not simply retry it; the
 * message and {@link #committedShards()} / {@link #rolledBackShards()} say exactly what happened.
 *
 * <p>SQLState {@value #SQL_STATE} (class 25, "invalid transaction state"), deliberately not class 40:
 * frameworks treat class 40 as "rolled back, safe to retry", which a partial commit is not.
 */
public final class PartialCommitException extends ShardCommitException {
    /** The SQLState of a partial commit. */
    public static final String SQL_STATE = "25000";

    public PartialCommitException(List<String> committed, List<String> rolledBack, String failedShard, SQLException cause) {
        super("partial commit: the commit failed on shard " + failedShard + " after shard(s) " + committed
                + " had committed; committed on " + committed + ", rolled back on " + rolledBack
                + ". The transaction's changes on " + committed + " are permanent and those on " + rolledBack
                + " are lost: repair or re-apply them before retrying. Cause on shard " + failedShard + ": " + cause.getMessage(),
                SQL_STATE, committed, rolledBack, List.of(), failedShard, cause);
    }
}
