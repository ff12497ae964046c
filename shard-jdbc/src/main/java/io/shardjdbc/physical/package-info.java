/**
 * The physical side of a logical connection: one HikariCP pool per shard ({@link
 * io.shardjdbc.physical.PhysicalPools}), the connections one logical connection holds ({@link
 * io.shardjdbc.physical.PhysicalConnections}, primaries and replicas by slot) and the session
 * settings each of them is brought to ({@link io.shardjdbc.physical.SessionState}). Transactions,
 * replica choice and execution build on it; it knows none of them.
 */
package io.shardjdbc.physical;
