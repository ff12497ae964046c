package io.shardjdbc.sql;

/**
 * A transaction-control statement sent as SQL text, which the logical connection carries out itself
 * (so that every shard connection follows it).
 *
 * @param action    what to do
 * @param savepoint the savepoint name for SAVEPOINT, ROLLBACK TO and RELEASE; otherwise null
 */
public record TransactionCommand(Action action, String savepoint) {
    /** The transaction-control actions. */
    public enum Action { BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT }
}
