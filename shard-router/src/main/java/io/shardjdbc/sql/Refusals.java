package io.shardjdbc.sql;

/**
 * The SQLState of every statement shape the driver refuses to run (a cross-shard shape it cannot answer exactly, a
 * shard-key move outside {@code transactions: atomic}, a hint that would misplace rows, ...).
 *
 * <p>It is an implementation-defined subclass of class {@code 0A} (feature not supported) rather than {@code 0A000}
 * itself: connection pools such as HikariCP treat {@code 0A000} (and class {@code 08}) as a broken connection and
 * discard it, which inside a transaction replaces the refusal's message by a "connection is closed" error. A refusal
 * leaves the logical connection and its transaction usable.
 */
public final class Refusals {

    /** {@code 0AS01}: the statement's shape is not supported across shards; the message says how to rewrite it. */
    public static final String SQL_STATE = "0AS01";

    private Refusals() {
    }
}
