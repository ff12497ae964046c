/**
 * The transaction one logical connection keeps across statements over the shards it touched (its
 * session settings are {@code physical/SessionState}), with savepoints and
 * the commit that reports exactly which shards committed. Under {@code transactions: atomic}, a
 * transaction that wrote on several shards commits by two-phase commit ({@link io.shardjdbc.tx.AtomicCommit}):
 * its decision is a row of {@link io.shardjdbc.tx.DecisionLog} committed with the first shard's own
 * transaction, the databases' branch protocols are {@link io.shardjdbc.tx.BranchProtocol} (PostgreSQL
 * prepared transactions, MySQL/MariaDB XA), and {@link io.shardjdbc.tx.InDoubtRecovery} settles the
 * branches a coordinator left in doubt, from any driver or {@code shardctl tx}.
 */
package io.shardjdbc.tx;
