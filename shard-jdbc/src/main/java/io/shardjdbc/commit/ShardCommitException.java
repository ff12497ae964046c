package io.shardjdbc.commit;

import java.sql.SQLException;
import java.util.List;

/**
 * A multi-shard commit that did not end the same way on every shard: some shards committed, or a
 * shard's outcome is unknown. The lists say exactly what is known; the application must not
 * simply run the transaction again (the committed part would be applied twice).
 */
public abstract class ShardCommitException extends SQLException {
    private final List<String> committed;
    private final List<String> rolledBack;
    private final List<String> unknown;
    private final String failedShard;

    ShardCommitException(String message, String sqlState, List<String> committed, List<String> rolledBack,
                         List<String> unknown, String failedShard, SQLException cause) {
        super(message, sqlState, cause.getErrorCode(), cause);
        this.committed = List.copyOf(committed);
        this.rolledBack = List.copyOf(rolledBack);
        this.unknown = List.copyOf(unknown);
        this.failedShard = failedShard;
    }

    /** Shards whose part of the transaction is committed, in commit order. */
    public List<String> committedShards() { return committed; }

    /** Shards whose part of the transaction was rolled back. */
    public List<String> rolledBackShards() { return rolledBack; }

    /** Shards that were sent COMMIT but did not answer: their part may or may not be committed. */
    public List<String> unknownShards() { return unknown; }

    /** The shard whose commit failed. */
    public String failedShard() { return failedShard; }
}
