/**
 * Micrometer Observations of executions and of each shard statement, with the database semantic conventions
 * ({@code db.system.name}, {@code db.namespace}, {@code db.operation.name}, {@code server.address}); Boot turns them
 * into timers and trace spans.
 */
package io.shardjdbc.spring.boot.observation;
