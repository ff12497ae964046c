package io.shardjdbc.sql;

/** What a statement does, as far as routing and execution care. */
public enum StatementKind {
    QUERY, INSERT, UPDATE, DELETE,
    /** CREATE, ALTER, DROP, TRUNCATE, ... */
    DDL,
    /** SET and similar statements that change the session: applied on every shard connection. */
    SESSION,
    /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE: carried out by the logical connection. */
    TRANSACTION,
    /** Anything else (SHOW, EXPLAIN, CALL, ...): runs where it is routed, default shard if nowhere. */
    OTHER;

    /** True for statements that change data or schema. */
    public boolean isWrite() {
        return this == INSERT || this == UPDATE || this == DELETE || this == DDL;
    }
}
