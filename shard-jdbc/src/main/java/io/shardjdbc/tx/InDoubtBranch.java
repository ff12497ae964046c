package io.shardjdbc.tx;

import io.shardjdbc.commit.GlobalTransactionId;
import java.time.Instant;

/**
 * A participant's part of an atomic transaction that is prepared and waits for its outcome: the shard
 * it is on, the transaction's id, the branch qualifier the database knows it by, and (PostgreSQL) when
 * it was prepared.
 *
 * @param shard      the shard holding the prepared branch
 * @param id         the global transaction it belongs to (which names its decision shard)
 * @param qualifier  the branch qualifier ({@link BranchProtocol})
 * @param preparedAt when the database prepared it, or null where the database does not say (XA)
 */
public record InDoubtBranch(String shard, GlobalTransactionId id, String qualifier, Instant preparedAt) {
}
